/**
 * Azure built-in role definitions (the same GUIDs in every cloud) that matter for reading the
 * certificate: reading it means getSecret on the certificate's backing secret.
 */
import type { RoleAssignment } from "../clients/arm-client.js";

export const KEY_VAULT_ROLES = {
  certificateUser: { id: "db79e9a7-68ee-4b58-9aeb-b90e7c24fcba", name: "Key Vault Certificate User" },
  secretsUser: { id: "4633458b-17de-408a-b874-0445c86b69e6", name: "Key Vault Secrets User" },
  administrator: { id: "00482a5a-887f-4fb3-b363-3b7fe8e74483", name: "Key Vault Administrator" },
  certificatesOfficer: { id: "a4417e6f-fecd-4de8-b567-7b0420556985", name: "Key Vault Certificates Officer" },
} as const;

/** Roles whose data actions include secrets/getSecret (Certificates Officer's do not). */
const CAN_READ_CERTIFICATE = new Set<string>(
  [KEY_VAULT_ROLES.certificateUser, KEY_VAULT_ROLES.secretsUser, KEY_VAULT_ROLES.administrator].map(
    (r) => r.id,
  ),
);

/** The role GUID at the end of a roleDefinitionId. */
export function roleGuidOf(roleDefinitionId: string): string {
  return (roleDefinitionId.split("/").pop() ?? "").toLowerCase();
}

export function roleName(guid: string): string {
  return Object.values(KEY_VAULT_ROLES).find((r) => r.id === guid)?.name ?? guid;
}

/** The assignment (at the vault or an ancestor scope) that lets the principal read the certificate, if any. */
export function readingAssignment(
  assignments: RoleAssignment[],
  vaultId: string,
): RoleAssignment | undefined {
  const vault = vaultId.toLowerCase();
  return assignments.find((assignment) => {
    const scope = assignment.properties.scope?.toLowerCase();
    const applies = !scope || scope === "/" || vault === scope || vault.startsWith(`${scope}/`);
    return applies && CAN_READ_CERTIFICATE.has(roleGuidOf(assignment.properties.roleDefinitionId));
  });
}
