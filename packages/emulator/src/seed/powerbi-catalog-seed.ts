import { nameBasedGuid } from "../ids.js";
import type { ActivityEvent } from "../powerbi/powerbi-catalog.js";
import type { WorkspaceState } from "../workspaces/workspace-state.js";
import { SAMPLE } from "./sample-ids.js";
import type { WorkspaceSeedPrincipals } from "./workspace-seed.js";

const id = (...parts: string[]) => nameBasedGuid("entra-mcp-emulator-sample", "powerbi", ...parts);
const named = <N extends string>(name: N, ...parts: string[]) => ({ id: id(...parts), name });

/** Names and ids of the default seed's Power BI content beyond datasets and reports. */
export const POWER_BI_SAMPLE = {
  dashboards: {
    /** In Sales Analytics: two tiles pinned from Sales Overview (on Sales Model). */
    salesPulse: named("Sales Pulse", "dashboard", "sales-pulse"),
    /** In Finance: one tile from Profit and Loss. */
    financeSummary: named("Finance Summary", "dashboard", "finance-summary"),
  },
  tiles: {
    revenue: named("Revenue by Month", "tile", "revenue"),
    topProducts: named("Top Products", "tile", "top-products"),
    budgetVsActuals: named("Budget vs Actuals", "tile", "budget-vs-actuals"),
  },
  dataflows: {
    /** In Sales Analytics. */
    salesStaging: named("Sales Staging", "dataflow", "sales-staging"),
  },
  capacities: {
    /** The F64 every sample workspace runs on; the service principal may assign to it, Adele administers it. */
    f64: { id: SAMPLE.capacityId, name: "Contoso F64" },
    /** A trial capacity only Megan administers (the caller does not see it). */
    trial: named("Megan's Trial", "capacity", "trial"),
  },
  gateways: {
    /** On-premises gateway cluster the service principal and Adele administer; Finance Model uses it. */
    onPrem: named("Contoso On-Prem Gateway", "gateway", "on-prem"),
    /** A personal gateway of Megan's (not listed for anyone else). */
    personal: named("Megan's Personal Gateway", "gateway", "personal"),
  },
  apps: {
    /** Published from Sales Analytics, installed for Adele (GET /apps is per user). */
    salesApp: named("Sales App", "app", "sales-app"),
  },
} as const;

/**
 * Dashboards and tiles, dataset data sources / schedules / parameters, a dataflow, capacities,
 * gateways, an app, and an activity log: the two UTC days before the seed ran and today so far.
 */
export function seedPowerBiCatalog(state: WorkspaceState, who: WorkspaceSeedPrincipals): void {
  const catalog = state.powerBi;
  const { workspaces: w, datasets: d, reports: r } = SAMPLE;
  const P = POWER_BI_SAMPLE;
  const domain = who.userUpn.split("@")[1] ?? "contoso.test";
  const megan = `megan@${domain}`;

  catalog.dashboards.push(
    {
      id: P.dashboards.salesPulse.id,
      workspaceId: w.sales.id,
      displayName: P.dashboards.salesPulse.name,
      isReadOnly: false,
      tiles: [
        {
          id: P.tiles.revenue.id,
          title: P.tiles.revenue.name,
          reportId: r.salesOverview.id,
          datasetId: d.salesModel.id,
          rowSpan: 1,
          colSpan: 2,
        },
        {
          id: P.tiles.topProducts.id,
          title: P.tiles.topProducts.name,
          reportId: r.salesOverview.id,
          datasetId: d.salesModel.id,
          rowSpan: 2,
          colSpan: 2,
        },
      ],
    },
    {
      id: P.dashboards.financeSummary.id,
      workspaceId: w.finance.id,
      displayName: P.dashboards.financeSummary.name,
      isReadOnly: false,
      tiles: [
        {
          id: P.tiles.budgetVsActuals.id,
          title: P.tiles.budgetVsActuals.name,
          reportId: r.profitAndLoss.id,
          datasetId: d.financeModel.id,
          rowSpan: 1,
          colSpan: 3,
        },
      ],
    },
  );

  const onPrem = P.gateways.onPrem.id;
  catalog.setDatasetDetails(d.salesModel.id, {
    datasources: [
      {
        datasourceType: "Sql",
        connectionDetails: { server: "contoso-sql.database.windows.net", database: "SalesDW" },
        datasourceId: id("datasource", "sales-dw"),
        gatewayId: id("gateway", "cloud"),
      },
    ],
    schedule: {
      days: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
      times: ["06:00", "18:00"],
      enabled: true,
      localTimeZoneId: "Pacific Standard Time",
      NotifyOption: "MailOnFailure",
    },
    parameters: [
      {
        name: "ServerName",
        type: "Text",
        currentValue: "contoso-sql.database.windows.net",
        isRequired: true,
      },
      {
        name: "Region",
        type: "Text",
        currentValue: "All",
        isRequired: false,
        suggestedValues: ["All", "West", "East", "North"],
      },
    ],
  });
  catalog.setDatasetDetails(d.financeModel.id, {
    datasources: [
      {
        datasourceType: "File",
        connectionDetails: { path: "\\\\fileserver\\finance\\budget.xlsx" },
        datasourceId: id("datasource", "budget-file"),
        gatewayId: onPrem,
      },
    ],
    schedule: {
      days: ["Sunday"],
      times: ["02:00"],
      enabled: false,
      localTimeZoneId: "UTC",
      NotifyOption: "NoNotification",
    },
  });

  catalog.dataflows.push({
    objectId: P.dataflows.salesStaging.id,
    workspaceId: w.sales.id,
    name: P.dataflows.salesStaging.name,
    description: "Stages raw orders for Sales Model",
    configuredBy: who.userUpn,
    modelUrl: `https://contosodataflows.dfs.core.windows.net/powerbi/${w.sales.name}/${P.dataflows.salesStaging.name}/model.json`,
  });

  catalog.capacities.push(
    {
      id: P.capacities.f64.id,
      displayName: P.capacities.f64.name,
      admins: [who.userUpn],
      sku: "F64",
      state: "Active",
      region: "West US 3",
      rights: new Map([
        [who.userOid, "Admin"],
        [who.spObjectId, "Assign"],
      ]),
    },
    {
      id: P.capacities.trial.id,
      displayName: P.capacities.trial.name,
      admins: [megan],
      sku: "FT1",
      state: "Active",
      region: "North Europe",
      rights: new Map([[who.otherUserOid, "Admin"]]),
    },
  );

  const publicKey = {
    exponent: "AQAB",
    modulus: Buffer.from("emulated gateway public key").toString("base64"),
  };
  catalog.gateways.push(
    {
      id: onPrem,
      name: P.gateways.onPrem.name,
      type: "Resource",
      gatewayStatus: "Live",
      gatewayAnnotation: JSON.stringify({
        gatewayContactInformation: [who.userUpn],
        gatewayVersion: "3000.202.16",
        gatewayMachine: "CONTOSO-GW01",
      }),
      publicKey,
      admins: new Set([who.spObjectId, who.userOid]),
    },
    {
      id: P.gateways.personal.id,
      name: P.gateways.personal.name,
      type: "Personal",
      gatewayStatus: "Offline",
      gatewayAnnotation: JSON.stringify({ gatewayContactInformation: [megan] }),
      publicKey,
      admins: new Set([who.otherUserOid]),
    },
  );

  catalog.apps.push({
    id: P.apps.salesApp.id,
    name: P.apps.salesApp.name,
    description: "Sales dashboards for the field",
    publishedBy: "Adele Vance",
    lastUpdate: new Date(Date.now() - 7 * 86_400_000).toISOString(),
    workspaceId: w.sales.id,
    installedFor: new Set([who.userOid]),
  });

  catalog.activity.push(...activityLog(who.userUpn, megan));
}

/**
 * Three UTC days of activity (two whole days, then today until the seed ran), a few events each at
 * fixed hours: ViewReport,
 * ExportReport, RefreshDataset, ViewDashboard, GetDatasets... with the keys the service uses.
 */
function activityLog(adele: string, megan: string): ActivityEvent[] {
  const { workspaces: w, reports: r, datasets: d } = SAMPLE;
  const today = new Date();
  today.setUTCHours(0, 0, 0, 0);
  const events: ActivityEvent[] = [];
  const add = (
    dayOffset: number,
    hour: number,
    user: string,
    activity: string,
    extra: Record<string, string>,
  ) => {
    const at = new Date(today.getTime() + dayOffset * 86_400_000 + hour * 3_600_000 + 17 * 60_000);
    events.push({
      Id: id("activity", String(dayOffset), String(hour), activity),
      RecordType: "20",
      CreationTime: at.toISOString().replace(".000Z", "Z"),
      Operation: activity,
      OrganizationId: id("organization"),
      UserType: "0",
      UserKey: id("user-key", user),
      Workload: "PowerBI",
      UserId: user,
      ClientIP: "203.0.113.10",
      Activity: activity,
      IsSuccess: true,
      RequestId: id("request", String(dayOffset), String(hour)),
      ActivityId: id("activity-id", String(dayOffset), String(hour)),
      ...extra,
    });
  };
  const salesReport = {
    WorkSpaceName: w.sales.name,
    WorkspaceId: w.sales.id,
    ReportName: r.salesOverview.name,
    ReportId: r.salesOverview.id,
    DatasetName: d.salesModel.name,
    DatasetId: d.salesModel.id,
    ItemName: r.salesOverview.name,
    ObjectId: r.salesOverview.name,
    ReportType: "PowerReport",
    DistributionMethod: "Workspace",
  };
  for (const day of [-2, -1, 0]) {
    add(day, 1, adele, "ViewReport", salesReport);
    add(day, 2, megan, "ViewReport", salesReport);
    add(day, 3, adele, "ExportReport", {
      ...salesReport,
      ExportEventStartDateTimeParameter: "",
      Format: "PDF",
    });
    // Nothing between 06:00 and 12:00: the service answers that slice with an empty page.
    add(day, 13, adele, "RefreshDataset", {
      WorkSpaceName: w.sales.name,
      WorkspaceId: w.sales.id,
      DatasetName: d.salesModel.name,
      DatasetId: d.salesModel.id,
      ItemName: d.salesModel.name,
    });
    add(day, 14, megan, "ViewDashboard", {
      WorkSpaceName: w.sales.name,
      WorkspaceId: w.sales.id,
      DashboardName: POWER_BI_SAMPLE.dashboards.salesPulse.name,
      DashboardId: POWER_BI_SAMPLE.dashboards.salesPulse.id,
      ItemName: POWER_BI_SAMPLE.dashboards.salesPulse.name,
    });
    add(day, 20, adele, "GetDatasets", { WorkSpaceName: w.sales.name, WorkspaceId: w.sales.id });
  }
  // The log holds what has happened: today's later hours are not there yet.
  return events.filter((event) => Date.parse(event.CreationTime) <= Date.now());
}
