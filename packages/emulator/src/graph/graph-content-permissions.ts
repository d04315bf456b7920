import type { EmulatorAccessTokenClaims } from "../entra/access-token-verifier.js";
import { hasAnyScope, isAppToken, rolesOf } from "../http/bearer-auth.js";
import type { GraphPermissionRule } from "./graph-auth.js";

// Permission tables of calendar view and drive / site search (graph-permissions.json), least first.
// Calendars.ReadBasic's application form is the app role Calendars.ReadBasic.All (provisioningInfo).

export const READ_CALENDARS: GraphPermissionRule = {
  roles: ["Calendars.ReadBasic.All", "Calendars.Read", "Calendars.ReadWrite"],
  scopes: ["Calendars.ReadBasic", "Calendars.Read", "Calendars.ReadWrite"],
};

// /me/drive/...: a user's own files need only Files.Read.
export const READ_MY_FILES: GraphPermissionRule = {
  roles: ["*"],
  scopes: [
    "Files.Read",
    "Files.ReadWrite",
    "Files.Read.All",
    "Files.ReadWrite.All",
    "Sites.Read.All",
    "Sites.ReadWrite.All",
  ],
};

// /drives/{id}/...: any drive; Files.Read(Write) only reaches the caller's own (checked per drive).
export const READ_DRIVES: GraphPermissionRule = {
  roles: ["Files.Read.All", "Files.ReadWrite.All", "Sites.Read.All", "Sites.ReadWrite.All"],
  scopes: READ_MY_FILES.scopes,
};

export const READ_SITES: GraphPermissionRule = {
  roles: ["Sites.Read.All", "Sites.ReadWrite.All"],
  scopes: ["Sites.Read.All", "Sites.ReadWrite.All"],
};

/** True when the token reaches every drive (not only the signed-in user's own). */
export function readsAllDrives(claims: EmulatorAccessTokenClaims): boolean {
  if (isAppToken(claims)) return true;
  return hasAnyScope(claims, [
    "Files.Read.All",
    "Files.ReadWrite.All",
    "Sites.Read.All",
    "Sites.ReadWrite.All",
  ]);
}

/**
 * True when the token holds only the "basic" form of a mail or calendar permission (Mail.ReadBasic,
 * Calendars.ReadBasic[.All]): Exchange then withholds body, bodyPreview, uniqueBody and attachments,
 * and (mail) refuses $search.
 */
export function basicOnly(claims: EmulatorAccessTokenClaims, full: string[]): boolean {
  if (isAppToken(claims)) return !rolesOf(claims).some((role) => full.includes(role));
  return !hasAnyScope(claims, full);
}

export const FULL_MAIL = ["Mail.Read", "Mail.ReadWrite"];
export const FULL_CALENDARS = ["Calendars.Read", "Calendars.ReadWrite"];

/** Properties the basic permissions do not cover (Mail.ReadBasic, Calendars.ReadBasic). */
export const NOT_BASIC = ["body", "bodyPreview", "uniqueBody", "attachments", "extensions"];
