import type { Context, Hono } from "hono";
import type { EmulatorAccessTokenClaims } from "../entra/access-token-verifier.js";
import {
  type ArmDeps,
  armError,
  armJson,
  authenticateArm,
  authorizationFailed,
  requireAction,
} from "./arm-auth.js";
import { genericResourceJson, resourceGroupJson, subscriptionJson, vaultJson } from "./arm-json.js";
import { handleRoleAssignments, handleRoleDefinitions } from "./arm-role-assignment-routes.js";
import { isScopeError, resolveArmScope } from "./arm-scope.js";

export type { ArmDeps } from "./arm-auth.js";

const ROLE_ASSIGNMENTS = /^(.*)\/providers\/Microsoft\.Authorization\/roleAssignments(?:\/([^/]+))?$/i;
const ROLE_DEFINITIONS = /^(.*)\/providers\/Microsoft\.Authorization\/roleDefinitions(?:\/([^/]+))?$/i;
const VAULT_READ = "Microsoft.KeyVault/vaults/read";

/**
 * Azure Resource Manager for one subscription holding one resource group with one RBAC Key
 * Vault: subscriptions, resources, the vault, role definitions and role assignments. ARM paths
 * are scopes of any depth and case-insensitive, so one handler parses them.
 */
export function registerArmRoutes(app: Hono, deps: ArmDeps): void {
  app.all("*", async (c) => {
    const path = decodeURIComponent(new URL(c.req.url).pathname).replace(/\/+$/, "");
    if (!c.req.query("api-version")) {
      return armError(
        c,
        400,
        "MissingApiVersionParameter",
        "The api-version query parameter (?api-version=) is required for all requests.",
      );
    }
    const claims = await authenticateArm(c, deps);
    if (claims instanceof Response) return claims;

    const assignments = ROLE_ASSIGNMENTS.exec(path);
    if (assignments) return handleRoleAssignments(c, deps, claims, assignments[1] ?? "", assignments[2]);
    const definitions = ROLE_DEFINITIONS.exec(path);
    if (definitions) {
      if (c.req.method !== "GET") return notSupported(c);
      return handleRoleDefinitions(c, deps, definitions[1] ?? "", definitions[2]);
    }
    if (c.req.method !== "GET") return notSupported(c);
    return readResource(c, deps, claims, path);
  });
}

const notSupported = (c: Context) =>
  armError(
    c,
    400,
    "InvalidRequest",
    `The method '${c.req.method}' is not supported by the emulator for this path.`,
  );

/** GETs of subscriptions, resource listings, the resource group and the vault. */
function readResource(c: Context, deps: ArmDeps, claims: EmulatorAccessTokenClaims, path: string): Response {
  const { vault, roleAssignments } = deps;
  const subscription = `/subscriptions/${vault.subscriptionId}`;
  const visible = roleAssignments.hasAnyWithin(claims.oid, subscription);
  const canReadVault = roleAssignments.allows(claims.oid, vault.armResourceId, VAULT_READ, "action");
  const lower = path.toLowerCase();

  // Subscriptions are listed to whoever holds any role at or below them.
  if (lower === "/subscriptions") {
    const value = visible
      ? [subscriptionJson(vault.subscriptionId, deps.tenantId, deps.subscriptionDisplayName)]
      : [];
    return armJson(c, { value, count: { type: "Total", value: value.length } });
  }
  const segments = path.split("/").filter(Boolean);
  const scopeOf = (n: number) => `/${segments.slice(0, n).join("/")}`;
  const scope = resolveArmScope(scopeOf(Math.min(2, segments.length)), vault);
  if (isScopeError(scope)) return armError(c, 404, scope.code, scope.message);
  if (!visible) return authorizationFailed(c, claims, "Microsoft.Resources/subscriptions/read", subscription);

  if (lower === subscription.toLowerCase()) {
    return armJson(c, subscriptionJson(vault.subscriptionId, deps.tenantId, deps.subscriptionDisplayName));
  }
  // Listings show only what the caller may read, as ARM filters them.
  if (lower === `${subscription}/resources`.toLowerCase()) {
    const filter = c.req.query("$filter")?.trim();
    const type = filter ? /^resourceType eq '([^']+)'$/i.exec(filter)?.[1] : undefined;
    if (filter && type === undefined)
      return armError(
        c,
        400,
        "InvalidFilterInQueryString",
        `Invalid $filter '${filter}' specified in the query string.`,
      );
    const matches = type === undefined || type.toLowerCase() === "microsoft.keyvault/vaults";
    return armJson(c, { value: canReadVault && matches ? [genericResourceJson(vault)] : [] });
  }
  const groupPath = `${subscription}/resourceGroups/${vault.resourceGroup}`.toLowerCase();
  if (
    lower === `${subscription}/providers/microsoft.keyvault/vaults`.toLowerCase() ||
    lower === `${groupPath}/providers/microsoft.keyvault/vaults`
  ) {
    if (lower.startsWith(groupPath)) {
      const group = resolveArmScope(scopeOf(4), vault);
      if (isScopeError(group)) return armError(c, 404, group.code, group.message);
    }
    return armJson(c, { value: canReadVault ? [vaultJson(vault, deps.tenantId)] : [] });
  }
  const target = resolveArmScope(path, vault);
  if (isScopeError(target)) return armError(c, 404, target.code, target.message);
  if (target.kind === "resourceGroup") {
    const denied = requireAction(
      c,
      deps,
      claims,
      "Microsoft.Resources/subscriptions/resourceGroups/read",
      target.id,
    );
    return denied ?? armJson(c, resourceGroupJson(vault));
  }
  if (target.kind === "vault") {
    const denied = requireAction(c, deps, claims, VAULT_READ, target.id);
    return denied ?? armJson(c, vaultJson(vault, deps.tenantId));
  }
  return armJson(c, subscriptionJson(vault.subscriptionId, deps.tenantId, deps.subscriptionDisplayName));
}
