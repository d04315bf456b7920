/**
 * Response shapes of the Power BI catalog (property names as the REST reference's definitions:
 * Dashboard, Tile, Datasource, RefreshSchedule, MashupParameter, Dataflow, Capacity, Gateway, App).
 */
import type {
  PbiApp,
  PbiCapacity,
  PbiDashboard,
  PbiDataflow,
  PbiDatasource,
  PbiGateway,
  PbiParameter,
  PbiRefreshSchedule,
  PbiTile,
} from "./powerbi-catalog.js";

export function dashboardJson(d: PbiDashboard, appUrl: string): Record<string, unknown> {
  return {
    id: d.id,
    displayName: d.displayName,
    isReadOnly: d.isReadOnly,
    webUrl: `${appUrl}/groups/${d.workspaceId}/dashboards/${d.id}`,
    embedUrl: `${appUrl}/dashboardEmbed?dashboardId=${d.id}&groupId=${d.workspaceId}`,
    users: [],
    subscriptions: [],
  };
}

export function tileJson(t: PbiTile, d: PbiDashboard, appUrl: string): Record<string, unknown> {
  return {
    id: t.id,
    title: t.title,
    embedUrl: `${appUrl}/embed?dashboardId=${d.id}&tileId=${t.id}&groupId=${d.workspaceId}`,
    rowSpan: t.rowSpan,
    colSpan: t.colSpan,
    ...(t.reportId ? { reportId: t.reportId } : {}),
    ...(t.datasetId ? { datasetId: t.datasetId } : {}),
  };
}

export const datasourceJson = (s: PbiDatasource): Record<string, unknown> => ({
  datasourceType: s.datasourceType,
  connectionDetails: { ...s.connectionDetails },
  datasourceId: s.datasourceId,
  gatewayId: s.gatewayId,
});

export const scheduleJson = (s: PbiRefreshSchedule): Record<string, unknown> => ({
  days: [...s.days],
  times: [...s.times],
  enabled: s.enabled,
  localTimeZoneId: s.localTimeZoneId,
  NotifyOption: s.NotifyOption,
});

export const parameterJson = (p: PbiParameter): Record<string, unknown> => ({
  name: p.name,
  type: p.type,
  isRequired: p.isRequired,
  currentValue: p.currentValue,
  ...(p.suggestedValues ? { suggestedValues: [...p.suggestedValues] } : {}),
});

export const dataflowJson = (f: PbiDataflow): Record<string, unknown> => ({
  objectId: f.objectId,
  name: f.name,
  description: f.description,
  modelUrl: f.modelUrl,
  configuredBy: f.configuredBy,
});

export const capacityJson = (c: PbiCapacity, right: string): Record<string, unknown> => ({
  id: c.id,
  displayName: c.displayName,
  admins: [...c.admins],
  sku: c.sku,
  state: c.state,
  capacityUserAccessRight: right,
  region: c.region,
});

export const gatewayJson = (g: PbiGateway): Record<string, unknown> => ({
  id: g.id,
  name: g.name,
  type: g.type,
  publicKey: { ...g.publicKey },
  gatewayAnnotation: g.gatewayAnnotation,
  gatewayStatus: g.gatewayStatus,
});

export const appJson = (a: PbiApp): Record<string, unknown> => ({
  id: a.id,
  name: a.name,
  description: a.description,
  publishedBy: a.publishedBy,
  lastUpdate: a.lastUpdate,
});
