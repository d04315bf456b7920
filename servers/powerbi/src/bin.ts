#!/usr/bin/env node
import { runStdioServer } from "@entra-mcp/server-kit";
import { powerBiApi } from "./description.js";

await runStdioServer(powerBiApi);
