/**
 * What `provision --hosted` prints: how MCP clients add the hosted server (`claude mcp add
 * --transport http` and an mcp.json entry: a URL, no secret, each user signs in), and the hosted
 * server's own environment. Every value is non-secret: the cache key is named (a vault secret),
 * never generated or printed here.
 */

import { isLoopbackHost } from "../hosted/hosted-options.js";
import type { ServerInfo } from "../manifests/server-info.js";
import { API_SCOPE } from "../steps/hosted-api-step.js";
import { type InstallValues, serverEnv } from "./install-lines.js";
import { posixQuote } from "./shell-quote.js";
import type { TextSink } from "./step-printer.js";

export const CACHE_KEY_SECRET = "entra-mcp-cache-key";

export interface HostedLines {
  /** The MCP server name clients show. */
  name: string;
  publicUrl: string;
  /** The scope MCP clients ask for: api://<client-id>/access_as_user. */
  scope: string;
  preAuthorized: string[];
  claudeCode: string;
  mcpJson: { mcpServers: Record<string, { type: "http"; url: string }> };
  /** The hosted server's environment (one server process; replicas share it). */
  serverEnv: Record<string, string>;
  /** How to start it: `npx -y <package>` with that environment (ENTRA_MCP_TRANSPORT=http). */
  serverCommand: string;
}

export function hostedLines(
  server: ServerInfo,
  values: InstallValues,
  hosted: { publicUrl: string; preAuthorize: string[] },
): HostedLines {
  const name = server.binName;
  const env: Record<string, string> = {
    ...serverEnv(server, values),
    ENTRA_MCP_TRANSPORT: "http",
    ENTRA_MCP_PUBLIC_URL: hosted.publicUrl,
    // Behind a TLS proxy the process listens on every interface; on a loopback URL it stays local.
    ...(isLoopbackHost(new URL(hosted.publicUrl).hostname) ? {} : { ENTRA_MCP_HTTP_HOST: "0.0.0.0" }),
    ENTRA_MCP_CACHE_KEY_SECRET: CACHE_KEY_SECRET,
  };
  return {
    name,
    publicUrl: hosted.publicUrl,
    scope: `api://${values.clientId}/${API_SCOPE}`,
    preAuthorized: hosted.preAuthorize,
    claudeCode: `claude mcp add --transport http ${name} ${posixQuote(hosted.publicUrl)}`,
    mcpJson: { mcpServers: { [name]: { type: "http", url: hosted.publicUrl } } },
    serverEnv: env,
    serverCommand: `npx -y ${server.packageName}`,
  };
}

export function printHostedLines(out: TextSink, lines: HostedLines, vaultUrl: string): void {
  out.write(`# Hosted server ${lines.publicUrl} — users sign in for ${lines.scope}\n`);
  out.write(`# Claude Code:\n${lines.claudeCode}\n\n`);
  out.write(`# mcp.json / .mcp.json ("mcpServers" clients that speak Streamable HTTP):\n`);
  out.write(`${JSON.stringify(lines.mcpJson, null, 2)}\n\n`);
  out.write(
    lines.preAuthorized.length > 0
      ? `# Pre-authorized MCP clients (no consent prompt): ${lines.preAuthorized.join(", ")}\n`
      : "# No MCP client is pre-authorized: add your MCP client's Application (client) ID with --preauthorize <id>.\n",
  );
  out.write(
    "# Entra ID has no dynamic client registration: a client that asks for one needs a pre-registered client ID (the one you pre-authorize).\n\n",
  );
  out.write("# The hosted server's environment (one line each; the same on every replica):\n");
  for (const [key, value] of Object.entries(lines.serverEnv)) out.write(`${key}=${value}\n`);
  // https://<name>.vault.azure.net (or a sovereign cloud's suffix): the name is the first label.
  const host = new URL(vaultUrl).hostname;
  const vaultName = /^[a-z][a-z0-9-]*\./i.test(host) ? host.split(".")[0] : "<vault name>";
  out.write(
    `# ${CACHE_KEY_SECRET}: a vault secret holding 32 random bytes (base64) that encrypts the shared token cache; create it once:\n`,
  );
  out.write(
    `#   az keyvault secret set --vault-name ${vaultName} --name ${CACHE_KEY_SECRET} --value "$(openssl rand -base64 32)"\n`,
  );
  out.write(`# Start: ${lines.serverCommand} (with the environment above)\n`);
}
