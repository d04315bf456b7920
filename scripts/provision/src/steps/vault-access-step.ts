/**
 * "Key Vault Certificate User" on the vault (Azure RBAC) for the app's service principal and every
 * --user: what lets each of them read the certificate with their own Azure login. A principal that
 * already reads it through another role (Secrets User, Administrator; here or inherited) is left alone.
 */
import { randomUUID } from "node:crypto";
import { KEY_VAULT_ROLES, readingAssignment, roleGuidOf, roleName } from "../certificates/vault-roles.js";
import type { ArmClient, ArmVault, PrincipalType } from "../clients/arm-client.js";
import { ProvisionError } from "../errors.js";
import type { ProvisionContext } from "./provision-context.js";
import { retryWhile } from "./retry-while.js";
import type { Step } from "./step.js";

export interface VaultPrincipal {
  label: string;
  id: string | undefined;
  /** Undefined lets ARM work it out. */
  type: PrincipalType | undefined;
}

export const vaultAccessStep: Step<ProvisionContext> = {
  id: "vault-access",
  title: () => `"${KEY_VAULT_ROLES.certificateUser.name}" on the vault`,
  why: "each person (and the app) reads the certificate with their own login; without it Key Vault answers 403 ForbiddenByRbac",
  async run(ctx, r) {
    const vault = await requireVault(ctx.clients.arm, ctx.options.vaultUrl);
    ctx.state.vault = vault;
    r.saw(`vault ${vault.name} (${vault.id})`);
    const principals: VaultPrincipal[] = [
      { label: "the app's service principal", id: ctx.state.servicePrincipal?.id, type: "ServicePrincipal" },
    ];
    for (const upn of ctx.options.users) {
      const user = await ctx.clients.graph.findUser(upn);
      if (!user) {
        throw new ProvisionError(`--user ${upn}: no such user in tenant ${ctx.tenantId}.`, {
          fix: "check the user principal name (or pass the user's object id).",
        });
      }
      principals.push({ label: `${user.userPrincipalName} (${user.id})`, id: user.id, type: "User" });
    }
    for (const principal of principals)
      await grantVaultRole(ctx.clients.arm as ArmClient, vault, principal, r);
  },
};

/** The ARM resource of the vault at `vaultUrl`, or a ProvisionError explaining how to find it. */
export async function requireVault(arm: ArmClient | undefined, vaultUrl: string): Promise<ArmVault> {
  if (!arm) {
    throw new ProvisionError("This cloud profile has no Azure Resource Manager endpoint (resources.arm).", {
      fix: "add resources.arm (endpoint and audience) to the custom cloud JSON named by ENTRA_MCP_CLOUD.",
    });
  }
  const vault = await arm.findVault(vaultUrl);
  if (!vault) {
    throw new ProvisionError(
      `No Key Vault with URI ${vaultUrl} in the subscriptions your Azure login can see.`,
      {
        fix: "check --vault / ENTRA_MCP_KEYVAULT_URL, and that your login has at least Reader on the vault's subscription (az account list).",
      },
    );
  }
  return vault;
}

/** Adds "Key Vault Certificate User" for one principal unless it can already read the certificate. */
export async function grantVaultRole(
  arm: ArmClient,
  vault: ArmVault,
  principal: VaultPrincipal,
  r: { saw(text: string): void; change<T>(d: string, w: () => Promise<T>): Promise<T | undefined> },
): Promise<void> {
  const role = KEY_VAULT_ROLES.certificateUser;
  const id = principal.id;
  if (!id) {
    await r.change(`grant "${role.name}" on ${vault.name} to ${principal.label}`, async () => undefined);
    return;
  }
  const existing = readingAssignment(await arm.roleAssignments(vault.id, id), vault.id);
  if (existing) {
    r.saw(`${principal.label}: has "${roleName(roleGuidOf(existing.properties.roleDefinitionId))}"`);
    return;
  }
  r.saw(`${principal.label}: no role that reads the certificate`);
  await r.change(`grant "${role.name}" on ${vault.name} to ${principal.label}`, () =>
    // A service principal created seconds ago may not have replicated to ARM yet (PrincipalNotFound).
    retryWhile(
      () => arm.createRoleAssignment(vault.id, randomUUID(), role.id, id, principal.type),
      (error) => (error as { code?: string }).code === "PrincipalNotFound",
    ),
  );
}
