/**
 * Consent covering each selected server's manifests (else AADSTS65001): every application permission
 * assigned to the app's service principal, every delegated scope in the tenant-wide grant.
 */
import type { GraphServicePrincipal } from "../clients/graph-types.js";
import { describeError } from "../errors.js";
import { loadManifests } from "../manifests/load-manifests.js";
import {
  catalogOf,
  type ResourceCatalog,
  resolvePermissions,
  resourceAppIds,
} from "../manifests/resolve-permissions.js";
import { type CheckResult, fail, pass, skip } from "./check.js";
import { type DoctorContext, provisionFix } from "./doctor-context.js";

export async function checkConsent(ctx: DoctorContext): Promise<CheckResult[]> {
  const title = (server: string) => `Consent: ${server}`;
  if (!ctx.app) {
    return ctx.servers.map((server) =>
      skip(`consent:${server}`, title(server), "the app registration could not be read"),
    );
  }
  const graph = ctx.clients.graph;
  let sp: GraphServicePrincipal | undefined;
  try {
    sp = await graph.findServicePrincipal(ctx.config.clientId);
  } catch (error) {
    const why = describeError(error).message;
    return ctx.servers.map((server) =>
      skip(`consent:${server}`, title(server), `cannot read the service principal (${why})`),
    );
  }
  if (!sp) {
    return ctx.servers.map((server) =>
      fail(
        `consent:${server}`,
        title(server),
        "the app has no service principal: nothing is consented (AADSTS65001)",
        provisionFix(ctx),
      ),
    );
  }
  const catalogs = new Map<string, ResourceCatalog | undefined>();
  const assigned = new Map<string, Set<string>>();
  const granted = new Map<string, string[]>();
  const results: CheckResult[] = [];
  for (const server of ctx.servers) {
    const fix = provisionFix(ctx, "--servers", server);
    try {
      const files = loadManifests(ctx.rootDir, [server]);
      for (const appId of resourceAppIds(files)) {
        if (!catalogs.has(appId)) {
          const resourceSp = await graph.findServicePrincipal(appId);
          catalogs.set(appId, resourceSp ? catalogOf(resourceSp) : undefined);
        }
      }
      const missing: string[] = [];
      let roleCount = 0;
      let scopeCount = 0;
      for (const resource of resolvePermissions(files, catalogs)) {
        roleCount += resource.appRoles.length;
        scopeCount += resource.scopes.length;
        if (resource.appRoles.length > 0) {
          if (!assigned.has(resource.spId)) {
            const list = await graph.appRoleAssignments(resource.spId, sp.id);
            assigned.set(resource.spId, new Set(list.map((a) => a.appRoleId.toLowerCase())));
          }
          const have = assigned.get(resource.spId) as Set<string>;
          for (const role of resource.appRoles) {
            if (!have.has(role.id.toLowerCase()))
              missing.push(`${role.name} (application, ${resource.resource})`);
          }
        }
        if (resource.scopes.length > 0) {
          if (!granted.has(resource.spId)) {
            const grant = await graph.findAllPrincipalsGrant(sp.id, resource.spId);
            granted.set(
              resource.spId,
              (grant?.scope ?? "")
                .split(" ")
                .filter(Boolean)
                .map((s) => s.toLowerCase()),
            );
          }
          const have = granted.get(resource.spId) as string[];
          for (const scope of resource.scopes) {
            if (!have.includes(scope.name.toLowerCase()))
              missing.push(`${scope.name} (delegated, ${resource.resource})`);
          }
        }
      }
      results.push(
        missing.length === 0
          ? pass(
              `consent:${server}`,
              title(server),
              `${roleCount} application and ${scopeCount} delegated permission(s) consented`,
            )
          : fail(
              `consent:${server}`,
              title(server),
              `not consented (AADSTS65001): ${missing.join(", ")}`,
              fix,
            ),
      );
    } catch (error) {
      const { message } = describeError(error);
      results.push(fail(`consent:${server}`, title(server), message, fix));
    }
  }
  return results;
}
