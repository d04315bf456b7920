import type { Hono } from "hono";
import type { JobInstance } from "../workspaces/workspace-types.js";
import { authenticateFabric, type FabricDeps, requireScopes, requireWorkspace } from "./fabric-auth.js";
import { fabricError, itemNotFound } from "./fabric-errors.js";

/** Job types an item type runs on demand (plus DefaultJob, which every item type takes). */
const JOB_TYPES: Record<string, string[]> = {
  Notebook: ["RunNotebook"],
  DataPipeline: ["Pipeline"],
  SparkJobDefinition: ["sparkjob"],
  Lakehouse: ["TableMaintenance"],
};

const executeScopes = (type: string) => [
  "Item.Execute.All",
  "Item.ReadWrite.All",
  `${type}.Execute.All`,
  `${type}.ReadWrite.All`,
];
const readJobScopes = (type: string) => [...executeScopes(type), "Item.Read.All", `${type}.Read.All`];

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

/**
 * Run on demand item job: 202 + Location (the job instance, absolute on this origin) +
 * Retry-After: 1 (Fabric says 60; 1 keeps tests fast). Polling the instance walks
 * NotStarted → InProgress → Completed, or Failed for items seeded to fail.
 */
export function registerFabricJobRoutes(app: Hono, deps: FabricDeps): void {
  app.post("/v1/workspaces/:workspaceId/items/:itemId/jobs/instances", async (c) => {
    const claims = await authenticateFabric(c, deps);
    if (claims instanceof Response) return claims;
    const workspace = requireWorkspace(c, deps, claims, c.req.param("workspaceId"));
    if (workspace instanceof Response) return workspace;
    const item = deps.workspaces.getItem(workspace.id, c.req.param("itemId"));
    if (!item) return itemNotFound(c, c.req.param("itemId"));
    const denied = requireScopes(c, claims, executeScopes(item.type));
    if (denied) return denied;
    // Running jobs needs Contributor or above; Viewers may only read.
    const allowed = requireWorkspace(c, deps, claims, workspace.id, "Contributor");
    if (allowed instanceof Response) return allowed;
    const jobType = c.req.query("jobType") ?? "";
    const valid = ["DefaultJob", ...(JOB_TYPES[item.type] ?? [])];
    if (!valid.some((t) => t.toLowerCase() === jobType.toLowerCase())) {
      return fabricError(
        c,
        400,
        "InvalidJobType",
        `The job type '${jobType}' is not valid for item type '${item.type}'. Valid job types: ${valid.join(", ")}.`,
      );
    }
    const job = deps.workspaces.startJob(
      item,
      valid.find((t) => t.toLowerCase() === jobType.toLowerCase()) ?? jobType,
    );
    const location = `${deps.fabricUrl}/v1/workspaces/${workspace.id}/items/${item.id}/jobs/instances/${job.id}`;
    return c.body(null, 202, { Location: location, "Retry-After": "1", "x-ms-job-id": job.id });
  });

  app.get("/v1/workspaces/:workspaceId/items/:itemId/jobs/instances/:jobInstanceId", async (c) => {
    const claims = await authenticateFabric(c, deps);
    if (claims instanceof Response) return claims;
    const workspace = requireWorkspace(c, deps, claims, c.req.param("workspaceId"));
    if (workspace instanceof Response) return workspace;
    const item = deps.workspaces.getItem(workspace.id, c.req.param("itemId"));
    if (!item) return itemNotFound(c, c.req.param("itemId"));
    const denied = requireScopes(c, claims, readJobScopes(item.type));
    if (denied) return denied;
    const job = deps.workspaces.pollJob(workspace.id, item.id, c.req.param("jobInstanceId"));
    if (!job) {
      return fabricError(c, 404, "JobInstanceNotFound", "The requested job instance was not found", {
        relatedResource: { resourceId: c.req.param("jobInstanceId"), resourceType: "JobInstance" },
      });
    }
    const headers: Record<string, string> =
      job.status === "NotStarted" || job.status === "InProgress" ? { "Retry-After": "1" } : {};
    return c.json(jobJson(job), 200, headers);
  });
}
