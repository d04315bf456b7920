#!/usr/bin/env node
import { runStdioServer } from "@entra-mcp/server-kit";
import { powerPlatformApi } from "./description.js";

await runStdioServer(powerPlatformApi);
