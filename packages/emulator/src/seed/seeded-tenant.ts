/** An app registration with a client secret: somebody's own Azure login (EnvironmentCredential). */
export interface SecretLogin {
  clientId: string;
  clientSecret: string;
  /** The app's service principal: what its tokens carry as oid, and what roles are assigned to. */
  objectId: string;
}

/** A seeded user who can sign in with a password (ROPC) — hosted mode's scripted sign-in. */
export interface TestUser {
  /** The userPrincipalName. */
  username: string;
  password: string;
  oid: string;
}

/** What every seed provides. */
export interface EmptyTenant {
  tenantId: string;
  /**
   * The administrator's Azure login: Graph application management (Application.ReadWrite.All,
   * AppRoleAssignment.ReadWrite.All, DelegatedPermissionGrant.ReadWrite.All, Directory.Read.All),
   * Owner and Key Vault Administrator on the vault, Fabric admin (Power BI Tenant.* app roles).
   */
  admin: SecretLogin;
  /**
   * A developer's own Azure login. In the empty seed it has no vault role until someone grants
   * one, and it acts for `user` (teammate@<domain>): a role assigned to that user applies to
   * its tokens, as it would to the user's own `az login`.
   */
  teammate: SecretLogin & { user?: { oid: string; upn: string } };
  /** The one Azure subscription, holding the vault's resource group. */
  subscriptionId: string;
  /** ARM id of the vault: /subscriptions/…/resourceGroups/…/providers/Microsoft.KeyVault/vaults/…. */
  vaultResourceId: string;
  /** "An MCP client": a public client (auth code + PKCE, or password), pre-authorized where the API exists. */
  mcpClientId: string;
  /** At least two seeded users with passwords, distinct identities and sample data (Adele, Megan). */
  testUsers: TestUser[];
}

/** Identifiers of everything the default seed creates. */
export interface DefaultTenant extends EmptyTenant {
  /** appId of the "entra-mcp" app registration. */
  clientId: string;
  appObjectId: string;
  /** The app's service principal; app-only tokens carry it as oid. */
  spObjectId: string;
  /** Key Vault certificate (PEM content type) registered on the app. */
  certName: string;
  /** Key Vault certificate (PKCS#12 content type) registered on the app. */
  pfxCertName: string;
  /** The user the sign-in pages sign in. */
  user: { oid: string; upn: string };
  /**
   * The app's own API (hosted mode): identifier URI api://<clientId>, the full delegated scope
   * (api://<clientId>/access_as_user, v2.0 tokens with aud = clientId) and its app role.
   */
  api: { identifierUri: string; scope: string; appRole: string };
}
