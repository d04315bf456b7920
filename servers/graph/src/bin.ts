#!/usr/bin/env node
import { runServer } from "@entra-mcp/server-kit";
import { graphApi } from "./description.js";

// stdio by default; --http or ENTRA_MCP_TRANSPORT=http serves hosted mode (Streamable HTTP).
await runServer(graphApi);
