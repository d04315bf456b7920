#!/usr/bin/env node
// Committed so that pnpm links the bin at install time, before server-kit is built.
await import("../dist/bundle/bundle-cli.js");
