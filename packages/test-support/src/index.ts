/** @entra-mcp/test-support: shared test plumbing (private). Named exports only. */

export type { ChildServer } from "./child-server.js";
export {
  callTool,
  dataOf,
  impureStdoutLines,
  startChildServer,
  textOf,
  valuesOf,
  withChildServer,
} from "./child-server.js";
export type { McpbBundleSuite } from "./mcpb-bundle-suite.js";
export { mcpbBundleSuite } from "./mcpb-bundle-suite.js";
export type { RedisServer } from "./redis-server.js";
export { startRedisServer } from "./redis-server.js";
export { rerunWithEmulatorCa } from "./rerun-with-emulator-ca.js";
export type { TestEmulator } from "./server-test-emulator.js";
export { startTestEmulator } from "./server-test-emulator.js";
export { listToolsOf } from "./tools-list.js";
export type { ToolsListSuite } from "./tools-list-suite.js";
export { presetRow, toolsListSuite } from "./tools-list-suite.js";
