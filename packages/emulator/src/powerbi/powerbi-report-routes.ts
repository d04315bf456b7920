import type { Context, Hono } from "hono";
import { roleAtLeast } from "../workspaces/workspace-state.js";
import type { Report } from "../workspaces/workspace-types.js";
import { authorizePowerBi, type PowerBiDeps, READ_REPORTS, requireWorkspace } from "./powerbi-auth.js";
import { entityNotFound, notAuthorized } from "./powerbi-errors.js";
import { pageJson, pagesOf, reportJson } from "./powerbi-json.js";

/** Reports - Get Report (In Group), Get Pages (In Group), Get Page (In Group). */
export function registerPowerBiReportRoutes(app: Hono, deps: PowerBiDeps): void {
  const context = (fragment: string) => `${deps.powerBiUrl}/v1.0/myorg/$metadata#${fragment}`;

  /** The report, in the named workspace or (no groupId: "My workspace" form) wherever it is. */
  const reportFor = async (c: Context): Promise<Report | Response> => {
    const claims = await authorizePowerBi(c, deps, READ_REPORTS);
    if (claims instanceof Response) return claims;
    const groupId = c.req.param("groupId");
    const reportId = c.req.param("reportId") ?? "";
    if (groupId === undefined) {
      const report = deps.workspaces.findReport(reportId);
      if (!report) return entityNotFound(c);
      if (!roleAtLeast(deps.workspaces.roleOf(report.workspaceId, claims.oid), "Viewer"))
        return notAuthorized(c);
      return report;
    }
    const workspace = requireWorkspace(c, deps, claims, groupId);
    if (workspace instanceof Response) return workspace;
    return deps.workspaces.getReport(workspace.id, reportId) ?? entityNotFound(c);
  };

  for (const base of ["/v1.0/myorg/groups/:groupId/reports/:reportId", "/v1.0/myorg/reports/:reportId"]) {
    app.get(base, async (c) => {
      const report = await reportFor(c);
      if (report instanceof Response) return report;
      return c.json({
        "@odata.context": context("reports/$entity"),
        ...reportJson(report, deps.powerBiAppUrl),
      });
    });
    app.get(`${base}/pages`, async (c) => {
      const report = await reportFor(c);
      if (report instanceof Response) return report;
      return c.json({ "@odata.context": context("pages"), value: pagesOf(report).map(pageJson) });
    });
    app.get(`${base}/pages/:pageName`, async (c) => {
      const report = await reportFor(c);
      if (report instanceof Response) return report;
      const pages = pagesOf(report);
      const index = pages.findIndex((p) => p.name === c.req.param("pageName"));
      const page = pages[index];
      if (!page) return entityNotFound(c);
      return c.json({ "@odata.context": context("pages/$entity"), ...pageJson(page, index) });
    });
  }
}
