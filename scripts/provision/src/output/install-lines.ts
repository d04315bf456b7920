/**
 * What to paste into Claude for each server: the `claude mcp add` line and the `mcpServers` entry
 * (Claude Desktop's claude_desktop_config.json, `.mcp.json`, most other clients), with the non-secret
 * values spelled out so they work on any teammate's machine. On native Windows both start the
 * server through `cmd /c npx`, and the line is quoted for cmd.exe and PowerShell alike.
 */
import type { ServerInfo } from "../manifests/server-info.js";
import { type InstallPlatform, installPlatform, npxCommand } from "./install-platform.js";
import { posixQuote, windowsQuote, windowsQuoteProblem } from "./shell-quote.js";

export interface InstallValues {
  tenantId: string;
  clientId: string;
  keyVaultUrl: string;
  certName: string;
  /** Omitted from the lines when "public". */
  cloud: string;
  /** Dataverse environments (powerplatform only). */
  dataverseUrls: string[];
}

export interface McpServerEntry {
  command: string;
  args: string[];
  env: Record<string, string>;
}

export interface InstallLines {
  server: string;
  /** The OS the lines are written for: win32 runs npx through `cmd /c`. */
  platform: InstallPlatform;
  claudeCode: string;
  claudeDesktop: { mcpServers: Record<string, McpServerEntry> };
  /** Values the `claudeCode` line cannot spell the same way in cmd.exe and PowerShell (win32 only). */
  notes: string[];
}

export function serverEnv(server: ServerInfo, values: InstallValues): Record<string, string> {
  const env: Record<string, string> = {
    ENTRA_MCP_TENANT_ID: values.tenantId,
    ENTRA_MCP_CLIENT_ID: values.clientId,
    ENTRA_MCP_KEYVAULT_URL: values.keyVaultUrl,
    ENTRA_MCP_CERT_NAME: values.certName,
  };
  if (values.cloud !== "public") env.ENTRA_MCP_CLOUD = values.cloud;
  if (server.name === "powerplatform" && values.dataverseUrls.length > 0) {
    env.ENTRA_MCP_DATAVERSE_URLS = values.dataverseUrls.join(",");
  }
  return env;
}

/** The lines for one server on `platform` (default: this machine's). */
export function installLines(
  server: ServerInfo,
  values: InstallValues,
  platform: InstallPlatform = installPlatform(undefined),
): InstallLines {
  const env = serverEnv(server, values);
  const windows = platform === "win32";
  const quote = windows ? windowsQuote : posixQuote;
  const { command, args } = npxCommand(platform, server.packageName);
  const flags = Object.entries(env).map(([key, value]) => `-e ${quote(`${key}=${value}`)}`);
  const notes = windows
    ? Object.entries(env).flatMap(([key, value]) => {
        const problem = windowsQuoteProblem(value);
        return problem
          ? [
              `${key} holds ${problem}, which cmd.exe and PowerShell read differently: check it in the line, or use the JSON (exact in every shell).`,
            ]
          : [];
      })
    : [];
  return {
    server: server.name,
    platform,
    claudeCode: ["claude mcp add", server.binName, ...flags, "--", command, ...args].join(" "),
    claudeDesktop: { mcpServers: { [server.binName]: { command, args, env } } },
    notes,
  };
}
