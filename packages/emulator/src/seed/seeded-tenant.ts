/** What every seed provides. */
export interface EmptyTenant {
  tenantId: string;
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
  /** The developer's own Azure login (EnvironmentCredential with a client secret), with vault access. */
  teammate: { clientId: string; clientSecret: string; objectId: string };
  /** The user the sign-in pages sign in. */
  user: { oid: string; upn: string };
}
