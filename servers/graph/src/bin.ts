#!/usr/bin/env node
import { runStdioServer } from "@entra-mcp/server-kit";
import { graphApi } from "./description.js";

await runStdioServer(graphApi);
