/** The tenant: ENTRA_MCP_TENANT_ID, AZURE_TENANT_ID, the team config file, or the tenant of the person's login. */
import type { TokenCredential } from "@azure/identity";
import { ProvisionError } from "../errors.js";
import { tokenClaims } from "./admin-credential.js";

export function configuredTenant(env: NodeJS.ProcessEnv, fileTenant: unknown): string | undefined {
  return (
    env.ENTRA_MCP_TENANT_ID?.trim() ||
    env.AZURE_TENANT_ID?.trim() ||
    (typeof fileTenant === "string" && fileTenant.trim() ? fileTenant.trim() : undefined)
  );
}

/** The `tid` of a token the credential issues for `audience`. */
export async function tenantOfLogin(credential: TokenCredential, audience: string): Promise<string> {
  try {
    const token = await credential.getToken(`${audience}/.default`);
    const tid = token ? tokenClaims(token.token).tid : undefined;
    if (typeof tid === "string") return tid;
  } catch (error) {
    throw new ProvisionError(
      `Could not get a token with your Azure login: ${(error as Error).message.split("\n")[0]}`,
      {
        cause: error,
        fix: "sign in with `az login --tenant <tenant-id>` or set ENTRA_MCP_TENANT_ID.",
      },
    );
  }
  throw new ProvisionError("Could not tell which tenant your Azure login belongs to.", {
    fix: "set ENTRA_MCP_TENANT_ID to the directory (tenant) ID.",
  });
}
