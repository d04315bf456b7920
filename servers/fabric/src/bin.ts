#!/usr/bin/env node
import { runStdioServer } from "@entra-mcp/server-kit";
import { fabricApi } from "./description.js";

await runStdioServer(fabricApi);
