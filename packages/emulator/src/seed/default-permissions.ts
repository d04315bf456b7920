import { RESOURCE_APP_IDS } from "../directory/resource-principals.js";

/** Application permissions admin-consented to the seeded "entra-mcp" app, per resource app id. */
export const DEFAULT_APP_ROLES: Record<string, string[]> = {
  [RESOURCE_APP_IDS.graph]: [
    "User.Read.All",
    "Group.Read.All",
    "GroupMember.Read.All",
    "Application.Read.All",
    "AuditLog.Read.All",
    "Mail.Send",
    "Organization.Read.All",
    // The least-privileged roles of the graph server's tools (default list and presets).
    "User.ReadBasic.All",
    "Group.ReadBasic.All",
    "GroupMember.ReadBasic.All",
    "Device.Read.All",
    "RoleManagement.Read.Directory",
    "Policy.Read.All",
    "LicenseAssignment.Read.All",
    "Directory.Read.All",
    // Graph content (calendar view, drive and site search).
    "Calendars.ReadBasic.All",
    "Files.Read.All",
    "Sites.Read.All",
  ],
  // Power BI and Fabric share the Power BI Service principal. The REST APIs themselves ignore
  // it: a service principal is authorized by workspace membership (seeded), not by roles.
  [RESOURCE_APP_IDS.powerBi]: ["Tenant.Read.All"],
};

/** Delegated permissions consented for all users of the seeded app, per resource app id. */
export const DEFAULT_DELEGATED_SCOPES: Record<string, string[]> = {
  [RESOURCE_APP_IDS.graph]: [
    "openid",
    "profile",
    "email",
    "offline_access",
    "User.Read",
    "User.ReadBasic.All",
    "Mail.ReadBasic",
    "Mail.Read",
    "Mail.Send",
    "Calendars.ReadBasic",
    "Files.Read",
    "Sites.Read.All",
    "GroupMember.Read.All",
    "Application.Read.All",
    "AuditLog.Read.All",
    "Group.ReadBasic.All",
    "Device.Read.All",
    "RoleManagement.Read.Directory",
    "Policy.Read.All",
    "LicenseAssignment.Read.All",
  ],
  // Power BI and Fabric (one principal): read everything, refresh datasets, run item jobs.
  [RESOURCE_APP_IDS.powerBi]: [
    "Dataset.Read.All",
    "Dataset.ReadWrite.All",
    "Report.Read.All",
    "Workspace.Read.All",
    "Dashboard.Read.All",
    "Dataflow.Read.All",
    "App.Read.All",
    "Item.Read.All",
    "Item.Execute.All",
    "Lakehouse.Read.All",
    // The fabric server's default read tools: capacities, connections, OneLake shortcuts.
    "Capacity.Read.All",
    "Connection.Read.All",
    "OneLake.Read.All",
  ],
  [RESOURCE_APP_IDS.powerPlatform]: ["EnvironmentManagement.Environments.Read", "PowerApps.Apps.Read"],
  [RESOURCE_APP_IDS.powerAppsService]: ["User"],
  [RESOURCE_APP_IDS.dataverse]: ["user_impersonation"],
};
