/** A server's npm package and bin name, from servers/<name>/package.json. */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface ServerInfo {
  /** Folder name, e.g. "graph" (also the cloud profile's resource key). */
  name: string;
  /** e.g. "@entra-mcp/graph". */
  packageName: string;
  /** e.g. "entra-mcp-graph", the MCP server name used in Claude. */
  binName: string;
}

export function readServerInfo(rootDir: string, server: string): ServerInfo {
  let pkg: { name?: string; bin?: Record<string, string> | string } = {};
  try {
    pkg = JSON.parse(readFileSync(join(rootDir, "servers", server, "package.json"), "utf8"));
  } catch {
    // Fall back to the naming convention every server follows.
  }
  const bin = typeof pkg.bin === "object" ? Object.keys(pkg.bin)[0] : undefined;
  return {
    name: server,
    packageName: pkg.name ?? `@entra-mcp/${server}`,
    binName: bin ?? `entra-mcp-${server}`,
  };
}
