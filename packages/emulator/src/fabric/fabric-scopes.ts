/**
 * Delegated scopes per Fabric operation, exactly as each operation's "Required Delegated Scopes"
 * in the Fabric REST swagger lists them (no broader scope is accepted unless the spec lists it:
 * List Items takes Workspace.*, not Item.*; Run Job takes Execute scopes, not ReadWrite; List
 * Tables takes Lakehouse.*, not Item.*). Item APIs also take the item type's own scope
 * (e.g. Notebook.Execute.All), which is why most entries are functions of the type.
 */

export const WORKSPACE_READ = ["Workspace.Read.All", "Workspace.ReadWrite.All"];

/** Get Item, Get/List Job Instances, List Schedules: generic or type-specific read. */
export const itemRead = (type: string) => [
  "Item.Read.All",
  "Item.ReadWrite.All",
  `${type}.Read.All`,
  `${type}.ReadWrite.All`,
];

/** Get Item Definition: read-write only (the definition is what an update would replace). */
export const itemReadWrite = (type: string) => ["Item.ReadWrite.All", `${type}.ReadWrite.All`];

/** Run On Demand Item Job, Cancel Job Instance: execute only. */
export const itemExecute = (type: string) => ["Item.Execute.All", `${type}.Execute.All`];

/** Lakehouse - List Tables. */
export const LAKEHOUSE_TABLES = ["Lakehouse.Read.All", "Lakehouse.ReadWrite.All"];

/** Lakehouse - Get Lakehouse. */
export const LAKEHOUSE_GET = [...LAKEHOUSE_TABLES, "Item.Read.All", "Item.ReadWrite.All"];

export const CAPACITY_READ = ["Capacity.Read.All", "Capacity.ReadWrite.All"];
export const CONNECTION_READ = ["Connection.Read.All", "Connection.ReadWrite.All"];
export const ONELAKE_READ = ["OneLake.Read.All", "OneLake.ReadWrite.All"];
/** Git - Get Status. */
export const GIT_STATUS = ["Workspace.GitUpdate.All", "Workspace.GitCommit.All"];
/** Admin APIs (reads). */
export const TENANT_READ = ["Tenant.Read.All", "Tenant.ReadWrite.All"];
export const TENANT_WRITE = ["Tenant.ReadWrite.All"];
