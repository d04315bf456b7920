/**
 * The person's own Azure login (DefaultAzureCredential: Azure CLI, azd, PowerShell, environment,
 * managed identity...), pointed at the cloud's authority. AZURE_TOKEN_CREDENTIALS pins the chain.
 */
import type { TokenCredential } from "@azure/identity";
import type { CloudProfile } from "@entra-mcp/auth-core";

export async function createAdminCredential(
  cloud: CloudProfile,
  tenantId: string | undefined,
): Promise<TokenCredential> {
  const { DefaultAzureCredential } = await import("@azure/identity");
  return new DefaultAzureCredential({
    authorityHost: cloud.authorityHost,
    disableInstanceDiscovery: cloud.disableInstanceDiscovery,
    ...(tenantId ? { tenantId } : {}),
  });
}

/** Non-secret claims of a token (tenant, object id, names); the token itself is never kept. */
export function tokenClaims(token: string): Record<string, unknown> {
  const payload = token.split(".")[1];
  if (!payload) return {};
  try {
    return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** Who a token belongs to, for messages: UPN, else app id, else object id. */
export function principalOf(claims: Record<string, unknown>): { name: string; objectId: string | undefined } {
  const text = (key: string) => (typeof claims[key] === "string" ? (claims[key] as string) : undefined);
  const objectId = text("oid");
  const name =
    text("upn") ??
    text("preferred_username") ??
    text("unique_name") ??
    ((text("appid") ?? text("azp")) ? `app ${text("appid") ?? text("azp")}` : undefined);
  return { name: name ?? objectId ?? "unknown", objectId };
}
