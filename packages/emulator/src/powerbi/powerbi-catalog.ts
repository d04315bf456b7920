/**
 * Power BI content beyond datasets and reports: dashboards and tiles, dataset data sources,
 * refresh schedules and parameters, dataflows, capacities, gateways, installed apps, the
 * tenant's activity log and admin scans. Held beside the shared WorkspaceState (which keeps
 * workspaces, datasets and reports for Power BI and Fabric alike).
 */
import { newGuid } from "../ids.js";

export interface PbiTile {
  id: string;
  title: string;
  reportId?: string;
  datasetId?: string;
  rowSpan: number;
  colSpan: number;
}

export interface PbiDashboard {
  id: string;
  workspaceId: string;
  displayName: string;
  isReadOnly: boolean;
  tiles: PbiTile[];
}

/** A data source of a dataset (Datasets - Get Datasources In Group). */
export interface PbiDatasource {
  datasourceType: string;
  connectionDetails: Record<string, string>;
  datasourceId: string;
  gatewayId: string;
}

export interface PbiRefreshSchedule {
  days: string[];
  times: string[];
  enabled: boolean;
  localTimeZoneId: string;
  NotifyOption: "NoNotification" | "MailOnFailure";
}

export interface PbiParameter {
  name: string;
  type: string;
  currentValue: string;
  isRequired: boolean;
  suggestedValues?: string[];
}

export interface PbiDataflow {
  objectId: string;
  workspaceId: string;
  name: string;
  description: string;
  configuredBy: string;
  modelUrl: string;
}

export type CapacityRight = "Admin" | "Assign";

export interface PbiCapacity {
  id: string;
  displayName: string;
  /** UPNs of the capacity admins. */
  admins: string[];
  sku: string;
  state: "Active" | "Suspended";
  region: string;
  /** Principal object id → right; GET /capacities lists a capacity for its admins and assigners. */
  rights: Map<string, CapacityRight>;
}

export interface PbiGateway {
  id: string;
  name: string;
  type: "Resource" | "Personal";
  gatewayStatus: "Live" | "Offline";
  gatewayAnnotation: string;
  publicKey: { exponent: string; modulus: string };
  /** Principal object ids with gateway admin permissions (GET /gateways lists only those). */
  admins: Set<string>;
}

export interface PbiApp {
  id: string;
  name: string;
  description: string;
  publishedBy: string;
  lastUpdate: string;
  workspaceId: string;
  /** User object ids the app is installed for (GET /apps is per user). */
  installedFor: Set<string>;
}

/** One activity log record; the service's keys (Id, CreationTime, Activity, UserId...). */
export type ActivityEvent = Record<string, string | boolean> & { CreationTime: string; Activity: string };

export type ScanStatus = "NotStarted" | "Running" | "Succeeded";

export interface ScanOptions {
  lineage: boolean;
  datasourceDetails: boolean;
  datasetSchema: boolean;
  datasetExpressions: boolean;
  getArtifactUsers: boolean;
}

export interface WorkspaceScan {
  id: string;
  createdDateTime: string;
  status: ScanStatus;
  workspaceIds: string[];
  options: ScanOptions;
}

/** What an enhanced refresh asked for (POST .../refreshes with more than notifyOption). */
export interface EnhancedRefresh {
  type: string;
  commitMode: string;
  objects: { table: string; partition?: string }[];
}

/** Power BI's own content, keyed by workspace or id; seeded by seed/powerbi-catalog-seed.ts. */
export class PowerBiCatalog {
  /** Enhanced refreshes by requestId, for their execution details. */
  readonly enhancedRefreshes = new Map<string, EnhancedRefresh>();
  readonly dashboards: PbiDashboard[] = [];
  readonly dataflows: PbiDataflow[] = [];
  readonly capacities: PbiCapacity[] = [];
  readonly gateways: PbiGateway[] = [];
  readonly apps: PbiApp[] = [];
  readonly activity: ActivityEvent[] = [];
  private readonly datasources = new Map<string, PbiDatasource[]>();
  private readonly schedules = new Map<string, PbiRefreshSchedule>();
  private readonly parameters = new Map<string, PbiParameter[]>();
  private readonly scans = new Map<string, WorkspaceScan>();

  dashboardsIn(workspaceId: string): PbiDashboard[] {
    return this.dashboards.filter((d) => d.workspaceId === workspaceId);
  }

  dataflowsIn(workspaceId: string): PbiDataflow[] {
    return this.dataflows.filter((d) => d.workspaceId === workspaceId);
  }

  setDatasetDetails(
    datasetId: string,
    details: { datasources?: PbiDatasource[]; schedule?: PbiRefreshSchedule; parameters?: PbiParameter[] },
  ): void {
    if (details.datasources) this.datasources.set(datasetId, details.datasources);
    if (details.schedule) this.schedules.set(datasetId, details.schedule);
    if (details.parameters) this.parameters.set(datasetId, details.parameters);
  }

  datasourcesOf(datasetId: string): PbiDatasource[] {
    return this.datasources.get(datasetId) ?? [];
  }

  scheduleOf(datasetId: string): PbiRefreshSchedule | undefined {
    return this.schedules.get(datasetId);
  }

  parametersOf(datasetId: string): PbiParameter[] {
    return this.parameters.get(datasetId) ?? [];
  }

  startScan(workspaceIds: string[], options: ScanOptions, nowIso: string): WorkspaceScan {
    const scan: WorkspaceScan = {
      id: newGuid(),
      createdDateTime: nowIso,
      status: "NotStarted",
      workspaceIds,
      options,
    };
    this.scans.set(scan.id, scan);
    return { ...scan };
  }

  /**
   * Reads a scan's status and moves it one step on (NotStarted → Running → Succeeded), so a
   * poller sees every state without wall-clock waits, as Fabric jobs do in this emulator.
   */
  pollScan(id: string): WorkspaceScan | undefined {
    const scan = this.scans.get(id.toLowerCase());
    if (!scan) return undefined;
    const snapshot = { ...scan };
    if (scan.status === "NotStarted") scan.status = "Running";
    else if (scan.status === "Running") scan.status = "Succeeded";
    return snapshot;
  }

  getScan(id: string): WorkspaceScan | undefined {
    const scan = this.scans.get(id.toLowerCase());
    return scan ? { ...scan } : undefined;
  }
}
