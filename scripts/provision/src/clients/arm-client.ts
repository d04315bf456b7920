/**
 * Azure Resource Manager: finds the vault's resource id from its URI (subscriptions → vaults) and
 * manages Azure RBAC role assignments on that scope.
 */
import { RestClient, type RestClientOptions } from "./rest.js";

export interface ArmVault {
  id: string;
  name: string;
  properties?: { vaultUri?: string; enableRbacAuthorization?: boolean };
}

export interface RoleAssignment {
  id: string;
  name: string;
  properties: {
    roleDefinitionId: string;
    principalId: string;
    principalType?: string;
    scope?: string;
  };
}

export type PrincipalType = "User" | "ServicePrincipal" | "Group";

const SUBSCRIPTIONS_API = "2022-12-01";
const VAULTS_API = "2023-07-01";
const ROLE_ASSIGNMENTS_API = "2022-04-01";

/** Vault URIs compare without the trailing slash and case. */
export const sameVaultUri = (a: string, b: string): boolean =>
  a.replace(/\/+$/, "").toLowerCase() === b.replace(/\/+$/, "").toLowerCase();

export class ArmClient {
  private readonly rest: RestClient;

  constructor(options: Omit<RestClientOptions, "api" | "baseUrl"> & { endpoint: string }) {
    this.rest = new RestClient({ ...options, api: "Azure Resource Manager", baseUrl: options.endpoint });
  }

  /** The vault whose properties.vaultUri is `vaultUrl`, searched in every subscription the login sees. */
  async findVault(vaultUrl: string): Promise<ArmVault | undefined> {
    const subscriptions = await this.rest.list<{ subscriptionId: string; state?: string }>("/subscriptions", {
      query: { "api-version": SUBSCRIPTIONS_API },
    });
    for (const subscription of subscriptions) {
      if (subscription.state && subscription.state !== "Enabled") continue;
      const vaults = await this.rest.list<ArmVault>(
        `/subscriptions/${encodeURIComponent(subscription.subscriptionId)}/providers/Microsoft.KeyVault/vaults`,
        { query: { "api-version": VAULTS_API } },
      );
      const vault = vaults.find(
        (v) => v.properties?.vaultUri && sameVaultUri(v.properties.vaultUri, vaultUrl),
      );
      if (vault) return vault;
    }
    return undefined;
  }

  /** Role assignments of `principalId` that apply at `scope` (ARM includes inherited ones). */
  async roleAssignments(scope: string, principalId: string): Promise<RoleAssignment[]> {
    return this.rest.list<RoleAssignment>(`${scope}/providers/Microsoft.Authorization/roleAssignments`, {
      query: { "api-version": ROLE_ASSIGNMENTS_API, $filter: `principalId eq '${principalId}'` },
    });
  }

  /** Creates role assignment `name` (a new GUID) of `roleGuid` for the principal at `scope`. */
  async createRoleAssignment(
    scope: string,
    name: string,
    roleGuid: string,
    principalId: string,
    principalType: PrincipalType | undefined,
  ): Promise<void> {
    const subscription = /^\/subscriptions\/[^/]+/i.exec(scope)?.[0] ?? "";
    await this.rest.send("PUT", `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`, {
      query: { "api-version": ROLE_ASSIGNMENTS_API },
      body: {
        properties: {
          roleDefinitionId: `${subscription}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`,
          principalId,
          ...(principalType ? { principalType } : {}),
        },
      },
    });
  }
}
