import { FabricState } from "../fabric/fabric-state.js";
import { newGuid } from "../ids.js";
import { PowerBiCatalog } from "../powerbi/powerbi-catalog.js";
import { TenantSettings } from "./tenant-settings.js";
import type {
  Dataset,
  DatasetRefresh,
  FabricItem,
  JobInstance,
  LakehouseTable,
  Report,
  Workspace,
  WorkspaceRole,
} from "./workspace-types.js";

const ROLE_RANK: Record<WorkspaceRole, number> = { Viewer: 1, Contributor: 2, Member: 3, Admin: 4 };

/** True when `role` is at least `minimum` (Viewer < Contributor < Member < Admin). */
export const roleAtLeast = (role: WorkspaceRole | undefined, minimum: WorkspaceRole): boolean =>
  role !== undefined && ROLE_RANK[role] >= ROLE_RANK[minimum];

const isoNow = () => new Date().toISOString();

/**
 * Workspaces and their content, shared by the Power BI and Fabric APIs the way the real
 * services share them: a dataset is also a SemanticModel item, a report a Report item.
 */
export class WorkspaceState {
  /** Fabric tenant settings (service principal access) and Fabric administrators. */
  readonly tenantSettings = new TenantSettings();
  /** Power BI's own content (dashboards, dataflows, capacities, gateways, apps, activity, scans). */
  readonly powerBi = new PowerBiCatalog();
  /** Fabric-only state: capacities, connections, shortcuts, schedules, Git, definitions, operations. */
  readonly fabric = new FabricState();
  private readonly workspaces = new Map<string, Workspace>();
  private readonly datasets = new Map<string, Dataset>();
  private readonly reports = new Map<string, Report>();
  private readonly items = new Map<string, FabricItem>();
  private readonly tables = new Map<string, LakehouseTable[]>();
  private readonly jobs = new Map<string, JobInstance>();
  private readonly refreshes: DatasetRefresh[] = [];
  private refreshCounter = 1000;

  addWorkspace(input: { id?: string; name: string; description?: string; capacityId?: string }): Workspace {
    const workspace: Workspace = {
      id: input.id ?? newGuid(),
      name: input.name,
      description: input.description ?? "",
      capacityId: input.capacityId ?? newGuid(),
      members: new Map(),
    };
    this.workspaces.set(workspace.id, workspace);
    return workspace;
  }

  /** Gives a principal (user oid or service principal object id) a role; undefined removes it. */
  setRole(workspaceId: string, principalId: string, role: WorkspaceRole | undefined): void {
    const workspace = this.workspaces.get(workspaceId);
    if (!workspace) throw new Error(`workspaces: no workspace ${workspaceId}.`);
    if (role) workspace.members.set(principalId, role);
    else workspace.members.delete(principalId);
  }

  getWorkspace(id: string): Workspace | undefined {
    return this.workspaces.get(id.toLowerCase());
  }

  listWorkspaces(): Workspace[] {
    return [...this.workspaces.values()];
  }

  roleOf(workspaceId: string, principalId: string): WorkspaceRole | undefined {
    return this.workspaces.get(workspaceId)?.members.get(principalId);
  }

  addDataset(input: Omit<Dataset, "id" | "createdDate"> & { id?: string; createdDate?: string }): Dataset {
    const dataset: Dataset = {
      ...input,
      id: input.id ?? newGuid(),
      createdDate: input.createdDate ?? isoNow(),
    };
    this.datasets.set(dataset.id, dataset);
    return dataset;
  }

  getDataset(workspaceId: string, id: string): Dataset | undefined {
    const dataset = this.datasets.get(id.toLowerCase());
    return dataset?.workspaceId === workspaceId ? dataset : undefined;
  }

  listDatasets(workspaceId: string): Dataset[] {
    return [...this.datasets.values()].filter((d) => d.workspaceId === workspaceId);
  }

  addReport(input: Omit<Report, "id"> & { id?: string }): Report {
    const report: Report = { ...input, id: input.id ?? newGuid() };
    this.reports.set(report.id, report);
    return report;
  }

  getReport(workspaceId: string, id: string): Report | undefined {
    const report = this.reports.get(id.toLowerCase());
    return report?.workspaceId === workspaceId ? report : undefined;
  }

  /** A report or dataset by id in whichever workspace holds it (GenerateToken names no workspace). */
  findReport(id: string): Report | undefined {
    return this.reports.get(id.toLowerCase());
  }

  findDataset(id: string): Dataset | undefined {
    return this.datasets.get(id.toLowerCase());
  }

  listReports(workspaceId: string): Report[] {
    return [...this.reports.values()].filter((r) => r.workspaceId === workspaceId);
  }

  addItem(input: Omit<FabricItem, "id"> & { id?: string }): FabricItem {
    const item: FabricItem = { ...input, id: input.id ?? newGuid() };
    this.items.set(item.id, item);
    return item;
  }

  /** Fabric's view of a workspace: its items plus its datasets and reports as items. */
  listItems(workspaceId: string): FabricItem[] {
    const models = this.listDatasets(workspaceId).map((d) => ({
      id: d.id,
      workspaceId,
      type: "SemanticModel",
      displayName: d.name,
      description: "",
    }));
    const reports = this.listReports(workspaceId).map((r) => ({
      id: r.id,
      workspaceId,
      type: "Report",
      displayName: r.name,
      description: "",
    }));
    const own = [...this.items.values()].filter((i) => i.workspaceId === workspaceId);
    return [...models, ...reports, ...own];
  }

  getItem(workspaceId: string, itemId: string): FabricItem | undefined {
    return this.listItems(workspaceId).find((i) => i.id === itemId.toLowerCase());
  }

  setLakehouseTables(lakehouseId: string, tables: LakehouseTable[]): void {
    this.tables.set(lakehouseId, [...tables]);
  }

  listLakehouseTables(lakehouseId: string): LakehouseTable[] {
    return [...(this.tables.get(lakehouseId) ?? [])];
  }

  startJob(item: FabricItem, jobType: string): JobInstance {
    const job: JobInstance = {
      id: newGuid(),
      workspaceId: item.workspaceId,
      itemId: item.id,
      jobType,
      invokeType: "Manual",
      status: "NotStarted",
      rootActivityId: newGuid(),
      startTimeUtc: null,
      endTimeUtc: null,
      failureReason: null,
      polls: 0,
    };
    this.jobs.set(job.id, job);
    return job;
  }

  /**
   * Reads a job instance and moves it one step on (NotStarted → InProgress → Completed, or
   * Failed for items seeded to fail): each poll sees progress, so LRO clients are exercised
   * deterministically without wall-clock waits.
   */
  pollJob(workspaceId: string, itemId: string, jobId: string): JobInstance | undefined {
    const job = this.jobs.get(jobId.toLowerCase());
    if (!job || job.workspaceId !== workspaceId || job.itemId !== itemId) return undefined;
    const snapshot = { ...job };
    job.polls += 1;
    if (job.status === "NotStarted") {
      job.status = "InProgress";
      job.startTimeUtc = utcNoZone();
    } else if (job.status === "InProgress") {
      const fail = this.items.get(job.itemId)?.failJobsWith;
      job.status = fail ? "Failed" : "Completed";
      job.endTimeUtc = utcNoZone();
      if (fail) job.failureReason = { requestId: newGuid(), ...fail };
    }
    return snapshot;
  }

  /** Job instances of an item (Fabric lists the recent ones), oldest first; read without advancing. */
  listJobs(workspaceId: string, itemId: string): JobInstance[] {
    return [...this.jobs.values()]
      .filter((j) => j.workspaceId === workspaceId && j.itemId === itemId)
      .map((j) => ({ ...j }));
  }

  /** A finished job instance for the seed's history (scheduled runs and the like). */
  addJob(job: Omit<JobInstance, "polls">): JobInstance {
    const added: JobInstance = { ...job, polls: 0 };
    this.jobs.set(added.id, added);
    return { ...added };
  }

  /** Cancels a job that has not finished: Cancelled (with an end time); undefined if it had. */
  cancelJob(jobId: string): JobInstance | undefined {
    const job = this.jobs.get(jobId.toLowerCase());
    if (!job || (job.status !== "NotStarted" && job.status !== "InProgress")) return undefined;
    job.status = "Cancelled";
    job.endTimeUtc = utcNoZone();
    return { ...job };
  }

  getJob(jobId: string): JobInstance | undefined {
    const job = this.jobs.get(jobId.toLowerCase());
    return job ? { ...job } : undefined;
  }

  addRefresh(
    input: Omit<DatasetRefresh, "id" | "requestId" | "polls"> & { requestId?: string },
  ): DatasetRefresh {
    this.refreshCounter += 1;
    const refresh: DatasetRefresh = {
      ...input,
      requestId: input.requestId ?? newGuid(),
      id: this.refreshCounter,
      polls: 0,
    };
    this.refreshes.push(refresh);
    return refresh;
  }

  /**
   * Refresh history, newest first. A refresh is in progress ("Unknown") the first time it is
   * read and Completed from the next read on, so pollers see both states without waiting.
   */
  pollRefreshes(datasetId: string): DatasetRefresh[] {
    const history = this.refreshes.filter((r) => r.datasetId === datasetId).reverse();
    const snapshot = history.map((r) => ({ ...r }));
    for (const refresh of history) {
      if (refresh.status !== "Unknown") continue;
      refresh.polls += 1;
      refresh.status = "Completed";
      refresh.endTime = isoNow();
    }
    return snapshot;
  }
}

/** Fabric job timestamps carry no zone designator ("2023-04-22T06:35:00.7812154"). */
function utcNoZone(): string {
  return new Date().toISOString().replace("Z", "");
}
