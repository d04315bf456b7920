import type { DefinitionPart } from "../fabric/fabric-types.js";
import { nameBasedGuid } from "../ids.js";
import type { WorkspaceState } from "../workspaces/workspace-state.js";
import { FABRIC_SAMPLE } from "./fabric-sample-ids.js";
import { SAMPLE } from "./sample-ids.js";
import type { WorkspaceSeedPrincipals } from "./workspace-seed.js";

const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
const part = (path: string, content: string): DefinitionPart => ({
  path,
  payload: base64(content),
  payloadType: "InlineBase64",
});
/** The .platform part every Git-format definition carries (item metadata and a logical id). */
const platform = (type: string, displayName: string, itemId: string) =>
  part(
    ".platform",
    JSON.stringify(
      {
        $schema:
          "https://developer.microsoft.com/json-schemas/fabric/gitIntegration/platformProperties/2.0.0/schema.json",
        metadata: { type, displayName },
        config: { version: "2.0", logicalId: nameBasedGuid("fabric-logical-id", itemId) },
      },
      null,
      2,
    ),
  );

/** Fabric timestamps without a zone designator, `days` ago at `hour`:00 UTC. */
const daysAgo = (days: number, hour: number, minutes = 0) => {
  const d = new Date(Date.now() - days * 86_400_000);
  d.setUTCHours(hour, minutes, 0, 0);
  return d.toISOString().replace("Z", "");
};

/**
 * Fabric-only sample data on the sample workspaces: capacities, connections, OneLake shortcuts,
 * job schedules and history, Sales Analytics' Git status, and item definitions.
 */
export function seedFabric(state: WorkspaceState, who: WorkspaceSeedPrincipals): void {
  const fabric = state.fabric;
  const { workspaces: w, fabricItems: f } = SAMPLE;
  const { capacities, connections, schedules, jobHistory, git } = FABRIC_SAMPLE;

  fabric.addCapacity({
    id: SAMPLE.capacityId,
    displayName: capacities.f64.name,
    sku: capacities.f64.sku,
    region: "West Europe",
    state: "Active",
    members: [who.userOid, who.spObjectId],
  });
  fabric.addCapacity({
    id: capacities.trial.id,
    displayName: capacities.trial.name,
    sku: "FT1",
    region: "North Europe",
    state: "Active",
    members: [who.otherUserOid],
  });

  const cloudCredential = (credentialType: string) => ({
    credentialType,
    singleSignOnType: "None",
    connectionEncryption: "NotEncrypted",
    skipTestConnection: false,
  });
  fabric.addConnection({
    id: connections.salesSql.id,
    displayName: connections.salesSql.name,
    connectivityType: "ShareableCloud",
    connectionDetails: { type: "SQL", path: "contoso-sales.database.windows.net;SalesDb" },
    privacyLevel: "Organizational",
    credentialDetails: cloudCredential("Basic"),
    allowConnectionUsageInGateway: false,
    roles: new Map([
      [who.userOid, "Owner"],
      [who.spObjectId, "User"],
    ]),
  });
  fabric.addConnection({
    id: connections.dataLake.id,
    displayName: connections.dataLake.name,
    connectivityType: "ShareableCloud",
    connectionDetails: { type: "AzureDataLakeStorage", path: "https://contosolake.dfs.core.windows.net/raw" },
    privacyLevel: "Organizational",
    credentialDetails: cloudCredential("ServicePrincipal"),
    allowConnectionUsageInGateway: false,
    roles: new Map([[who.userOid, "Owner"]]),
  });
  fabric.addConnection({
    id: connections.financeOnPrem.id,
    displayName: connections.financeOnPrem.name,
    connectivityType: "OnPremisesGateway",
    gatewayId: FABRIC_SAMPLE.gatewayId,
    connectionDetails: { type: "SQL", path: "finsql01;Finance" },
    privacyLevel: "Private",
    credentialDetails: { ...cloudCredential("Windows"), connectionEncryption: "Encrypted" },
    roles: new Map([[who.otherUserOid, "Owner"]]),
  });

  fabric.addShortcut({
    itemId: f.salesLakehouse.id,
    path: "Tables",
    name: "gl_entries",
    target: {
      type: "OneLake",
      oneLake: { workspaceId: w.finance.id, itemId: f.financeLakehouse.id, path: "Tables/gl_entries" },
    },
  });
  fabric.addShortcut({
    itemId: f.salesLakehouse.id,
    path: "Files/landing",
    name: "raw_orders",
    target: {
      type: "AdlsGen2",
      adlsGen2: {
        location: "https://contosolake.dfs.core.windows.net",
        subpath: "/raw/orders",
        connectionId: connections.dataLake.id,
      },
    },
  });

  fabric.addSchedule({
    id: schedules.nightly,
    itemId: f.nightlyIngest.id,
    jobType: "Pipeline",
    enabled: true,
    createdDateTime: daysAgo(30, 9, 12),
    configuration: {
      type: "Daily",
      startDateTime: daysAgo(30, 0),
      endDateTime: daysAgo(-335, 0),
      localTimeZoneId: "UTC",
      times: ["02:00"],
    },
    owner: { id: who.userOid, type: "User" },
  });
  fabric.addSchedule({
    id: schedules.loadSales,
    itemId: f.loadSalesNotebook.id,
    jobType: "RunNotebook",
    enabled: false,
    createdDateTime: daysAgo(14, 15, 40),
    configuration: {
      type: "Cron",
      startDateTime: daysAgo(14, 0),
      endDateTime: daysAgo(-351, 0),
      localTimeZoneId: "UTC",
      interval: 240,
    },
    owner: { id: who.spObjectId, type: "ServicePrincipal" },
  });

  const scheduledRun = { workspaceId: w.sales.id, itemId: f.nightlyIngest.id, jobType: "Pipeline" } as const;
  state.addJob({
    ...scheduledRun,
    id: jobHistory.failed,
    invokeType: "Scheduled",
    status: "Failed",
    rootActivityId: nameBasedGuid("fabric-activity", jobHistory.failed),
    startTimeUtc: daysAgo(2, 2),
    endTimeUtc: daysAgo(2, 2, 4),
    failureReason: {
      requestId: nameBasedGuid("fabric-request", jobHistory.failed),
      errorCode: "PipelineActivityFailed",
      message:
        "Copy activity 'Copy orders' failed: the source 'Sales SQL Database' timed out after 30 minutes.",
    },
  });
  state.addJob({
    ...scheduledRun,
    id: jobHistory.completed,
    invokeType: "Scheduled",
    status: "Completed",
    rootActivityId: nameBasedGuid("fabric-activity", jobHistory.completed),
    startTimeUtc: daysAgo(1, 2),
    endTimeUtc: daysAgo(1, 2, 7),
    failureReason: null,
  });
  state.addJob({
    ...scheduledRun,
    id: jobHistory.running,
    invokeType: "Scheduled",
    status: "InProgress",
    rootActivityId: nameBasedGuid("fabric-activity", jobHistory.running),
    startTimeUtc: new Date(Date.now() - 25 * 60_000).toISOString().replace("Z", ""),
    endTimeUtc: null,
    failureReason: null,
  });

  const logical = (itemId: string) => nameBasedGuid("fabric-logical-id", itemId);
  fabric.setGitStatus(w.sales.id, {
    workspaceHead: git.workspaceHead,
    remoteCommitHash: git.remoteCommitHash,
    changes: [
      {
        itemMetadata: {
          itemIdentifier: { objectId: f.loadSalesNotebook.id, logicalId: logical(f.loadSalesNotebook.id) },
          itemType: "Notebook",
          displayName: f.loadSalesNotebook.name,
        },
        workspaceChange: "Modified",
        conflictType: "None",
      },
      {
        itemMetadata: {
          itemIdentifier: { objectId: f.nightlyIngest.id, logicalId: logical(f.nightlyIngest.id) },
          itemType: "DataPipeline",
          displayName: f.nightlyIngest.name,
        },
        remoteChange: "Modified",
        conflictType: "None",
      },
    ],
  });

  fabric.setDefinition(f.loadSalesNotebook.id, [
    part(
      "notebook-content.py",
      [
        "# Fabric notebook source",
        "",
        "# CELL ********************",
        "",
        'orders = spark.read.table("SalesLakehouse.fact_sales")',
        'orders.groupBy("ProductKey").sum("Amount").write.mode("overwrite").saveAsTable("sales_by_product")',
        "",
      ].join("\n"),
    ),
    platform("Notebook", f.loadSalesNotebook.name, f.loadSalesNotebook.id),
  ]);
  fabric.setDefinition(f.brokenNotebook.id, [
    part(
      "notebook-content.py",
      "# Fabric notebook source\n\n# CELL ********************\n\nspark_df.show()\n",
    ),
    platform("Notebook", f.brokenNotebook.name, f.brokenNotebook.id),
  ]);
  fabric.setDefinition(f.nightlyIngest.id, [
    part(
      "pipeline-content.json",
      JSON.stringify(
        {
          properties: {
            activities: [
              {
                name: "Copy orders",
                type: "Copy",
                typeProperties: { source: { type: "AzureSqlSource" }, sink: { type: "LakehouseTableSink" } },
              },
            ],
          },
        },
        null,
        2,
      ),
    ),
    platform("DataPipeline", f.nightlyIngest.name, f.nightlyIngest.id),
  ]);
}
