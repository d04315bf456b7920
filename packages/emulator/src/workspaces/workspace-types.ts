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
  /** Row-level security roles; a dataset with any is "RLS" (isEffectiveIdentityRequired). */
  rls?: RlsRole[];
}

/**
 * A row-level security role of a semantic model, as Power BI Desktop defines one: its members
 * (UPNs; Power BI assigns users to roles in the dataset's Security page) and one DAX filter per
 * table it restricts. Tables a role does not filter stay fully visible to it.
 */
export interface RlsRole {
  name: string;
  members: string[];
  filters: RlsFilter[];
}

/**
 * A table filter of a role. `equals`: a static rule ([Region] = "West"). `lookup`: the dynamic
 * rule [column] = LOOKUPVALUE(lookup.table[valueColumn], lookup.table[userColumn],
 * USERPRINCIPALNAME()), i.e. rows whose `column` is among the effective user's mapped values.
 */
export type RlsFilter =
  | { table: string; column: string; equals: CellValue }
  | { table: string; column: string; lookup: { table: string; userColumn: string; valueColumn: string } };

/** A page of a report (Reports - Get Pages In Group). */
export interface ReportPage {
  name: string;
  displayName: string;
}

/** A Power BI report (Fabric: Report item with the same id). */
export interface Report {
  id: string;
  workspaceId: string;
  name: string;
  datasetId: string;
  /** The report's pages, in order; the first is the one an embed opens on. */
  pages?: ReportPage[];
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
