import type { Context, Hono } from "hono";
import { authorizeDataverse, type DataverseDeps, missingPrivilege } from "./dataverse-auth.js";
import type { DataverseEnvironment, SystemUser } from "./dataverse-environment.js";
import { dataverseError } from "./dataverse-errors.js";
import { SYSTEM_ADMINISTRATOR } from "./dataverse-security.js";
import { definitionBySet } from "./entity-definitions.js";

const GUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
const USER_SEGMENT = new RegExp(`^systemusers\\((${GUID})\\)$`);
const ROLE_REF = new RegExp(`roles\\((${GUID})\\)$`);
const ROLE_NAV = new RegExp(`^systemuserroles_association\\((${GUID})\\)$`);
const SYSTEMUSER = definitionBySet("systemusers") ?? { objectTypeCode: 8, logicalName: "systemuser" };
const ROLE = definitionBySet("roles") ?? { objectTypeCode: 1036, logicalName: "role" };

/**
 * Application users and their security roles, as an admin creates them over the Web API:
 * POST systemusers {applicationid, businessunitid@odata.bind}, then
 * POST systemusers(id)/systemuserroles_association/$ref {"@odata.id": ".../roles(id)"}.
 * Only a System Administrator of the environment may do either.
 */
export function registerDataverseUserAdminRoutes(
  app: Hono,
  deps: DataverseDeps,
  environment: DataverseEnvironment,
): void {
  const api = `${environment.info.url}/api/data/v9.2`;
  const notFound = (c: Context, entity: string, id: string) =>
    dataverseError(c, 404, "0x80040217", `${entity} With Id = ${id} Does Not Exist`);

  /** The caller, if a System Administrator; else the 403 naming the privilege it lacks. */
  const admin = async (
    c: Context,
    privilege: string,
    definition: typeof SYSTEMUSER,
  ): Promise<SystemUser | Response> => {
    if (!/^v9\.[0-2]$/.test(c.req.param("version") ?? "")) {
      return dataverseError(
        c,
        404,
        "0x8006088a",
        `Resource not found for the segment '${c.req.param("version")}'.`,
      );
    }
    const auth = await authorizeDataverse(c, deps, environment);
    if (auth instanceof Response) return auth;
    if (environment.hasRole(auth.user.systemuserid, SYSTEM_ADMINISTRATOR)) return auth.user;
    return missingPrivilege(c, environment, auth.user, privilege, definition);
  };
  const readJson = async (c: Context): Promise<Record<string, unknown> | Response> => {
    try {
      const body = (await c.req.json()) as unknown;
      if (typeof body === "object" && body !== null && !Array.isArray(body))
        return body as Record<string, unknown>;
    } catch {
      // fall through to the syntax error Dataverse reports
    }
    return dataverseError(c, 400, "0x80060891", "The request body is not a valid JSON object.");
  };
  const targetUser = (c: Context) => {
    const id = USER_SEGMENT.exec(decodeURIComponent(c.req.param("segment") ?? ""))?.[1]?.toLowerCase();
    return { id, user: id ? environment.getUserById(id) : undefined };
  };

  app.post("/api/data/:version/systemusers", async (c) => {
    const caller = await admin(c, "prvCreateUser", SYSTEMUSER);
    if (caller instanceof Response) return caller;
    const body = await readJson(c);
    if (body instanceof Response) return body;
    const appId = typeof body.applicationid === "string" ? body.applicationid.toLowerCase() : undefined;
    if (!appId || !new RegExp(`^${GUID}$`).test(appId)) {
      return dataverseError(
        c,
        400,
        "0x80040203",
        "Attribute 'applicationid' is required to create an application user.",
      );
    }
    const bind = body["businessunitid@odata.bind"];
    const businessUnitId =
      typeof bind === "string" ? new RegExp(`businessunits\\((${GUID})\\)$`).exec(bind)?.[1] : undefined;
    if (!businessUnitId)
      return dataverseError(c, 400, "0x80040203", "A business unit (businessunitid@odata.bind) is required.");
    if (businessUnitId.toLowerCase() !== environment.info.businessUnitId)
      return notFound(c, "businessunit", businessUnitId);
    if (!deps.servicePrincipalExists(appId)) {
      return dataverseError(
        c,
        400,
        "0x80040203",
        `No application with applicationid ${appId} exists in the tenant ${deps.tenantId}.`,
      );
    }
    if (environment.listUsers().some((u) => u.applicationid === appId)) {
      return dataverseError(c, 400, "0x80040237", "A record with matching key values already exists.");
    }
    const fullname = typeof body.fullname === "string" ? body.fullname : `# ${appId}`;
    const created = environment.addApplicationUser(appId, fullname, []);
    const entityId = `${api}/systemusers(${created.systemuserid})`;
    if (/return=representation/i.test(c.req.header("prefer") ?? "")) {
      const record = environment
        .recordsOf("systemusers")
        .find((r) => r.systemuserid === created.systemuserid);
      return c.json({ "@odata.context": `${api}/$metadata#systemusers/$entity`, ...record }, 201, {
        "OData-EntityId": entityId,
        "OData-Version": "4.0",
      });
    }
    return c.body(null, 204, { "OData-EntityId": entityId, "OData-Version": "4.0" });
  });

  app.get("/api/data/:version/:segment/systemuserroles_association", async (c) => {
    if (!/^v9\.[0-2]$/.test(c.req.param("version"))) return notFound(c, "segment", c.req.param("version"));
    const auth = await authorizeDataverse(c, deps, environment);
    if (auth instanceof Response) return auth;
    const { id, user } = targetUser(c);
    if (!user) return notFound(c, "systemuser", id ?? c.req.param("segment"));
    if (environment.rolesOf(auth.user.systemuserid).length === 0) {
      return missingPrivilege(c, environment, auth.user, "prvReadRole", ROLE);
    }
    const value = environment
      .rolesOf(user.systemuserid)
      .map((r) => ({ "@odata.etag": `W/"${r.roleid.slice(0, 6)}"`, ...r }));
    return c.json({ "@odata.context": `${api}/$metadata#roles`, value }, 200, { "OData-Version": "4.0" });
  });

  app.post("/api/data/:version/:segment/systemuserroles_association/$ref", async (c) => {
    const caller = await admin(c, "prvAssignRole", ROLE);
    if (caller instanceof Response) return caller;
    const { id, user } = targetUser(c);
    if (!user) return notFound(c, "systemuser", id ?? c.req.param("segment"));
    const body = await readJson(c);
    if (body instanceof Response) return body;
    const ref = body["@odata.id"];
    const roleId = typeof ref === "string" ? ROLE_REF.exec(ref)?.[1]?.toLowerCase() : undefined;
    if (!roleId) return dataverseError(c, 400, "0x80060888", "The @odata.id must reference roles(<roleid>).");
    if (!environment.roles().some((r) => r.roleid === roleId)) return notFound(c, "role", roleId);
    if (!environment.assignRole(user.systemuserid, roleId)) {
      return dataverseError(c, 400, "0x80040237", "Cannot insert duplicate key.");
    }
    return c.body(null, 204, { "OData-Version": "4.0" });
  });

  app.delete("/api/data/:version/:segment/:navigation/$ref", async (c) => {
    const caller = await admin(c, "prvAssignRole", ROLE);
    if (caller instanceof Response) return caller;
    const { id, user } = targetUser(c);
    const roleId = ROLE_NAV.exec(decodeURIComponent(c.req.param("navigation")))?.[1]?.toLowerCase();
    if (!user || !roleId) return notFound(c, "systemuser", id ?? c.req.param("segment"));
    if (!environment.removeRole(user.systemuserid, roleId)) return notFound(c, "role", roleId);
    return c.body(null, 204, { "OData-Version": "4.0" });
  });
}
