/** Workspace roles shared by Power BI and Fabric, most to least privileged. */
export type WorkspaceRole = "Admin" | "Member" | "Contributor" | "Viewer";

/** A Power BI / Fabric workspace (Power BI calls it a group). */
export interface Workspace {
  id: string;
  name: string;
  description: string;
  capacityId: string;
  /** Principal object id (user oid or service principal object id) → role. */
  members: Map<string, WorkspaceRole>;
}

export type CellValue = string | number | boolean | null;

/** A table of a semantic model, what DAX EVALUATE reads. */
export interface SemanticTable {
  name: string;
  columns: string[];
  rows: Record<string, CellValue>[];
}

/** A Power BI dataset (Fabric: SemanticModel item with the same id). */
export interface Dataset {
  id: string;
  workspaceId: string;
  name: string;
  configuredBy: string;
  isRefreshable: boolean;
  createdDate: string;
  tables: SemanticTable[];
}

/** A Power BI report (Fabric: Report item with the same id). */
export interface Report {
  id: string;
  workspaceId: string;
  name: string;
  datasetId: string;
}

/** A Fabric item other than datasets and reports (Lakehouse, Notebook, DataPipeline, Warehouse...). */
export interface FabricItem {
  id: string;
  workspaceId: string;
  type: string;
  displayName: string;
  description: string;
  /** Seeded failure: every job run on this item ends Failed with this reason. */
  failJobsWith?: { errorCode: string; message: string };
}

export interface LakehouseTable {
  name: string;
  type: "Managed" | "External";
  format: string;
  location: string;
}

export type JobStatus = "NotStarted" | "InProgress" | "Completed" | "Failed" | "Cancelled" | "Deduped";

/** A Fabric item job instance; advances one state per poll (NotStarted → InProgress → done). */
export interface JobInstance {
  id: string;
  workspaceId: string;
  itemId: string;
  jobType: string;
  invokeType: "Manual" | "Scheduled";
  status: JobStatus;
  rootActivityId: string;
  startTimeUtc: string | null;
  endTimeUtc: string | null;
  failureReason: { requestId: string; errorCode: string; message: string } | null;
  polls: number;
}

/** Power BI refresh history status; "Unknown" means in progress. */
export type RefreshStatus = "Unknown" | "Completed" | "Failed" | "Disabled";

export interface DatasetRefresh {
  requestId: string;
  id: number;
  datasetId: string;
  refreshType: "ViaApi" | "Scheduled" | "OnDemand" | "ViaEnhancedApi";
  startTime: string;
  endTime: string | null;
  status: RefreshStatus;
  serviceExceptionJson?: string;
  polls: number;
}
