/** Who called the hosted server, as its validated token says. */
export interface InboundUser {
  /** Object ID of the user (kind "user") or of the calling app's service principal (kind "app"). */
  oid: string;
  tid: string;
  name?: string;
  /** preferred_username (the UPN) for users. */
  username?: string;
  kind: "user" | "app";
  /** `scp` split on spaces (users). */
  scopes: string[];
  /** `roles` (app roles; for apps, the one that admitted them). */
  roles: string[];
  /** The raw inbound JWT: only ever used as the On-Behalf-Of assertion, never sent to a resource API. */
  assertion: string;
  /** Client ID of the app the token was issued to (azp), e.g. the MCP client. */
  clientAppId?: string;
}
