/**
 * What every command starts from: the cloud profile, the team config file, the tenant, the person's
 * Azure login, the request ledger and the API clients. Names and URLs are validated here once.
 */

import { resolve } from "node:path";
import type { TokenCredential } from "@azure/identity";
import { type CloudProfile, defaultConfigPath } from "@entra-mcp/auth-core";
import { type Clients, createClients } from "../clients/create-clients.js";
import { RequestLedger } from "../clients/request-ledger.js";
import { UsageError } from "../errors.js";
import type { TextSink } from "../output/step-printer.js";
import { createAdminCredential } from "../settings/admin-credential.js";
import { cloudSetting } from "../settings/cloud-setting.js";
import { readTeamConfig } from "../settings/team-config-file.js";
import { configuredTenant, tenantOfLogin } from "../settings/tenant.js";
import { type ParsedCommand, stringFlag } from "./arguments.js";

export interface Io {
  stdout: TextSink;
  stderr: TextSink;
  stdin: NodeJS.ReadableStream;
  /** stdin and stderr are a terminal: prompts are allowed. */
  interactive: boolean;
  env: NodeJS.ProcessEnv;
}

export interface CommandSetup {
  cloud: CloudProfile;
  cloudSetting: string;
  tenantId: string;
  credential: TokenCredential;
  ledger: RequestLedger;
  clients: Clients;
  vaultUrl: string;
  certName: string;
  appName: string;
  /** The team config file read for defaults (ENTRA_MCP_CONFIG or the default path). */
  configPath: string;
  teamConfig: Record<string, unknown>;
}

export const DEFAULT_APP_NAME = "entra-mcp";
export const DEFAULT_CERT_NAME = "entra-mcp-cert";
const CERT_NAME = /^[0-9a-zA-Z-]{1,127}$/;
const APP_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$/;

export function teamConfigPath(env: NodeJS.ProcessEnv): string {
  const explicit = env.ENTRA_MCP_CONFIG?.trim();
  return explicit ? resolve(explicit) : defaultConfigPath(process.platform, env);
}

export async function setupCommand(parsed: ParsedCommand, io: Io): Promise<CommandSetup> {
  const { env } = io;
  const { cloud, setting } = cloudSetting(env);
  const configPath = teamConfigPath(env);
  const teamConfig = readTeamConfig(configPath) ?? {};
  const fromFile = (key: string) =>
    typeof teamConfig[key] === "string" ? (teamConfig[key] as string) : undefined;

  const vaultUrl = validVaultUrl(
    stringFlag(parsed.values, "vault") ?? env.ENTRA_MCP_KEYVAULT_URL?.trim() ?? fromFile("keyVaultUrl"),
  );
  const certName =
    stringFlag(parsed.values, "cert-name") ??
    env.ENTRA_MCP_CERT_NAME?.trim() ??
    fromFile("certName") ??
    DEFAULT_CERT_NAME;
  if (!CERT_NAME.test(certName)) {
    throw new UsageError(
      `--cert-name: "${certName}" is not a Key Vault object name.`,
      "use 1-127 letters, digits and dashes.",
    );
  }
  const appName = stringFlag(parsed.values, "name") ?? DEFAULT_APP_NAME;
  if (!APP_NAME.test(appName)) {
    throw new UsageError(
      `--name: "${appName}" is not a usable app name.`,
      "use letters, digits, dots, dashes and underscores (up to 120).",
    );
  }

  const knownTenant = configuredTenant(env, teamConfig.tenantId);
  const credential = await createAdminCredential(cloud, knownTenant);
  const graphAudience = cloud.resources.graph?.audience ?? "https://graph.microsoft.com";
  const tenantId = knownTenant ?? (await tenantOfLogin(credential, graphAudience));
  const ledger = new RequestLedger();
  return {
    cloud,
    cloudSetting: setting,
    tenantId,
    credential,
    ledger,
    clients: createClients(cloud, credential, ledger, vaultUrl),
    vaultUrl,
    certName,
    appName,
    configPath,
    teamConfig,
  };
}

/** The vault root URL (origin), or a UsageError naming where it can come from. */
export function validVaultUrl(value: string | undefined): string {
  if (!value) {
    throw new UsageError(
      "no Key Vault given.",
      "pass --vault https://<vault>.vault.azure.net (or set ENTRA_MCP_KEYVAULT_URL).",
    );
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(
      `--vault: "${value}" is not a URL.`,
      "use the vault URI, e.g. https://my-vault.vault.azure.net.",
    );
  }
  if (url.protocol !== "https:" || (url.pathname !== "/" && url.pathname !== "") || url.search) {
    throw new UsageError(
      `--vault: "${value}" is not a vault root URL.`,
      "use the vault URI, e.g. https://my-vault.vault.azure.net.",
    );
  }
  return url.origin;
}
