import type { Dataset, DatasetRefresh, Report, Workspace } from "../workspaces/workspace-types.js";

// Shapes from the Power BI REST reference (Groups - Get Groups, Datasets - Get Datasets In Group, ...).

export function groupJson(w: Workspace): Record<string, unknown> {
  return {
    id: w.id,
    isReadOnly: false,
    isOnDedicatedCapacity: true,
    capacityId: w.capacityId.toUpperCase(),
    defaultDatasetStorageFormat: "Small",
    type: "Workspace",
    name: w.name,
  };
}

export function datasetJson(d: Dataset): Record<string, unknown> {
  return {
    id: d.id,
    name: d.name,
    webUrl: `https://app.powerbi.com/groups/${d.workspaceId}/datasets/${d.id}`,
    addRowsAPIEnabled: false,
    configuredBy: d.configuredBy,
    isRefreshable: d.isRefreshable,
    isEffectiveIdentityRequired: false,
    isEffectiveIdentityRolesRequired: false,
    isOnPremGatewayRequired: false,
    targetStorageMode: "Abf",
    createdDate: d.createdDate,
    createReportEmbedURL: `https://app.powerbi.com/reportEmbed?config=${Buffer.from(d.id).toString("base64url")}`,
    qnaEmbedURL: `https://app.powerbi.com/qnaEmbed?config=${Buffer.from(d.id).toString("base64url")}`,
    upstreamDatasets: [],
    users: [],
    queryScaleOutSettings: { autoSyncReadOnlyReplicas: true, maxReadOnlyReplicas: 0 },
  };
}

export function reportJson(r: Report): Record<string, unknown> {
  return {
    id: r.id,
    reportType: "PowerBIReport",
    name: r.name,
    webUrl: `https://app.powerbi.com/groups/${r.workspaceId}/reports/${r.id}`,
    embedUrl: `https://app.powerbi.com/reportEmbed?reportId=${r.id}&groupId=${r.workspaceId}`,
    isFromPbix: true,
    isOwnedByMe: true,
    datasetId: r.datasetId,
    datasetWorkspaceId: r.workspaceId,
    users: [],
    subscriptions: [],
  };
}

export function refreshJson(r: DatasetRefresh): Record<string, unknown> {
  return {
    requestId: r.requestId,
    id: r.id,
    refreshType: r.refreshType,
    startTime: r.startTime,
    ...(r.endTime ? { endTime: r.endTime } : {}),
    status: r.status,
    ...(r.serviceExceptionJson ? { serviceExceptionJson: r.serviceExceptionJson } : {}),
  };
}
