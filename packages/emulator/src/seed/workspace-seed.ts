import type { WorkspaceState } from "../workspaces/workspace-state.js";
import type { SemanticTable } from "../workspaces/workspace-types.js";
import { seedFabric } from "./fabric-seed.js";
import { seedPowerBiCatalog } from "./powerbi-catalog-seed.js";
import { SAMPLE } from "./sample-ids.js";

/** Who gets workspace roles: the seeded app's service principal and the default user. */
export interface WorkspaceSeedPrincipals {
  spObjectId: string;
  userOid: string;
  /** A second user (Megan) who administers the restricted workspace. */
  otherUserOid: string;
  userUpn: string;
}

const table = (
  name: string,
  columns: string[],
  rows: (string | number | boolean | null)[][],
): SemanticTable => ({
  name,
  columns,
  rows: rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i] ?? null]))),
});

const SALES_TABLES: SemanticTable[] = [
  table(
    "Sales",
    ["OrderDate", "ProductKey", "CustomerKey", "Quantity", "Amount"],
    [
      ["2024-01-05", 1, 1, 2, 59.98],
      ["2024-01-09", 3, 2, 1, 349],
      ["2024-02-14", 2, 3, 5, 124.75],
      ["2024-02-20", 5, 1, 1, 899.5],
      ["2024-03-02", 4, 4, 3, 45],
      ["2024-03-18", 1, 2, 4, 119.96],
      ["2024-04-07", 3, 3, 2, 698],
      ["2024-04-22", 2, 4, 1, 24.95],
      ["2024-05-11", 5, 2, 2, 1799],
      ["2024-05-30", 4, 1, 6, 90],
    ],
  ),
  table(
    "Product",
    ["ProductKey", "Product", "Category", "Price"],
    [
      [1, "Trail Shoe", "Footwear", 29.99],
      [2, "Water Bottle", "Accessories", 24.95],
      [3, "Rain Jacket", "Apparel", 349],
      [4, "Sunglasses", "Accessories", 15],
      [5, "GPS Watch", "Electronics", 899.5],
    ],
  ),
  table(
    "Customer",
    ["CustomerKey", "Customer", "City", "Segment"],
    [
      [1, "Fourth Coffee", "Seattle", "Retail"],
      [2, "Contoso Pharmaceuticals", "Boston", "Enterprise"],
      [3, "Tailspin Toys", "Denver", null],
      [4, "Wide World Importers", "Chicago", "Enterprise"],
    ],
  ),
];

/** Power BI / Fabric sample: four workspaces with datasets, reports, items, lakehouse tables and refresh history. */
export function seedWorkspaces(state: WorkspaceState, who: WorkspaceSeedPrincipals): void {
  const { workspaces: w, datasets: d, reports: r, fabricItems: f } = SAMPLE;
  const capacityId = SAMPLE.capacityId;
  const sales = state.addWorkspace({
    id: w.sales.id,
    name: w.sales.name,
    description: "Sales reporting",
    capacityId,
  });
  const finance = state.addWorkspace({
    id: w.finance.id,
    name: w.finance.name,
    description: "Finance",
    capacityId,
  });
  const marketing = state.addWorkspace({
    id: w.marketing.id,
    name: w.marketing.name,
    description: "Campaigns",
    capacityId,
  });
  const hr = state.addWorkspace({ id: w.hr.id, name: w.hr.name, description: "HR only", capacityId });
  state.setRole(sales.id, who.spObjectId, "Admin");
  state.setRole(sales.id, who.userOid, "Member");
  state.setRole(finance.id, who.spObjectId, "Contributor");
  state.setRole(finance.id, who.userOid, "Viewer");
  state.setRole(marketing.id, who.userOid, "Admin");
  state.setRole(hr.id, who.otherUserOid, "Admin");

  const configuredBy = who.userUpn;
  state.addDataset({
    id: d.salesModel.id,
    workspaceId: sales.id,
    name: d.salesModel.name,
    configuredBy,
    isRefreshable: true,
    tables: SALES_TABLES,
  });
  state.addDataset({
    id: d.financeModel.id,
    workspaceId: finance.id,
    name: d.financeModel.name,
    configuredBy,
    isRefreshable: true,
    tables: [
      table(
        "Budget",
        ["Year", "Department", "Amount"],
        [
          [2024, "Retail", 1200000],
          [2024, "Marketing", 450000],
          [2024, "IT", 800000],
        ],
      ),
      table(
        "Actuals",
        ["Year", "Department", "Amount"],
        [
          [2024, "Retail", 1150000],
          [2024, "Marketing", 480000],
          [2024, "IT", 760000],
        ],
      ),
    ],
  });
  state.addDataset({
    id: d.campaigns.id,
    workspaceId: marketing.id,
    name: d.campaigns.name,
    configuredBy,
    isRefreshable: false,
    tables: [
      table(
        "Campaigns",
        ["Campaign", "Channel", "Spend"],
        [
          ["Spring Launch", "Social", 25000],
          ["Summer Sale", "Email", 8000],
        ],
      ),
    ],
  });
  state.addDataset({
    id: d.headcount.id,
    workspaceId: hr.id,
    name: d.headcount.name,
    configuredBy: "megan@contoso.test",
    isRefreshable: true,
    tables: [
      table(
        "Headcount",
        ["Department", "Employees"],
        [
          ["Retail", 120],
          ["IT", 35],
        ],
      ),
    ],
  });
  state.addReport({
    id: r.salesOverview.id,
    workspaceId: sales.id,
    name: r.salesOverview.name,
    datasetId: d.salesModel.id,
    pages: [
      { name: "ReportSection1", displayName: "Overview" },
      { name: "ReportSection2", displayName: "By Product" },
    ],
  });
  seedRegionalSales(state, sales.id, who.userUpn);
  state.addReport({
    id: r.profitAndLoss.id,
    workspaceId: finance.id,
    name: r.profitAndLoss.name,
    datasetId: d.financeModel.id,
  });
  state.addReport({
    id: r.campaignPerformance.id,
    workspaceId: marketing.id,
    name: r.campaignPerformance.name,
    datasetId: d.campaigns.id,
  });

  const item = (workspaceId: string, x: { id: string; name: string }, type: string, description = "") =>
    state.addItem({ id: x.id, workspaceId, type, displayName: x.name, description });
  item(sales.id, f.salesLakehouse, "Lakehouse", "Curated sales data");
  item(sales.id, f.loadSalesNotebook, "Notebook", "Loads sales into the lakehouse");
  item(sales.id, f.nightlyIngest, "DataPipeline", "Nightly ingestion");
  state.addItem({
    id: f.brokenNotebook.id,
    workspaceId: sales.id,
    type: "Notebook",
    displayName: f.brokenNotebook.name,
    description: "Always fails",
    failJobsWith: {
      errorCode: "JobInstanceStatusFailed",
      message: "Notebook execution failed at cell 3: NameError: name 'spark_df' is not defined",
    },
  });
  item(finance.id, f.financeLakehouse, "Lakehouse");
  item(finance.id, f.financeWarehouse, "Warehouse");

  const abfss = (workspaceId: string, lakehouseId: string, name: string) =>
    `abfss://${workspaceId}@onelake.dfs.fabric.microsoft.com/${lakehouseId}/Tables/${name}`;
  state.setLakehouseTables(
    f.salesLakehouse.id,
    ["dim_customer", "dim_date", "dim_product", "fact_returns", "fact_sales"].map((name) => ({
      name,
      type: "Managed" as const,
      format: "Delta",
      location: abfss(sales.id, f.salesLakehouse.id, name),
    })),
  );
  state.setLakehouseTables(f.financeLakehouse.id, [
    {
      name: "gl_entries",
      type: "Managed",
      format: "Delta",
      location: abfss(finance.id, f.financeLakehouse.id, "gl_entries"),
    },
  ]);

  const day = 86_400_000;
  state.addRefresh({
    datasetId: d.salesModel.id,
    refreshType: "Scheduled",
    startTime: new Date(Date.now() - 2 * day).toISOString(),
    endTime: new Date(Date.now() - 2 * day + 95_000).toISOString(),
    status: "Completed",
  });
  state.addRefresh({
    datasetId: d.salesModel.id,
    refreshType: "Scheduled",
    startTime: new Date(Date.now() - day).toISOString(),
    endTime: new Date(Date.now() - day + 12_000).toISOString(),
    status: "Failed",
    serviceExceptionJson: '{"errorCode":"ModelRefreshFailed_CredentialsNotSpecified"}',
  });
  seedPowerBiCatalog(state, who);
  seedFabric(state, who);
}

/**
 * The RLS sample: Regional Sales (dataset + report) in Sales Analytics, where the app's service
 * principal is Admin, so it can embed the report for any user with an effective identity.
 */
function seedRegionalSales(state: WorkspaceState, workspaceId: string, userUpn: string): void {
  const { datasets: d, reports: r } = SAMPLE;
  const domain = userUpn.split("@")[1] ?? "contoso.test";
  state.addDataset({
    id: d.regionalSales.id,
    workspaceId,
    name: d.regionalSales.name,
    configuredBy: userUpn,
    isRefreshable: true,
    tables: [
      table(
        "Sales",
        ["OrderDate", "Region", "Product", "Amount"],
        [
          ["2024-01-05", "West", "Trail Shoe", 59.98],
          ["2024-01-09", "East", "Rain Jacket", 349],
          ["2024-02-14", "West", "Water Bottle", 124.75],
          ["2024-02-20", "North", "GPS Watch", 899.5],
          ["2024-03-02", "East", "Sunglasses", 45],
          ["2024-03-18", "West", "Trail Shoe", 119.96],
          ["2024-04-07", "North", "Rain Jacket", 698],
          ["2024-04-22", "East", "Water Bottle", 24.95],
        ],
      ),
      table(
        "Region Managers",
        ["UPN", "Region"],
        [
          [`adele@${domain}`, "West"],
          [`megan@${domain}`, "East"],
        ],
      ),
    ],
    rls: [
      {
        name: "Region",
        members: [`adele@${domain}`, `megan@${domain}`],
        filters: [
          {
            table: "Sales",
            column: "Region",
            lookup: { table: "Region Managers", userColumn: "UPN", valueColumn: "Region" },
          },
        ],
      },
      { name: "Executive", members: [], filters: [] },
    ],
  });
  state.addReport({
    id: r.regionalSales.id,
    workspaceId,
    name: r.regionalSales.name,
    datasetId: d.regionalSales.id,
    pages: [{ name: "ReportSection1", displayName: "Sales by Region" }],
  });
}
