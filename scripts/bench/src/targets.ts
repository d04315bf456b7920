/** What the benchmark runs: the minimal reference server, each entra-mcp server's bin, and a warm call per server. */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ServerCommand } from "./stdio-session.js";

const repo = fileURLToPath(new URL("../../../", import.meta.url));

export const SERVER_NAMES = ["graph", "powerbi", "fabric", "powerplatform"] as const;

export function minimalServer(): ServerCommand {
  return {
    name: "minimal (SDK, 1 tool)",
    command: process.execPath,
    args: [fileURLToPath(new URL("./minimal-server.js", import.meta.url))],
  };
}

/** Each server started exactly as a user's MCP client starts it: node + the package's bin file. */
export function entraServers(): ServerCommand[] {
  return SERVER_NAMES.map((name) => {
    const dir = `${repo}servers/${name}/`;
    const manifest = JSON.parse(readFileSync(`${dir}package.json`, "utf8")) as {
      bin: Record<string, string>;
    };
    const bin = Object.values(manifest.bin)[0] as string;
    return { name, command: process.execPath, args: [`${dir}${bin}`] };
  });
}

export interface WarmCall {
  tool: string;
  arguments: Record<string, unknown>;
  /** The same resource fetched directly, and the scope its token needs. */
  url: string;
  scope: string;
}

/** One cheap read per server, through the generic `request` tool. */
export function warmCalls(urls: Record<string, string>): Record<string, WarmCall> {
  return {
    graph: {
      tool: "request",
      arguments: { method: "GET", path: "/organization" },
      url: `${urls.graph}/v1.0/organization`,
      scope: "https://graph.microsoft.com/.default",
    },
    powerbi: {
      tool: "request",
      arguments: { method: "GET", path: "/groups" },
      url: `${urls.powerbi}/v1.0/myorg/groups`,
      scope: "https://analysis.windows.net/powerbi/api/.default",
    },
    fabric: {
      tool: "request",
      arguments: { method: "GET", path: "/workspaces" },
      url: `${urls.fabric}/v1/workspaces`,
      scope: "https://api.fabric.microsoft.com/.default",
    },
    powerplatform: {
      tool: "request",
      arguments: {
        api: "admin",
        method: "GET",
        path: "/environmentmanagement/environments",
        query: { "api-version": "2022-03-01-preview" },
      },
      url: `${urls.powerplatform}/environmentmanagement/environments?api-version=2022-03-01-preview`,
      scope: "https://api.powerplatform.com/.default",
    },
  };
}

/**
 * The built server the distribution benchmarks start: the publishable package's launcher
 * (servers/<name>/dist/package/dist/launch.mjs) when the build produces one, else dist/launch.mjs.
 */
export function builtServer(name: (typeof SERVER_NAMES)[number]): ServerCommand & { launcher: string } {
  const candidates = [
    `${repo}servers/${name}/dist/package/dist/launch.mjs`,
    `${repo}servers/${name}/dist/launch.mjs`,
  ];
  const launcher = candidates.find((path) => existsSync(path));
  if (!launcher)
    throw new Error(`no built ${name} server: none of ${candidates.join(", ")} (run pnpm build)`);
  return { name, command: process.execPath, args: [launcher], launcher };
}
