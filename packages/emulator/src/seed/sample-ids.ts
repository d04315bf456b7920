import { nameBasedGuid } from "../ids.js";

const id = (...parts: string[]) => nameBasedGuid("entra-mcp-emulator-sample", ...parts);
const named = <N extends string>(name: N, ...parts: string[]) => ({ id: id(...parts), name });

/**
 * Names and ids of the default seed's sample data, the same on every run, so tests and demos
 * can name them. Dataverse environment URLs are per run (emulator.urls.dataverse/dataverse2).
 */
export const SAMPLE = {
  graph: {
    groups: {
      allCompany: named("All Company", "group", "all-company"),
      salesAndMarketing: named("Sales and Marketing", "group", "sales-and-marketing"),
      finance: named("Finance", "group", "finance"),
      itAdmins: named("IT Admins", "group", "it-admins"),
      retail: named("Retail", "group", "retail"),
    },
    /** Calendars, drives and sites (seed/graph-content-seed.ts). */
    content: {
      /** Adele's OneDrive (also /me/drive for her). */
      adeleDrive: named("OneDrive", "drive", "adele"),
      /** The Retail site's document library. */
      retailDrive: named("Documents", "drive", "retail-site"),
      /** Site ids are "host,site GUID,web GUID"; this is the site GUID. */
      retailSite: named("Retail", "site", "retail"),
    },
  },
  /** Power BI workspaces are Fabric workspaces too (same ids). */
  workspaces: {
    /** The seeded app's service principal is Admin; the user is Member. */
    sales: named("Sales Analytics", "workspace", "sales"),
    /** The service principal is Contributor; the user is Viewer (cannot run jobs). */
    finance: named("Finance", "workspace", "finance"),
    /** The user is Admin; the service principal has no access. */
    marketing: named("Marketing", "workspace", "marketing"),
    /** Neither the service principal nor the default user has access. */
    hr: named("HR (restricted)", "workspace", "hr"),
  },
  capacityId: id("capacity", "f64"),
  datasets: {
    /** Tables: Sales, Product, Customer. */
    salesModel: named("Sales Model", "dataset", "sales-model"),
    /** Tables: Budget, Actuals. */
    financeModel: named("Finance Model", "dataset", "finance-model"),
    /** Tables: Campaigns. */
    campaigns: named("Campaigns", "dataset", "campaigns"),
    /** Tables: Headcount. */
    headcount: named("Headcount", "dataset", "headcount"),
    /**
     * In Sales Analytics, with row-level security: role "Region" shows the Sales rows of the
     * user's region (Region Managers maps UPN → region: adele → West, megan → East); role
     * "Executive" shows every row. Tables: Sales, Region Managers.
     */
    regionalSales: named("Regional Sales", "dataset", "regional-sales"),
  },
  reports: {
    /** On Sales Model (no RLS); pages "Overview" and "By Product". */
    salesOverview: named("Sales Overview", "report", "sales-overview"),
    /** On Regional Sales (RLS); embedding it needs an effective identity with a role. */
    regionalSales: named("Regional Sales", "report", "regional-sales"),
    profitAndLoss: named("Profit and Loss", "report", "profit-and-loss"),
    campaignPerformance: named("Campaign Performance", "report", "campaign-performance"),
  },
  fabricItems: {
    /** Lakehouse in Sales Analytics with 5 tables. */
    salesLakehouse: named("SalesLakehouse", "item", "sales-lakehouse"),
    /** Notebook; RunNotebook jobs complete. */
    loadSalesNotebook: named("Load Sales", "item", "load-sales"),
    /** DataPipeline; Pipeline jobs complete. */
    nightlyIngest: named("Nightly Ingest", "item", "nightly-ingest"),
    /** Notebook; every job run fails (failureReason set). */
    brokenNotebook: named("Broken Notebook", "item", "broken-notebook"),
    /** Lakehouse in Finance with 1 table. */
    financeLakehouse: named("FinanceLakehouse", "item", "finance-lakehouse"),
    financeWarehouse: named("FinanceWarehouse", "item", "finance-warehouse"),
  },
  environments: {
    /** Served by the `dataverse` origin; default environment. */
    contoso: {
      name: id("environment", "contoso"),
      displayName: "Contoso (default)",
      uniqueName: "unq0c0a1b2c",
      domainName: "contoso",
      organizationId: id("organization", "contoso"),
      businessUnitId: id("business-unit", "contoso"),
    },
    /** Served by the `dataverse2` origin; a sandbox. */
    contosoSales: {
      name: id("environment", "contoso-sales"),
      displayName: "Contoso Sales (sandbox)",
      uniqueName: "unq9f8e7d6c",
      domainName: "contososales",
      organizationId: id("organization", "contoso-sales"),
      businessUnitId: id("business-unit", "contoso-sales"),
    },
  },
} as const;
