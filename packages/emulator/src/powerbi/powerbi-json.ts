import type {
  Dataset,
  DatasetRefresh,
  Report,
  ReportPage,
  Workspace,
} from "../workspaces/workspace-types.js";
import { hasRls } from "./row-level-security.js";

// Shapes from the Power BI REST reference (Groups - Get Groups, Datasets - Get Datasets In Group, ...),
// with only the property names its swagger defines (spec-conformance checks every body against it).

export function groupJson(w: Workspace): Record<string, unknown> {
  return {
    id: w.id,
    isReadOnly: false,
    isOnDedicatedCapacity: true,
    capacityId: w.capacityId.toUpperCase(),
    defaultDatasetStorageFormat: "Small",
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
    // A cloud model with RLS roles needs an effective identity with roles in every embed token.
    isEffectiveIdentityRequired: hasRls(d),
    isEffectiveIdentityRolesRequired: hasRls(d),
    isOnPremGatewayRequired: false,
    targetStorageMode: "Abf",
    createdDate: d.createdDate,
    createReportEmbedURL: `https://app.powerbi.com/reportEmbed?config=${Buffer.from(d.id).toString("base64url")}`,
    qnaEmbedURL: `https://app.powerbi.com/qnaEmbed?config=${Buffer.from(d.id).toString("base64url")}`,
    users: [],
    queryScaleOutSettings: { autoSyncReadOnlyReplicas: true, maxReadOnlyReplicas: 0 },
  };
}

/**
 * `appUrl` is the emulated app.powerbi.com origin (https://app.powerbi.com:<port>): webUrl and
 * embedUrl point at pages the emulator serves there, as the service's point at app.powerbi.com.
 */
export function reportJson(r: Report, appUrl: string): Record<string, unknown> {
  return {
    id: r.id,
    reportType: "PowerBIReport",
    name: r.name,
    webUrl: `${appUrl}/groups/${r.workspaceId}/reports/${r.id}`,
    embedUrl: `${appUrl}/reportEmbed?reportId=${r.id}&groupId=${r.workspaceId}&w=2`,
    isOwnedByMe: true,
    datasetId: r.datasetId,
    users: [],
    subscriptions: [],
  };
}

/** Reports - Get Pages: name, displayName and order (0-based, as the service numbers them). */
export function pageJson(page: ReportPage, order: number): Record<string, unknown> {
  return { name: page.name, displayName: page.displayName, order };
}

/** A report's pages; one default page when the seed names none, as every report has at least one. */
export const pagesOf = (r: Report): ReportPage[] =>
  r.pages?.length ? r.pages : [{ name: "ReportSection", displayName: "Page 1" }];

export function refreshJson(r: DatasetRefresh): Record<string, unknown> {
  return {
    requestId: r.requestId,
    refreshType: r.refreshType,
    startTime: r.startTime,
    ...(r.endTime ? { endTime: r.endTime } : {}),
    status: r.status,
    ...(r.serviceExceptionJson ? { serviceExceptionJson: r.serviceExceptionJson } : {}),
  };
}
