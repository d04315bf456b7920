// Public API of @entra-mcp/release (test plumbing): any new export here is public.
export type { LocalRegistry, StartLocalRegistryOptions } from "./local-registry.js";
export { closeAllLocalRegistries, startLocalRegistry } from "./local-registry.js";
export type { PublishedPackage, PublishWorkspaceOptions, WorkspacePublishResult } from "./publish.js";
export { publishEnv, publishWorkspacePackages, readPublished, seedFromNodeModules } from "./publish.js";
export { assertLoopbackRegistry, isLoopbackRegistry } from "./registry-guard.js";
export type { RegistryRequest, RegistryTraffic, RequestKind } from "./registry-traffic.js";
export type { CommandResult } from "./run-command.js";
export { runCommand } from "./run-command.js";
export type { WorkspacePackage } from "./workspace.js";
export { findInstalledPackages, publicWorkspacePackages, REPO_ROOT, workspacePackages } from "./workspace.js";
