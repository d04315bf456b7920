import type { Context, Hono } from "hono";
import type { EmulatorAccessTokenClaims } from "../entra/access-token-verifier.js";
import { hasAnyScope, isAppToken, rolesOf } from "../http/bearer-auth.js";
import { SERVICE_PRINCIPAL_ADMIN_API_ACCESS, type TenantSetting } from "../workspaces/tenant-settings.js";
import { authenticateFabric, type FabricDeps } from "./fabric-auth.js";
import { fabricError, invalidItemType } from "./fabric-errors.js";
import { knownItemType } from "./fabric-item-types.js";
import { fabricPage } from "./fabric-paging.js";
import { principalJson } from "./fabric-principals.js";
import { TENANT_READ, TENANT_WRITE } from "./fabric-scopes.js";

const READ = TENANT_READ;
// Items' lastUpdatedDate: the emulator does not track edits, so every item reports its start.
const SEEDED_AT = new Date().toISOString();
const WRITE = TENANT_WRITE;

/**
 * Fabric admin APIs: tenant settings (GET /v1/admin/tenantsettings, POST .../{name}/update),
 * and the tenant-wide inventory (GET /v1/admin/workspaces, GET /v1/admin/items).
 * Callers are Fabric administrators: a user in the Fabric Administrator role with the
 * Tenant.* scope, or a service principal (with the Tenant.* app role, while the tenant lets
 * service principals use admin APIs).
 */
export function registerFabricAdminRoutes(app: Hono, deps: FabricDeps): void {
  const settings = deps.workspaces.tenantSettings;

  const authorizeAdmin = async (
    c: Context,
    accepted: string[],
  ): Promise<EmulatorAccessTokenClaims | Response> => {
    const claims = await authenticateFabric(c, deps, { adminApi: true });
    if (claims instanceof Response) return claims;
    const forbidden = () =>
      fabricError(c, 403, "Forbidden", "The caller doesn't have permissions to call the API.");
    if (isAppToken(claims)) {
      if (!settings.isEnabled(SERVICE_PRINCIPAL_ADMIN_API_ACCESS)) return forbidden();
      return rolesOf(claims).some((r) => accepted.includes(r)) ? claims : forbidden();
    }
    if (!hasAnyScope(claims, accepted)) {
      return fabricError(
        c,
        403,
        "InsufficientScopes",
        "The caller does not have sufficient scopes to perform this operation",
        {
          moreDetails: [
            {
              errorCode: "RequiredScopes",
              message: `One of these scopes is required: ${accepted.join(", ")}`,
            },
          ],
        },
      );
    }
    return settings.isFabricAdmin(claims.oid) ? claims : forbidden();
  };

  // The reference shows the list under `value` (paged); earlier versions and the Fabric CLI
  // read `tenantSettings`. Both keys carry the same array so either client works.
  app.get("/v1/admin/tenantsettings", async (c) => {
    const claims = await authorizeAdmin(c, READ);
    if (claims instanceof Response) return claims;
    const list = settings.list();
    return c.json({ tenantSettings: list, value: list });
  });

  const lower = (value: string | undefined) => value?.toLowerCase();

  // Workspaces - List Workspaces (admin): every workspace in the tenant, whatever the caller's roles.
  app.get("/v1/admin/workspaces", async (c) => {
    const claims = await authorizeAdmin(c, READ);
    if (claims instanceof Response) return claims;
    const { type, capacityId, name, state } = c.req.query();
    const all = deps.workspaces
      .listWorkspaces()
      .map((w) => ({ id: w.id, name: w.name, type: "Workspace", state: "Active", capacityId: w.capacityId }))
      .filter(
        (w) =>
          (!type || lower(type) === "workspace") &&
          (!state || lower(state) === "active") &&
          (!capacityId || lower(capacityId) === w.capacityId) &&
          (!name || lower(name) === w.name.toLowerCase()),
      );
    return fabricPage(c, deps.fabricUrl, all, {
      key: "workspaces",
      pageSize: deps.workspaces.fabric.listPageSize,
    });
  });

  // Items - List Items (admin): every item in the tenant, filtered by workspace, capacity, type, state.
  app.get("/v1/admin/items", async (c) => {
    const claims = await authorizeAdmin(c, READ);
    if (claims instanceof Response) return claims;
    const { workspaceId, capacityId, type, state } = c.req.query();
    if (type !== undefined && !knownItemType(type)) return invalidItemType(c, type);
    const items = deps.workspaces
      .listWorkspaces()
      .filter(
        (w) =>
          (!workspaceId || lower(workspaceId) === w.id) &&
          (!capacityId || lower(capacityId) === w.capacityId),
      )
      .flatMap((w) => {
        // The workspace's first Admin stands in for the creator (the emulator does not record one).
        const creator = [...w.members].find(([, role]) => role === "Admin")?.[0];
        return deps.workspaces.listItems(w.id).map((i) => ({
          id: i.id,
          type: i.type,
          name: i.displayName,
          description: i.description,
          state: "Active",
          lastUpdatedDate: SEEDED_AT,
          ...(creator ? { creatorPrincipal: principalJson(deps.directory, creator) } : {}),
          workspaceId: w.id,
          capacityId: w.capacityId,
        }));
      })
      .filter(
        (i) => (!type || lower(type) === i.type.toLowerCase()) && (!state || lower(state) === "active"),
      );
    return fabricPage(c, deps.fabricUrl, items, {
      key: "itemEntities",
      pageSize: deps.workspaces.fabric.listPageSize,
    });
  });

  app.post("/v1/admin/tenantsettings/:name/update", async (c) => {
    const claims = await authorizeAdmin(c, WRITE);
    if (claims instanceof Response) return claims;
    const name = c.req.param("name");
    if (!settings.get(name)) {
      return fabricError(c, 404, "TenantSettingNotFound", `The tenant setting '${name}' was not found.`);
    }
    let body: { enabled?: unknown; enabledSecurityGroups?: unknown };
    try {
      body = (await c.req.json()) as typeof body;
    } catch {
      return fabricError(c, 400, "InvalidRequest", "The request body is not valid JSON.");
    }
    if (typeof body?.enabled !== "boolean") {
      return fabricError(c, 400, "InvalidRequest", "The 'enabled' property is required.");
    }
    const groups = Array.isArray(body.enabledSecurityGroups)
      ? (body.enabledSecurityGroups as NonNullable<TenantSetting["enabledSecurityGroups"]>)
      : undefined;
    const updated = settings.set(name, body.enabled, groups);
    return c.json({ tenantSettings: [updated] });
  });
}
