/** Command-line parsing (node:util parseArgs) for every command; usage errors name the flag and the fix. */
import { parseArgs } from "node:util";
import { UsageError } from "../errors.js";
import { cliCommand } from "../output/cli-command.js";

export const COMMANDS = ["provision", "add-teammate", "rotate", "doctor"] as const;
export type CommandName = (typeof COMMANDS)[number];

type OptionSpec = { type: "string" | "boolean"; multiple?: boolean; short?: string };

const SHARED: Record<string, OptionSpec> = {
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  vault: { type: "string" },
  name: { type: "string" },
  "cert-name": { type: "string" },
};

export const OPTIONS: Record<CommandName, Record<string, OptionSpec>> = {
  provision: {
    ...SHARED,
    servers: { type: "string", multiple: true },
    plan: { type: "boolean" },
    pkcs12: { type: "boolean" },
    user: { type: "string", multiple: true },
    workspace: { type: "string", multiple: true },
    "workspace-access": { type: "string" },
    environment: { type: "string", multiple: true },
    "dataverse-role": { type: "string" },
    "config-out": { type: "string" },
    "delete-client-secrets": { type: "boolean" },
    platform: { type: "string" },
    yes: { type: "boolean", short: "y" },
    hosted: { type: "boolean" },
    "public-url": { type: "string" },
    preauthorize: { type: "string", multiple: true },
  },
  "add-teammate": { ...SHARED },
  rotate: { ...SHARED },
  doctor: {
    ...SHARED,
    server: { type: "string", multiple: true },
    hosted: { type: "string" },
    "sign-in-client": { type: "string" },
  },
};

export interface ParsedCommand {
  command: CommandName;
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/** Parses `argv` (without node and the script). Throws UsageError for unknown commands or flags. */
export function parseCommandLine(argv: string[]): ParsedCommand | { help: true } {
  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help")
    return { help: true };
  // Flags only means `provision`, so `pnpm provision --plan` reads naturally.
  const [first, ...rest] = argv[0]?.startsWith("-") ? ["provision", ...argv] : argv;
  if (!first) return { help: true };
  if (!(COMMANDS as readonly string[]).includes(first)) {
    throw new UsageError(
      `unknown command "${first}".`,
      `use one of: ${COMMANDS.join(", ")} (${cliCommand("--help")}).`,
    );
  }
  const command = first as CommandName;
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: OPTIONS[command],
      allowPositionals: command === "add-teammate",
      strict: true,
    });
    return { command, values: values as ParsedCommand["values"], positionals };
  } catch (error) {
    throw new UsageError(
      `${command}: ${(error as Error).message}`,
      `see \`${cliCommand(command, "--help")}\`.`,
    );
  }
}

/** A string flag's value, trimmed; undefined when absent or empty. */
export function stringFlag(values: ParsedCommand["values"], name: string): string | undefined {
  const value = values[name];
  return typeof value === "string" && value.trim() ? value.trim() : undefined;
}

/** A repeatable flag, also split on commas (`--servers graph,powerbi --servers fabric`). */
export function listFlag(values: ParsedCommand["values"], name: string, splitCommas = true): string[] {
  const value = values[name];
  const list = Array.isArray(value) ? value : typeof value === "string" ? [value] : [];
  return list
    .flatMap((item) => (splitCommas ? item.split(",") : [item]))
    .map((item) => item.trim())
    .filter(Boolean);
}

export const USAGE = `entra-mcp — provision, rotate and check the Entra app, Key Vault certificate, consent and vault access
for the entra-mcp servers, with your own Azure login (DefaultAzureCredential).

Commands (flags without a command mean provision):
  entra-mcp provision [--servers graph,powerbi,...] [--plan] [--json] [--yes]
        [--name entra-mcp] [--vault <url>] [--cert-name entra-mcp-cert] [--pkcs12]
        [--user <upn>]... [--workspace <name|id>]... [--workspace-access Member]
        [--environment <dataverse url>]... [--dataverse-role "Basic User"]
        [--config-out <path>] [--delete-client-secrets] [--platform win32|darwin|linux]
        [--hosted --public-url <https url> [--preauthorize <client id,...>]]
  entra-mcp add-teammate <upn|objectId> [--vault <url>] [--json]
  entra-mcp rotate [--name entra-mcp] [--vault <url>] [--cert-name <name>] [--json]
  entra-mcp doctor [--server graph]... [--json] [--hosted <url> [--sign-in-client <client id>]]

Run it anywhere with \`${cliCommand("<command>")}\` (the bin is entra-mcp). provision prints the
Claude Code line and the mcpServers JSON for this OS; --platform win32 writes them for native Windows
(npx through cmd /c), --platform linux or darwin for macOS and Linux.
--hosted also exposes the app's API (api://<client-id>/access_as_user) for a server run with --http
at --public-url and prints the MCP client configuration and the server's environment for it;
doctor --hosted <url> checks that server's metadata and makes one On-Behalf-Of round trip.

Environment: ENTRA_MCP_CLOUD (public | usgov | china | custom cloud JSON), ENTRA_MCP_TENANT_ID or
AZURE_TENANT_ID, ENTRA_MCP_KEYVAULT_URL, ENTRA_MCP_CERT_NAME, ENTRA_MCP_CONFIG (team config file),
AZURE_TOKEN_CREDENTIALS (pins which Azure login is used).
Progress goes to stderr; --json prints one JSON document on stdout. See scripts/provision/README.md.
`;
