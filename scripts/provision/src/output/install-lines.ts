/**
 * What to paste into Claude for each server: the `claude mcp add` line and the Claude Desktop
 * `mcpServers` entry, with the non-secret values spelled out so they work on any teammate's machine.
 */
import type { ServerInfo } from "../manifests/server-info.js";

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

export interface InstallLines {
  server: string;
  claudeCode: string;
  claudeDesktop: {
    mcpServers: Record<string, { command: string; args: string[]; env: Record<string, string> }>;
  };
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

export function installLines(server: ServerInfo, values: InstallValues): InstallLines {
  const env = serverEnv(server, values);
  const flags = Object.entries(env).map(([key, value]) => `-e ${shellQuote(`${key}=${value}`)}`);
  return {
    server: server.name,
    claudeCode: `claude mcp add ${server.binName} ${flags.join(" ")} -- npx -y ${server.packageName}`,
    claudeDesktop: {
      mcpServers: { [server.binName]: { command: "npx", args: ["-y", server.packageName], env } },
    },
  };
}

/** Quotes for POSIX shells and PowerShell alike when needed (single quotes; none for plain values). */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}
