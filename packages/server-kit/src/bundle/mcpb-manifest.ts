/**
 * The Claude Desktop bundle's manifest.json (MCPB manifest 0.3), made from the server's description:
 * what the user fills in becomes ENTRA_MCP_* variables. Nothing the user enters is a secret (the
 * certificate stays in Key Vault, read with the user's own Azure login), so nothing is marked
 * sensitive; the fields are still plain configuration, not credentials.
 */
import type { ApiDescription } from "../api-description.js";
import type { SourcePackage } from "./bundle-config.js";

interface UserConfigField {
  type: "string" | "boolean";
  title: string;
  description: string;
  required: boolean;
  default?: string | boolean;
  sensitive?: boolean;
}

/** One user_config field and the variable it fills. */
interface Setting {
  key: string;
  variable: string;
  field: UserConfigField;
}

const COMMON_SETTINGS: Setting[] = [
  {
    key: "tenant_id",
    variable: "ENTRA_MCP_TENANT_ID",
    field: {
      type: "string",
      title: "Tenant ID",
      description:
        "Directory (tenant) ID or domain of your Entra tenant (printed by `npx -y @entra-mcp/cli provision`).",
      required: true,
    },
  },
  {
    key: "client_id",
    variable: "ENTRA_MCP_CLIENT_ID",
    field: {
      type: "string",
      title: "Client ID",
      description: "Application (client) ID of the entra-mcp app registration.",
      required: true,
    },
  },
  {
    key: "auth_mode",
    variable: "ENTRA_MCP_AUTH_MODE",
    field: {
      type: "string",
      title: "Auth mode",
      description:
        "app (the app's certificate from Key Vault) or delegated (you sign in once in the browser).",
      required: false,
      default: "app",
    },
  },
  {
    key: "keyvault_url",
    variable: "ENTRA_MCP_KEYVAULT_URL",
    field: {
      type: "string",
      title: "Key Vault URL",
      description:
        "App mode: the vault holding the certificate, e.g. https://contoso-mcp.vault.azure.net (read with your Azure login).",
      required: false,
    },
  },
  {
    key: "cert_name",
    variable: "ENTRA_MCP_CERT_NAME",
    field: {
      type: "string",
      title: "Certificate name",
      description: "App mode: the certificate's name in that vault.",
      required: false,
    },
  },
  {
    key: "allow_writes",
    variable: "ENTRA_MCP_ALLOW_WRITES",
    field: {
      type: "boolean",
      title: "Allow writes",
      description: "Register the tools that change data. Off: read-only.",
      required: false,
      default: false,
    },
  },
];

const DATAVERSE_SETTING: Setting = {
  key: "dataverse_urls",
  variable: "ENTRA_MCP_DATAVERSE_URLS",
  field: {
    type: "string",
    title: "Dataverse environment URLs",
    description:
      "Comma-separated, e.g. https://contoso.crm.dynamics.com. Others are found through the admin API.",
    required: false,
  },
};

/** The settings a server's bundle asks for: the common ones, plus Dataverse URLs where an API is per environment. */
export function bundleSettings(description: ApiDescription): Setting[] {
  const perEnvironment = Object.values(description.apis).some((api) => api.dynamic === "environment-url");
  return perEnvironment ? [...COMMON_SETTINGS, DATAVERSE_SETTING] : COMMON_SETTINGS;
}

export interface McpbManifestOptions {
  source: SourcePackage;
  description: ApiDescription;
  binName: string;
  /** The launcher inside the bundle, e.g. "server/dist/launch.mjs". */
  entryPoint: string;
  platforms: NodeJS.Platform[];
  nodeRange: string;
}

export function mcpbManifest(options: McpbManifestOptions): Record<string, unknown> {
  const { source, description } = options;
  const settings = bundleSettings(description);
  const author = typeof source.author === "string" ? { name: source.author } : source.author;
  const repository = typeof source.repository === "string" ? undefined : source.repository;
  return {
    manifest_version: "0.3",
    name: options.binName,
    display_name: `entra-mcp: ${description.title}`,
    version: source.version,
    description: source.description ?? description.title,
    author: author ?? { name: "entra-mcp" },
    ...(repository ? { repository: { type: repository.type, url: repository.url } } : {}),
    license: source.license,
    keywords: source.keywords,
    server: {
      type: "node",
      entry_point: options.entryPoint,
      mcp_config: {
        command: "node",
        args: [`\${__dirname}/${options.entryPoint}`],
        env: Object.fromEntries(
          settings.map((setting) => [setting.variable, `\${user_config.${setting.key}}`]),
        ),
      },
    },
    tools: description.operations.map((operation) => ({
      name: operation.name,
      description: operation.description,
    })),
    tools_generated: true,
    compatibility: {
      platforms: options.platforms,
      runtimes: { node: options.nodeRange },
    },
    user_config: Object.fromEntries(settings.map((setting) => [setting.key, setting.field])),
  };
}
