/**
 * Clouds are data: where to sign in, which Key Vault audience and DNS suffix, and where each resource
 * API lives. Settings a custom cloud needs (instance discovery off, challenge-resource check off)
 * come from the profile, never from "am I in a test".
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { ConfigError } from "../errors.js";

/** One resource API: the base URL we call and the audience its tokens carry (scope = audience + "/.default"). */
export interface ResourceEndpoint {
  endpoint: string;
  audience: string;
}

export interface CloudProfile {
  name: string;
  /** e.g. https://login.microsoftonline.com (no tenant, no trailing slash). */
  authorityHost: string;
  keyVault: { audience: string; dnsSuffix: string };
  resources: Record<string, ResourceEndpoint>;
  disableInstanceDiscovery: boolean;
  disableChallengeResourceVerification: boolean;
}

export const BUILT_IN_CLOUDS: Readonly<Record<"public" | "usgov" | "china", CloudProfile>> = {
  public: {
    name: "public",
    authorityHost: "https://login.microsoftonline.com",
    keyVault: { audience: "https://vault.azure.net", dnsSuffix: "vault.azure.net" },
    resources: {
      graph: { endpoint: "https://graph.microsoft.com", audience: "https://graph.microsoft.com" },
      powerbi: { endpoint: "https://api.powerbi.com", audience: "https://analysis.windows.net/powerbi/api" },
      fabric: { endpoint: "https://api.fabric.microsoft.com", audience: "https://api.fabric.microsoft.com" },
      powerplatform: { endpoint: "https://api.powerplatform.com", audience: "https://api.powerplatform.com" },
      arm: { endpoint: "https://management.azure.com", audience: "https://management.azure.com" },
    },
    disableInstanceDiscovery: false,
    disableChallengeResourceVerification: false,
  },
  usgov: {
    name: "usgov",
    authorityHost: "https://login.microsoftonline.us",
    keyVault: { audience: "https://vault.usgovcloudapi.net", dnsSuffix: "vault.usgovcloudapi.net" },
    resources: {
      graph: { endpoint: "https://graph.microsoft.us", audience: "https://graph.microsoft.us" },
      powerbi: {
        endpoint: "https://api.powerbigov.us",
        audience: "https://analysis.usgovcloudapi.net/powerbi/api",
      },
      powerplatform: {
        endpoint: "https://api.gov.powerplatform.microsoft.us",
        audience: "https://api.gov.powerplatform.microsoft.us",
      },
      arm: {
        endpoint: "https://management.usgovcloudapi.net",
        audience: "https://management.usgovcloudapi.net",
      },
    },
    disableInstanceDiscovery: false,
    disableChallengeResourceVerification: false,
  },
  china: {
    name: "china",
    authorityHost: "https://login.chinacloudapi.cn",
    keyVault: { audience: "https://vault.azure.cn", dnsSuffix: "vault.azure.cn" },
    resources: {
      graph: {
        endpoint: "https://microsoftgraph.chinacloudapi.cn",
        audience: "https://microsoftgraph.chinacloudapi.cn",
      },
      powerbi: {
        endpoint: "https://api.powerbi.cn",
        audience: "https://analysis.chinacloudapi.cn/powerbi/api",
      },
      arm: {
        endpoint: "https://management.chinacloudapi.cn",
        audience: "https://management.chinacloudapi.cn",
      },
    },
    disableInstanceDiscovery: false,
    disableChallengeResourceVerification: false,
  },
};

const httpsUrl = z
  .string()
  .url()
  .refine((value) => value.startsWith("https://"), "must be an https:// URL")
  .transform((value) => value.replace(/\/+$/, ""));

const customCloudSchema = z.object({
  name: z.string().min(1),
  authorityHost: httpsUrl,
  keyVault: z.object({ audience: httpsUrl, dnsSuffix: z.string().min(1) }),
  resources: z.record(z.string(), z.object({ endpoint: httpsUrl, audience: z.string().min(1) })),
  disableInstanceDiscovery: z.boolean().default(true),
  disableChallengeResourceVerification: z.boolean().default(true),
});

/** Resolves `ENTRA_MCP_CLOUD`: a built-in name, or the path of a custom cloud JSON file. */
export function resolveCloud(value: string | undefined): CloudProfile {
  const name = (value ?? "public").trim() || "public";
  if (name in BUILT_IN_CLOUDS) return BUILT_IN_CLOUDS[name as keyof typeof BUILT_IN_CLOUDS];
  if (!/[./\\]/.test(name)) {
    throw new ConfigError("CLOUD_INVALID", `ENTRA_MCP_CLOUD: unknown cloud "${name}".`, {
      fix: 'set ENTRA_MCP_CLOUD to "public", "usgov", "china" or the path of a custom cloud JSON file.',
    });
  }
  return loadCustomCloud(name);
}

function loadCustomCloud(path: string): CloudProfile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new ConfigError("CLOUD_INVALID", `ENTRA_MCP_CLOUD: cannot read custom cloud file ${path}.`, {
      cause: error,
      fix: "point ENTRA_MCP_CLOUD at a readable JSON file with authorityHost, keyVault and resources.",
    });
  }
  const parsed = customCloudSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`,
    );
    throw new ConfigError(
      "CLOUD_INVALID",
      `ENTRA_MCP_CLOUD: ${path} is not a valid cloud profile (${issues.join("; ")}).`,
      {
        fix: "compare the file with the custom cloud example in packages/auth-core/README.md.",
      },
    );
  }
  return parsed.data;
}
