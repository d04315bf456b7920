/** An Azure built-in role as ARM defines it: control-plane actions and data-plane dataActions. */
export interface RoleDefinition {
  /** The role definition GUID, the same in every subscription. */
  id: string;
  roleName: string;
  description: string;
  actions: readonly string[];
  notActions: readonly string[];
  dataActions: readonly string[];
  notDataActions: readonly string[];
}

// The Key Vault roles share one control-plane grant: read the vault and its role assignments.
const KEY_VAULT_ROLE_ACTIONS = [
  "Microsoft.Authorization/*/read",
  "Microsoft.Insights/alertRules/*",
  "Microsoft.Resources/deployments/*",
  "Microsoft.Resources/subscriptions/resourceGroups/read",
  "Microsoft.Support/*",
  "Microsoft.KeyVault/checkNameAvailability/read",
  "Microsoft.KeyVault/deletedVaults/read",
  "Microsoft.KeyVault/locations/*/read",
  "Microsoft.KeyVault/vaults/*/read",
  "Microsoft.KeyVault/operations/read",
];

const role = (
  id: string,
  roleName: string,
  description: string,
  permissions: Partial<Pick<RoleDefinition, "actions" | "notActions" | "dataActions" | "notDataActions">>,
): RoleDefinition => ({
  id,
  roleName,
  description,
  actions: permissions.actions ?? [],
  notActions: permissions.notActions ?? [],
  dataActions: permissions.dataActions ?? [],
  notDataActions: permissions.notDataActions ?? [],
});

/** The built-in roles the emulator knows, with their real GUIDs and (abridged) permissions. */
export const BUILT_IN_ROLES: readonly RoleDefinition[] = [
  role(
    "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
    "Owner",
    "Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.",
    { actions: ["*"] },
  ),
  role(
    "b24988ac-6180-42a0-ab88-20f7382dd24c",
    "Contributor",
    "Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC.",
    {
      actions: ["*"],
      notActions: [
        "Microsoft.Authorization/*/Delete",
        "Microsoft.Authorization/*/Write",
        "Microsoft.Authorization/elevateAccess/Action",
      ],
    },
  ),
  role(
    "acdd72a7-3385-48ef-bd42-f606fba81ae7",
    "Reader",
    "View all resources, but does not allow you to make any changes.",
    {
      actions: ["*/read"],
    },
  ),
  role(
    "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
    "User Access Administrator",
    "Lets you manage user access to Azure resources.",
    { actions: ["*/read", "Microsoft.Authorization/*", "Microsoft.Support/*"] },
  ),
  role(
    "00482a5a-887f-4fb3-b363-3b7fe8e74483",
    "Key Vault Administrator",
    "Perform all data plane operations on a key vault and all objects in it, including certificates, keys, and secrets.",
    { actions: KEY_VAULT_ROLE_ACTIONS, dataActions: ["Microsoft.KeyVault/vaults/*"] },
  ),
  role(
    "a4417e6f-fecd-4de8-b567-7b0420556985",
    "Key Vault Certificates Officer",
    "Perform any action on the certificates of a key vault, except manage permissions.",
    {
      actions: KEY_VAULT_ROLE_ACTIONS,
      dataActions: [
        "Microsoft.KeyVault/vaults/certificatecas/*",
        "Microsoft.KeyVault/vaults/certificates/*",
        "Microsoft.KeyVault/vaults/certificatecontacts/write",
      ],
    },
  ),
  // Certificate User really does hold getSecret: that is how it reads the key behind a certificate.
  role(
    "db79e9a7-68ee-4b58-9aeb-b90e7c24fcba",
    "Key Vault Certificate User",
    "Read entire certificate contents including secret and key portion.",
    {
      dataActions: [
        "Microsoft.KeyVault/vaults/certificates/read",
        "Microsoft.KeyVault/vaults/secrets/getSecret/action",
        "Microsoft.KeyVault/vaults/secrets/readMetadata/action",
        "Microsoft.KeyVault/vaults/keys/read",
      ],
    },
  ),
  role("4633458b-17de-408a-b874-0445c86b69e6", "Key Vault Secrets User", "Read secret contents.", {
    dataActions: [
      "Microsoft.KeyVault/vaults/secrets/getSecret/action",
      "Microsoft.KeyVault/vaults/secrets/readMetadata/action",
    ],
  }),
  role(
    "21090545-7ca7-4776-b22c-e363652d74d2",
    "Key Vault Reader",
    "Read metadata of key vaults and its certificates, keys, and secrets.",
    {
      actions: KEY_VAULT_ROLE_ACTIONS,
      dataActions: [
        "Microsoft.KeyVault/vaults/*/read",
        "Microsoft.KeyVault/vaults/secrets/readMetadata/action",
      ],
    },
  ),
];

export const roleDefinitionById = (id: string): RoleDefinition | undefined =>
  BUILT_IN_ROLES.find((r) => r.id === id.toLowerCase());

export const roleDefinitionByName = (name: string): RoleDefinition | undefined =>
  BUILT_IN_ROLES.find((r) => r.roleName.toLowerCase() === name.toLowerCase());

/** True when the role grants `action` (actions minus notActions, or the data equivalents). */
export function roleGrants(
  definition: RoleDefinition,
  action: string,
  kind: "action" | "dataAction",
): boolean {
  const [allow, deny] =
    kind === "action"
      ? [definition.actions, definition.notActions]
      : [definition.dataActions, definition.notDataActions];
  return allow.some((p) => wildcardMatch(p, action)) && !deny.some((p) => wildcardMatch(p, action));
}

/** Azure's action patterns: `*` matches any run of characters, comparison ignores case. */
function wildcardMatch(pattern: string, action: string): boolean {
  const re = new RegExp(`^${pattern.split("*").map(escapeRegExp).join(".*")}$`, "i");
  return re.test(action);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
