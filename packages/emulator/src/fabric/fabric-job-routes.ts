import type { Context, Hono } from "hono";
import type { JobInstance } from "../workspaces/workspace-types.js";
import { authorizeItem, type FabricDeps } from "./fabric-auth.js";
import { fabricError } from "./fabric-errors.js";
import { fabricPage } from "./fabric-paging.js";
import { itemExecute, itemRead } from "./fabric-scopes.js";
import type { RunRequest } from "./fabric-state.js";

/** Job types an item type runs on demand (plus DefaultJob, which every item type takes). */
const JOB_TYPES: Record<string, string[]> = {
  Notebook: ["RunNotebook"],
  DataPipeline: ["Pipeline"],
  SparkJobDefinition: ["sparkjob"],
  Lakehouse: ["TableMaintenance"],
};

/** Job types that take the request's per-run `parameters` (the spec: "not broadly supported"). */
const PARAMETER_JOB_TYPES = new Set(["RunNotebook", "Pipeline", "DefaultJob"]);

const jobJson = (job: JobInstance) => ({
  id: job.id,
  itemId: job.itemId,
  jobType: job.jobType,
  invokeType: job.invokeType,
  status: job.status,
  rootActivityId: job.rootActivityId,
  startTimeUtc: job.startTimeUtc,
  endTimeUtc: job.endTimeUtc,
  failureReason: job.failureReason,
});

const jobNotFound = (c: Context, id: string) =>
  fabricError(c, 404, "JobInstanceNotFound", "The requested job instance was not found", {
    relatedResource: { resourceId: id, resourceType: "JobInstance" },
  });

/** The RunOnDemandItemJobRequest body, or the 400 that says what is wrong with it. */
async function readRunRequest(c: Context, jobType: string): Promise<RunRequest | Response> {
  const text = await c.req.text();
  if (!text.trim()) return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return fabricError(c, 400, "InvalidRequest", "The request body is not valid JSON.");
  }
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    return fabricError(c, 400, "InvalidRequest", "The request body must be a JSON object.");
  }
  const { executionData, parameters } = body as Record<string, unknown>;
  if (executionData !== undefined && (typeof executionData !== "object" || Array.isArray(executionData))) {
    return fabricError(c, 400, "InvalidRequest", "The 'executionData' property must be an object.");
  }
  if (parameters === undefined) return { executionData };
  if (!PARAMETER_JOB_TYPES.has(jobType)) {
    return fabricError(
      c,
      400,
      "FeatureNotAvailable",
      "Parameter is not allowed for this item type or this item job type",
    );
  }
  const valid =
    Array.isArray(parameters) &&
    parameters.every(
      (p) =>
        p &&
        typeof p === "object" &&
        typeof (p as Record<string, unknown>).name === "string" &&
        typeof (p as Record<string, unknown>).type === "string" &&
        "value" in (p as Record<string, unknown>),
    );
  if (!valid) {
    return fabricError(
      c,
      400,
      "InvalidRequest",
      "The 'parameters' property must be an array of {name, type, value} objects.",
    );
  }
  return { executionData, parameters: parameters as unknown[] };
}

/**
 * Job Scheduler: run on demand (the canonical path with the job type in it, and the older
 * `?jobType=` form the service still accepts), get, list and cancel job instances, list
 * schedules. A run answers 202 + Location (the job instance, absolute on this origin) +
 * Retry-After: 1 (Fabric says 60; 1 keeps tests fast). Polling the instance walks
 * NotStarted → InProgress → Completed, or Failed for items seeded to fail.
 */
export function registerFabricJobRoutes(app: Hono, deps: FabricDeps): void {
  const run = async (c: Context, requested: string) => {
    // Running jobs needs Contributor or above; Viewers may only read.
    const auth = await authorizeItem(c, deps, itemExecute, { minimum: "Contributor" });
    if (auth instanceof Response) return auth;
    const { workspace, item } = auth;
    const valid = ["DefaultJob", ...(JOB_TYPES[item.type] ?? [])];
    const jobType = valid.find((t) => t.toLowerCase() === requested.toLowerCase());
    if (!jobType) {
      return fabricError(
        c,
        400,
        "InvalidJobType",
        `The job type '${requested}' is not valid for item type '${item.type}'. Valid job types: ${valid.join(", ")}.`,
      );
    }
    const request = await readRunRequest(c, jobType);
    if (request instanceof Response) return request;
    const job = deps.workspaces.startJob(item, jobType);
    deps.workspaces.fabric.recordRunRequest(job.id, request);
    const location = `${deps.fabricUrl}/v1/workspaces/${workspace.id}/items/${item.id}/jobs/instances/${job.id}`;
    // The swagger documents Location and Retry-After on this 202, nothing else.
    return c.body(null, 202, { Location: location, "Retry-After": "1" });
  };

  app.post("/v1/workspaces/:workspaceId/items/:itemId/jobs/:jobType/instances", (c) =>
    run(c, c.req.param("jobType")),
  );
  app.post("/v1/workspaces/:workspaceId/items/:itemId/jobs/instances", (c) =>
    run(c, c.req.query("jobType") ?? ""),
  );

  app.get("/v1/workspaces/:workspaceId/items/:itemId/jobs/instances", async (c) => {
    const auth = await authorizeItem(c, deps, itemRead);
    if (auth instanceof Response) return auth;
    // Newest first, as the service lists them.
    const jobs = deps.workspaces.listJobs(auth.workspace.id, auth.item.id).reverse().map(jobJson);
    return fabricPage(c, deps.fabricUrl, jobs, {
      key: "value",
      pageSize: deps.workspaces.fabric.listPageSize,
    });
  });

  app.get("/v1/workspaces/:workspaceId/items/:itemId/jobs/instances/:jobInstanceId", async (c) => {
    const auth = await authorizeItem(c, deps, itemRead);
    if (auth instanceof Response) return auth;
    const job = deps.workspaces.pollJob(auth.workspace.id, auth.item.id, c.req.param("jobInstanceId"));
    if (!job) return jobNotFound(c, c.req.param("jobInstanceId"));
    const headers: Record<string, string> =
      job.status === "NotStarted" || job.status === "InProgress" ? { "Retry-After": "1" } : {};
    return c.json(jobJson(job), 200, headers);
  });

  // Cancel Item Job Instance: 202 + Location (the instance) + Retry-After; a finished job is 400.
  app.post("/v1/workspaces/:workspaceId/items/:itemId/jobs/instances/:jobInstanceId/cancel", async (c) => {
    const auth = await authorizeItem(c, deps, itemExecute, { minimum: "Contributor" });
    if (auth instanceof Response) return auth;
    const id = c.req.param("jobInstanceId");
    const job = deps.workspaces.getJob(id);
    if (!job || job.workspaceId !== auth.workspace.id || job.itemId !== auth.item.id)
      return jobNotFound(c, id);
    if (!deps.workspaces.cancelJob(job.id)) {
      return fabricError(
        c,
        400,
        "JobAlreadyCompleted",
        `The job instance has already finished with status ${job.status}; only a NotStarted or InProgress job can be cancelled.`,
      );
    }
    const location = `${deps.fabricUrl}/v1/workspaces/${auth.workspace.id}/items/${auth.item.id}/jobs/instances/${job.id}`;
    return c.body(null, 202, { Location: location, "Retry-After": "1" });
  });

  app.get("/v1/workspaces/:workspaceId/items/:itemId/jobs/:jobType/schedules", async (c) => {
    const auth = await authorizeItem(c, deps, itemRead);
    if (auth instanceof Response) return auth;
    const schedules = deps.workspaces.fabric
      .listSchedules(auth.item.id, c.req.param("jobType"))
      .map(({ itemId: _item, jobType: _type, ...schedule }) => schedule);
    return fabricPage(c, deps.fabricUrl, schedules, {
      key: "value",
      pageSize: deps.workspaces.fabric.listPageSize,
    });
  });
}
