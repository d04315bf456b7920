import type { Context, Hono } from "hono";
import type { EmulatorAccessTokenClaims } from "../entra/access-token-verifier.js";
import { isAppToken } from "../http/bearer-auth.js";
import { parseIntegerOption } from "../odata/query-options.js";
import { roleAtLeast } from "../workspaces/workspace-state.js";
import type { CellValue, Dataset } from "../workspaces/workspace-types.js";
import { DaxError, evaluateDax } from "./dax-query.js";
import {
  authorizePowerBi,
  type PowerBiDeps,
  READ_DATASETS,
  requireWorkspace,
  WRITE_DATASETS,
} from "./powerbi-auth.js";
import type { EnhancedRefresh } from "./powerbi-catalog.js";
import { entityNotFound, invalidRequest, notAuthorized, pbiError } from "./powerbi-errors.js";
import { refreshJson } from "./powerbi-json.js";
import { type EffectiveUser, hasRls, rolesOf, tablesFor } from "./row-level-security.js";

const MAX_ROWS = 100_000;
const MAX_VALUES = 1_000_000;

/** executeQueries (DAX) and refreshes, in a workspace and in "My workspace" form. */
export function registerPowerBiDatasetRoutes(app: Hono, deps: PowerBiDeps): void {
  const base = "/v1.0/myorg/groups/:groupId/datasets/:datasetId";

  const datasetFor = async (
    c: Context,
    scopes: string[],
    minimum: "Viewer" | "Contributor",
  ): Promise<{ claims: EmulatorAccessTokenClaims; dataset: Dataset } | Response> => {
    const claims = await authorizePowerBi(c, deps, scopes);
    if (claims instanceof Response) return claims;
    const groupId = c.req.param("groupId");
    const datasetId = c.req.param("datasetId") ?? "";
    if (groupId === undefined) {
      // /myorg/datasets/{id}: the dataset is found in whichever workspace holds it.
      const dataset = deps.workspaces
        .listWorkspaces()
        .map((w) => deps.workspaces.getDataset(w.id, datasetId))
        .find((d) => d !== undefined);
      if (!dataset) return entityNotFound(c);
      if (!roleAtLeast(deps.workspaces.roleOf(dataset.workspaceId, claims.oid), minimum))
        return notAuthorized(c);
      return { claims, dataset };
    }
    const workspace = requireWorkspace(c, deps, claims, groupId, minimum);
    if (workspace instanceof Response) return workspace;
    const dataset = deps.workspaces.getDataset(workspace.id, datasetId);
    return dataset ? { claims, dataset } : entityNotFound(c);
  };

  const executeQueries = async (c: Context) => {
    const found = await datasetFor(c, READ_DATASETS, "Viewer");
    if (found instanceof Response) return found;
    let body: {
      queries?: unknown;
      serializerSettings?: { includeNulls?: unknown };
      impersonatedUserName?: unknown;
    };
    try {
      body = (await c.req.json()) as typeof body;
    } catch {
      return invalidRequest(c, "The request body is not valid JSON.");
    }
    if (!Array.isArray(body.queries) || body.queries.length === 0) {
      return invalidRequest(c, "The 'queries' property is required and must contain one query.");
    }
    if (body.queries.length > 1)
      return invalidRequest(c, "Only one query is supported per executeQueries request.");
    const query = (body.queries[0] as { query?: unknown }).query;
    if (typeof query !== "string") return invalidRequest(c, "The query text is required.");
    const impersonated = body.impersonatedUserName;
    if (impersonated !== undefined && impersonated !== null && typeof impersonated !== "string") {
      return invalidRequest(c, "impersonatedUserName must be a string (a UPN).");
    }
    const seen = rowsSeenBy(c, found.claims, found.dataset, impersonated || undefined);
    if (seen instanceof Response) return seen;
    let rows: Record<string, CellValue>[];
    try {
      rows = evaluateDax(query, seen);
    } catch (error) {
      if (!(error instanceof DaxError)) throw error;
      return pbiError(c, 400, "DatasetExecuteQueriesError", {
        details: [
          { code: "DetailsMessage", detail: { type: 1, value: error.message } },
          { code: "AnalysisServicesErrorCode", detail: { type: 1, value: error.analysisServicesCode } },
        ],
      });
    }
    // The service's cap: 100,000 rows or 1,000,000 values, whichever comes first. It answers 200
    // with the rows it kept and an error naming the limit (the message is the reference's; the
    // code is the emulator's, the reference names none).
    const columns = Math.max(1, Object.keys(rows[0] ?? {}).length);
    const limit = Math.min(MAX_ROWS, Math.floor(MAX_VALUES / columns));
    const cut = rows.length > limit;
    // Nulls are left out of each row unless serializerSettings.includeNulls is true.
    const includeNulls = body.serializerSettings?.includeNulls === true;
    const kept = rows.slice(0, limit);
    const shaped = includeNulls
      ? kept
      : kept.map((row) => Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null)));
    const error = {
      code: "QueryResultRowLimitExceeded",
      message: `More than ${limit} rows in a query result`,
    };
    return c.json({ results: [{ tables: [{ rows: shaped, ...(cut ? { error } : {}) }] }] });
  };
  /**
   * The tables a query sees. Without RLS: all of them (impersonatedUserName is ignored, as the
   * reference says). With RLS: a service principal is refused whatever it sends — "Service
   * Principals aren't supported for datasets with RLS" (Execute Queries, Limitations) — with
   * the 401 the service answers; workspace Admins, Members and Contributors see every row
   * unless they impersonate a UPN, whose roles then apply; Viewers see their own roles' rows
   * and cannot impersonate (that needs write permission on the dataset).
   */
  const rowsSeenBy = (
    c: Context,
    claims: EmulatorAccessTokenClaims,
    dataset: Dataset,
    impersonated: string | undefined,
  ) => {
    if (!hasRls(dataset)) return dataset.tables;
    if (isAppToken(claims)) return notAuthorized(c);
    const canWrite = roleAtLeast(deps.workspaces.roleOf(dataset.workspaceId, claims.oid), "Contributor");
    let user: EffectiveUser | undefined;
    if (impersonated !== undefined) {
      if (!canWrite) return notAuthorized(c);
      user = { username: impersonated, roles: rolesOf(dataset, impersonated) };
    } else if (!canWrite) {
      const upn = claims.upn ?? "";
      user = { username: upn, roles: rolesOf(dataset, upn) };
    }
    return user ? tablesFor(dataset, user) : dataset.tables;
  };

  app.post(`${base}/executeQueries`, executeQueries);
  app.post("/v1.0/myorg/datasets/:datasetId/executeQueries", executeQueries);

  /**
   * Datasets - Refresh Dataset (In Group). A body with only notifyOption is a standard refresh:
   * 202 with the RequestId header (the requestId its history entry carries) and nothing else.
   * Any other property makes it an enhanced refresh, which must leave notifyOption out; its 202
   * adds x-ms-request-id (the refreshId), Location (its execution details) and Retry-After, as
   * the reference documents ("returned only if any request payload except notifyOption is set").
   */
  const startRefresh = async (c: Context) => {
    const found = await datasetFor(c, WRITE_DATASETS, "Contributor");
    if (found instanceof Response) return found;
    const text = await c.req.text();
    let body: Record<string, unknown> = {};
    if (text.trim()) {
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        return invalidRequest(c, "The request body is not valid JSON.");
      }
      if (typeof body !== "object" || body === null || Array.isArray(body))
        return invalidRequest(c, "The request body must be a JSON object.");
    }
    const notify = typeof body.notifyOption === "string" ? body.notifyOption : undefined;
    const enhancedKeys = Object.keys(body).filter((key) => key !== "notifyOption");
    if (enhancedKeys.length > 0) {
      if (body.notifyOption !== undefined) {
        return invalidRequest(
          c,
          "notifyOption is not supported by enhanced refresh: leave it out when type, objects or other enhanced refresh properties are set.",
        );
      }
      const enhanced = parseEnhancedRefresh(body, found.dataset);
      if (typeof enhanced === "string") return invalidRequest(c, enhanced);
      if (!found.dataset.isRefreshable) return invalidRequest(c, "The dataset is not refreshable.");
      const refresh = deps.workspaces.addRefresh({
        datasetId: found.dataset.id,
        refreshType: "ViaEnhancedApi",
        startTime: new Date().toISOString(),
        endTime: null,
        status: "Unknown",
      });
      deps.workspaces.powerBi.enhancedRefreshes.set(refresh.requestId, enhanced);
      const location = `${deps.powerBiUrl}/v1.0/myorg/groups/${found.dataset.workspaceId}/datasets/${found.dataset.id}/refreshes/${refresh.requestId}`;
      return c.body(null, 202, {
        RequestId: refresh.requestId,
        "x-ms-request-id": refresh.requestId,
        Location: location,
        "Retry-After": "0",
      });
    }
    // Service principals cannot receive mail, so Power BI rejects any other notify option for them.
    if (isAppToken(found.claims) && notify !== undefined && notify !== "NoNotification") {
      return invalidRequest(c, `Invalid NotifyOption value '${notify}' for app only owner requests`);
    }
    if (!found.dataset.isRefreshable) return invalidRequest(c, "The dataset is not refreshable.");
    const refresh = deps.workspaces.addRefresh({
      datasetId: found.dataset.id,
      refreshType: "ViaApi",
      startTime: new Date().toISOString(),
      endTime: null,
      status: "Unknown",
    });
    return c.body(null, 202, { RequestId: refresh.requestId });
  };
  app.post(`${base}/refreshes`, startRefresh);
  app.post("/v1.0/myorg/datasets/:datasetId/refreshes", startRefresh);

  const listRefreshes = async (c: Context) => {
    const found = await datasetFor(c, READ_DATASETS, "Viewer");
    if (found instanceof Response) return found;
    const top = parseIntegerOption(c.req.query("$top"));
    if (top.invalid !== undefined)
      return invalidRequest(c, `'${top.invalid}' is not a valid value for $top.`);
    const history = deps.workspaces.pollRefreshes(found.dataset.id);
    return c.json({
      "@odata.context": `${deps.powerBiUrl}/v1.0/myorg/$metadata#refreshes`,
      value: history.slice(0, top.value ?? history.length).map(refreshJson),
    });
  };
  app.get(`${base}/refreshes`, listRefreshes);
  app.get("/v1.0/myorg/datasets/:datasetId/refreshes", listRefreshes);

  /**
   * Refresh execution details (where an enhanced refresh's Location points): 202 while the
   * refresh runs, 200 once it ended, as the reference lists both. Standard refreshes have
   * details too (type Full, every table).
   */
  app.get(`${base}/refreshes/:refreshId`, async (c) => {
    const found = await datasetFor(c, READ_DATASETS, "Viewer");
    if (found instanceof Response) return found;
    const refresh = deps.workspaces
      .pollRefreshes(found.dataset.id)
      .find((r) => r.requestId === c.req.param("refreshId"));
    if (!refresh) return entityNotFound(c);
    const done = refresh.status !== "Unknown";
    const enhanced = deps.workspaces.powerBi.enhancedRefreshes.get(refresh.requestId);
    const objects = enhanced?.objects.length
      ? enhanced.objects.map((o) => ({ table: o.table, partition: o.partition ?? o.table }))
      : found.dataset.tables.map((t) => ({ table: t.name, partition: t.name }));
    return c.json(
      {
        startTime: refresh.startTime,
        ...(refresh.endTime ? { endTime: refresh.endTime } : {}),
        type: enhanced?.type ?? "Full",
        commitMode: enhanced?.commitMode ?? "Transactional",
        status: refresh.status,
        extendedStatus: done ? refresh.status : "InProgress",
        currentRefreshType: enhanced?.type ?? "Full",
        numberOfAttempts: 1,
        objects,
        messages: [],
      },
      done ? 200 : 202,
    );
  });
}

const REFRESH_TYPES = ["Full", "ClearValues", "Calculate", "DataOnly", "Automatic", "Defragment"];
const COMMIT_MODES = ["Transactional", "PartialBatch"];

/** The enhanced refresh request, or what is wrong with it (types and tables as the reference lists them). */
function parseEnhancedRefresh(body: Record<string, unknown>, dataset: Dataset): EnhancedRefresh | string {
  const known = [
    "type",
    "commitMode",
    "maxParallelism",
    "retryCount",
    "objects",
    "applyRefreshPolicy",
    "effectiveDate",
    "timeout",
  ];
  const unknown = Object.keys(body).filter((key) => key !== "notifyOption" && !known.includes(key));
  if (unknown.length > 0) return `Unknown refresh request properties: ${unknown.join(", ")}.`;
  const type = body.type ?? "Automatic";
  if (typeof type !== "string" || !REFRESH_TYPES.includes(type))
    return `type must be one of ${REFRESH_TYPES.join(", ")}.`;
  const commitMode = body.commitMode ?? "Transactional";
  if (typeof commitMode !== "string" || !COMMIT_MODES.includes(commitMode))
    return `commitMode must be one of ${COMMIT_MODES.join(", ")}.`;
  for (const key of ["maxParallelism", "retryCount"]) {
    const value = body[key];
    if (value !== undefined && (typeof value !== "number" || !Number.isInteger(value) || value < 0))
      return `${key} must be a non-negative integer.`;
  }
  const objects: EnhancedRefresh["objects"] = [];
  if (body.objects !== undefined) {
    if (!Array.isArray(body.objects)) return "objects must be an array of {table, partition}.";
    for (const entry of body.objects as { table?: unknown; partition?: unknown }[]) {
      if (typeof entry?.table !== "string") return "Each entry of objects needs a table name.";
      if (!dataset.tables.some((t) => t.name === entry.table))
        return `The table '${entry.table}' does not exist in the dataset.`;
      objects.push({
        table: entry.table,
        ...(typeof entry.partition === "string" ? { partition: entry.partition } : {}),
      });
    }
  }
  return { type, commitMode, objects };
}
