import { nameBasedGuid } from "../ids.js";

const id = (...parts: string[]) => nameBasedGuid("entra-mcp-emulator-sample", "fabric", ...parts);
const named = <N extends string>(name: N, ...parts: string[]) => ({ id: id(...parts), name });

/**
 * Names and ids of the default seed's Fabric-only sample data (capacities, connections,
 * schedules), stable across runs like SAMPLE. Workspaces and items are in SAMPLE.
 */
export const FABRIC_SAMPLE = {
  capacities: {
    /** SAMPLE.capacityId: every sample workspace is on it; the app's service principal and Adele see it. */
    f64: { name: "Contoso F64", sku: "F64" },
    /** Only Megan has a role on it: nobody the tests sign in as sees it. */
    trial: named("Contoso Trial", "capacity", "trial"),
  },
  connections: {
    /** Adele owns it; the app's service principal may use it. */
    salesSql: named("Sales SQL Database", "connection", "sales-sql"),
    /** Adele owns it; the target of SalesLakehouse's ADLS shortcut. */
    dataLake: named("Contoso Data Lake", "connection", "data-lake"),
    /** On-premises, through a gateway; only Megan has a role on it. */
    financeOnPrem: named("Finance on-premises SQL", "connection", "finance-onprem"),
  },
  gatewayId: id("gateway", "finance"),
  schedules: {
    /** Nightly Ingest, job type Pipeline: daily at 02:00 UTC, enabled. */
    nightly: id("schedule", "nightly-ingest"),
    /** Load Sales, job type RunNotebook: every 4 hours, disabled. */
    loadSales: id("schedule", "load-sales"),
  },
  /**
   * Nightly Ingest's scheduled runs: Failed two days ago, Completed yesterday, and today's still
   * InProgress (until someone reads it: each read of a job instance moves it one step on).
   */
  jobHistory: {
    completed: id("job", "nightly-completed"),
    failed: id("job", "nightly-failed"),
    running: id("job", "nightly-running"),
  },
  /** Sales Analytics' Git connection (Azure DevOps) reports these two commits. */
  git: {
    workspaceHead: "7d03b2918bf6aa62f96d0a4307293f3853201705",
    remoteCommitHash: "eaa737b48cda41b37ffefac772ea48f6fed3eac4",
  },
} as const;
