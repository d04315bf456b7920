/**
 * @entra-mcp/server-kit public API. Any new export here is public API: name it explicitly (no
 * `export *`) and add it to test/public-api.test.ts.
 */

// First, before any module that builds a schema (the SDK's among them): see zod-jitless.ts.
import "./zod-jitless.js";

export type {
  ApiDescription,
  ApiTarget,
  AuthMode,
  HttpMethod,
  NameLookup,
  OperationDescription,
  PagingStyle,
  PermissionManifest,
  Precheck,
} from "./api-description.js";
export type {
  AppCallOptions,
  AppCredential,
  AppCsp,
  AppDescription,
  AppToolContext,
  AppToolDescription,
  AppToolOutput,
  AppViewName,
} from "./apps/app-description.js";
export type { AppGrants } from "./apps/app-grants.js";
export { closestNames } from "./apps/closest-names.js";
export type { ServerOptions } from "./create-server.js";
export { createEntraMcpServer } from "./create-server.js";
export type { TableResult } from "./output/table-result.js";
export type { RunServerOptions } from "./run-server.js";
export { runServer } from "./run-server.js";
export { runStdioServer } from "./run-stdio-server.js";
export type { ServerPackage } from "./server-package.js";
export { readServerPackage } from "./server-package.js";
export { ToolError } from "./tools/tool-error.js";
