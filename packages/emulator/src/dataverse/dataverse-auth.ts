import type { Context } from "hono";
import type { EmulatorAccessTokenClaims } from "../entra/access-token-verifier.js";
import {
  audienceIn,
  hasAnyScope,
  isAppToken,
  type ResourceAuthDeps,
  readBearer,
} from "../http/bearer-auth.js";
import type { DataverseEnvironment, SystemUser } from "./dataverse-environment.js";
import { dataverseError } from "./dataverse-errors.js";
import { missingPrivilegeMessage } from "./dataverse-security.js";
import type { EntityDefinition } from "./entity-definitions.js";

export interface DataverseDeps extends ResourceAuthDeps {
  /** The login origin and tenant, for the authorization_uri of 401 challenges. */
  loginUrl: string;
  tenantId: string;
  /** True when the tenant has a service principal for the app id (application users need one). */
  servicePrincipalExists: (appId: string) => boolean;
}

/**
 * Dataverse checks, in its order: a valid token whose audience is this environment's URL
 * (anything else: 401 with an empty body and a Bearer challenge naming the resource), the
 * delegated user_impersonation scope, then a systemuser for the caller — an application user
 * for app tokens. No systemuser: 403 0x80072560 "The user is not a member of the organization."
 */
export async function authorizeDataverse(
  c: Context,
  deps: DataverseDeps,
  environment: DataverseEnvironment,
): Promise<{ claims: EmulatorAccessTokenClaims; user: SystemUser } | Response> {
  const challenge = (extra: string) =>
    c.body(null, 401, {
      "WWW-Authenticate": `Bearer ${extra}authorization_uri=${deps.loginUrl}/${deps.tenantId}/oauth2/authorize, resource_id=${environment.info.url}/`,
    });
  const bearer = await readBearer(c, deps);
  if (!bearer.ok) {
    if (bearer.reason === "missing") return challenge("");
    return challenge('error="invalid_token", error_description="Error during token validation!", ');
  }
  const { claims } = bearer;
  if (!audienceIn(claims.aud, [environment.info.url])) {
    return challenge('error="invalid_token", error_description="The audience is invalid.", ');
  }
  if (!isAppToken(claims) && !hasAnyScope(claims, ["user_impersonation"])) {
    return challenge(
      'error="insufficient_scope", error_description="The token has no user_impersonation scope.", ',
    );
  }
  const user = environment.findCaller(claims);
  if (!user) return dataverseError(c, 403, "0x80072560", "The user is not a member of the organization.");
  return { claims, user };
}

/** 403 0x80040220 naming `privilege`: what Dataverse sends when the caller's roles lack it. */
export function missingPrivilege(
  c: Context,
  environment: DataverseEnvironment,
  user: SystemUser,
  privilege: string,
  definition: Pick<EntityDefinition, "objectTypeCode" | "logicalName">,
): Response {
  const message = missingPrivilegeMessage({
    systemuserid: user.systemuserid,
    accessMode: user.applicationid ? 4 : 0,
    roleCount: environment.rolesOf(user.systemuserid).length,
    privilege,
    objectTypeCode: definition.objectTypeCode,
    logicalName: definition.logicalName,
  });
  return dataverseError(c, 403, "0x80040220", message);
}

/** Reading rows needs a security role; a systemuser with none gets prvRead<Entity> refused. */
export function requireAnyRole(
  c: Context,
  environment: DataverseEnvironment,
  user: SystemUser,
  definition: EntityDefinition,
): Response | undefined {
  if (environment.rolesOf(user.systemuserid).length > 0) return undefined;
  return missingPrivilege(c, environment, user, `prvRead${definition.schemaName}`, definition);
}
