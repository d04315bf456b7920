import type { Context, Hono } from "hono";
import type { EmulatorAccessTokenClaims } from "../entra/access-token-verifier.js";
import { hasAnyScope, isAppToken } from "../http/bearer-auth.js";
import { roleAtLeast } from "../workspaces/workspace-state.js";
import type { Dataset, Report } from "../workspaces/workspace-types.js";
import type { EmbedTokenStore } from "./embed-token-store.js";
import { authorizePowerBi, type PowerBiDeps, READ_DATASETS, READ_REPORTS } from "./powerbi-auth.js";
import { entityNotFound, invalidRequest, notAuthorized } from "./powerbi-errors.js";
import { type EffectiveUser, hasRls, roleNamed } from "./row-level-security.js";

export interface EmbedTokenDeps extends PowerBiDeps {
  embedTokens: EmbedTokenStore;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface IdentityInput {
  username?: unknown;
  roles?: unknown;
  datasets?: unknown;
}

/**
 * Embed Token - Generate Token (v2): POST /v1.0/myorg/GenerateToken. The checks run in the
 * service's order — every item exists, the caller is at least Member of each item's workspace
 * (what "Considerations when generating an embed token" asks of a service principal or master
 * user), then the effective identities — and fail with the service's InvalidRequest texts.
 */
export function registerPowerBiEmbedTokenRoutes(app: Hono, deps: EmbedTokenDeps): void {
  app.post("/v1.0/myorg/GenerateToken", async (c) => {
    const claims = await authorizePowerBi(c, deps, READ_DATASETS);
    if (claims instanceof Response) return claims;
    let body: { reports?: unknown; datasets?: unknown; identities?: unknown; lifetimeInMinutes?: unknown };
    try {
      body = (await c.req.json()) as typeof body;
    } catch {
      return invalidRequest(c, "The request body is not valid JSON.");
    }
    if (typeof body !== "object" || body === null)
      return invalidRequest(c, "The request body must be a JSON object.");
    const reportIds = idsOf(body.reports);
    const datasetIds = idsOf(body.datasets);
    if (reportIds === undefined || datasetIds === undefined) {
      return invalidRequest(c, "'reports' and 'datasets' must be arrays of objects with an 'id'.");
    }
    if (reportIds.length === 0 && datasetIds.length === 0) {
      return invalidRequest(c, "Creating embed token requires at least one report or dataset.");
    }
    // Delegated callers also need a report scope when the token covers reports ("Required Scope").
    if (reportIds.length > 0 && !isAppToken(claims) && !hasAnyScope(claims, READ_REPORTS)) {
      return notAuthorized(c);
    }
    const badId = [...reportIds, ...datasetIds].find((id) => !GUID.test(id));
    if (badId !== undefined) return invalidRequest(c, `'${badId}' is not a valid id (a GUID).`);
    const lifetime = body.lifetimeInMinutes;
    if (
      lifetime !== undefined &&
      lifetime !== null &&
      (!Number.isInteger(lifetime) || (lifetime as number) < 0)
    ) {
      return invalidRequest(c, "lifetimeInMinutes must be a positive integer.");
    }

    const reports: Report[] = [];
    for (const id of reportIds) {
      const report = deps.workspaces.findReport(id);
      if (!report) return entityNotFound(c);
      if (!memberOf(deps, claims, report.workspaceId)) return notAuthorized(c);
      reports.push(report);
    }
    const datasets: Dataset[] = [];
    for (const id of datasetIds) {
      const dataset = deps.workspaces.findDataset(id);
      if (!dataset) return entityNotFound(c);
      if (!memberOf(deps, claims, dataset.workspaceId)) return notAuthorized(c);
      datasets.push(dataset);
    }
    // A report renders through its dataset, so the token must cover that dataset too.
    const missing = reports.find((r) => !datasets.some((d) => d.id === r.datasetId));
    if (missing) {
      return invalidRequest(
        c,
        `Creating embed token for report ${missing.id} requires its dataset ${missing.datasetId} to be included in 'datasets'.`,
      );
    }

    const identities = identitiesFor(c, body.identities, datasets);
    if (identities instanceof Response) return identities;

    const { token, grant } = deps.embedTokens.issue(
      {
        reportIds: reports.map((r) => r.id),
        datasetIds: datasets.map((d) => d.id),
        identities,
        editableReportIds: [],
      },
      { lifetimeInMinutes: (lifetime as number | undefined) || undefined, notAfterMs: claims.exp * 1000 },
    );
    return c.json({
      "@odata.context": `${deps.powerBiUrl}/v1.0/myorg/$metadata#Microsoft.PowerBI.ServiceContracts.Api.V1.EmbedToken`,
      token,
      tokenId: grant.tokenId,
      expiration: new Date(grant.expiresAtMs).toISOString().replace(/\.\d{3}Z$/, "Z"),
    });
  });
}

function idsOf(list: unknown): string[] | undefined {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) return undefined;
  const ids = list.map((item) => (item as { id?: unknown } | null)?.id);
  return ids.every((id) => typeof id === "string")
    ? (ids as string[]).map((id) => id.toLowerCase())
    : undefined;
}

const memberOf = (deps: PowerBiDeps, claims: EmulatorAccessTokenClaims, workspaceId: string) =>
  roleAtLeast(deps.workspaces.roleOf(workspaceId, claims.oid), "Member");

/**
 * Checks the effective identities against the datasets: an RLS dataset needs exactly one,
 * with a username and with roles (every cloud model with roles reports
 * isEffectiveIdentityRolesRequired), and each role must exist in the model; a dataset without
 * RLS must get none. Messages are the service's where it has one; the unknown-role text is ours
 * (the service's wording is not documented).
 */
function identitiesFor(
  c: Context,
  input: unknown,
  datasets: Dataset[],
): Map<string, EffectiveUser> | Response {
  if (input !== undefined && input !== null && !Array.isArray(input)) {
    return invalidRequest(c, "'identities' must be an array of effective identities.");
  }
  const list = (input ?? []) as IdentityInput[];
  const byDataset = new Map<string, EffectiveUser>();
  for (const identity of list) {
    if (typeof identity?.username !== "string" || identity.username === "") {
      return invalidRequest(c, "Creating embed token with effective identity requires a username.");
    }
    if (!Array.isArray(identity.datasets) || identity.datasets.length === 0) {
      return invalidRequest(
        c,
        "Creating embed token with effective identity requires datasets to be provided.",
      );
    }
    const roles = identity.roles ?? [];
    if (!Array.isArray(roles) || roles.some((r) => typeof r !== "string")) {
      return invalidRequest(c, "'roles' of an effective identity must be an array of role names.");
    }
    for (const raw of identity.datasets) {
      const id = String(raw).toLowerCase();
      const dataset = datasets.find((d) => d.id === id);
      if (!dataset) {
        return invalidRequest(
          c,
          `Creating embed token with effective identity for dataset ${id} requires that dataset to be included in 'datasets'.`,
        );
      }
      if (!hasRls(dataset)) {
        return invalidRequest(
          c,
          `Creating embed token for accessing dataset ${id} shouldn't have effective identity`,
        );
      }
      if (byDataset.has(id))
        return invalidRequest(c, "Creating embed token with multiple identities is not supported");
      if (roles.length === 0) {
        return invalidRequest(
          c,
          `Creating embed token for accessing dataset ${id} requires roles to be included in provided effective identity`,
        );
      }
      const unknown = (roles as string[]).find((name) => !roleNamed(dataset, name));
      if (unknown !== undefined) {
        return invalidRequest(
          c,
          `Creating embed token for accessing dataset ${id} failed: the role '${unknown}' does not exist in the dataset.`,
        );
      }
      byDataset.set(id, { username: identity.username, roles: roles as string[] });
    }
  }
  const uncovered = datasets.find((d) => hasRls(d) && !byDataset.has(d.id));
  if (uncovered) {
    return invalidRequest(
      c,
      `Creating embed token for accessing dataset ${uncovered.id} requires effective identity to be provided`,
    );
  }
  return byDataset;
}
