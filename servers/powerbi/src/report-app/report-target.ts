/**
 * Finds the workspace, report and page show_report was asked for, by name or ID, with one GET each;
 * what is not found comes back with the closest names, so the model can correct itself.
 */
import type { AppToolContext } from "@entra-mcp/server-kit";
import { closestNames, ToolError } from "@entra-mcp/server-kit";
import { withAccessHint } from "./access-hint.js";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const READ_WORKSPACES = { delegated: ["Workspace.Read.All", "Workspace.ReadWrite.All"] };
const READ_REPORTS = { delegated: ["Report.Read.All", "Report.ReadWrite.All"] };

export interface Workspace {
  id: string;
  name: string;
}

export interface Report {
  id: string;
  name: string;
  webUrl: string;
  embedUrl: string;
  datasetId: string;
  datasetWorkspaceId: string;
}

export interface Page {
  name: string;
  displayName: string;
}

type Row = Record<string, unknown>;
const str = (value: unknown) => (typeof value === "string" ? value : "");
const rows = (body: unknown): Row[] => {
  const value = (body as { value?: unknown } | undefined)?.value;
  return Array.isArray(value) ? (value as Row[]) : [];
};

/** The workspace named or identified by `wanted`. */
export async function findWorkspace(ctx: AppToolContext, wanted: string): Promise<Workspace> {
  const value = wanted.trim();
  if (GUID.test(value)) {
    const body = (await withAccessHint(ctx.mode, value, () =>
      ctx.call({ method: "GET", path: "/groups/{id}", params: { id: value }, permissions: READ_WORKSPACES }),
    )) as Row;
    return { id: str(body.id) || value, name: str(body.name) || value };
  }
  const all = rows(await ctx.call({ method: "GET", path: "/groups", permissions: READ_WORKSPACES }));
  const match = all.find((row) => str(row.name).toLowerCase() === value.toLowerCase());
  if (match) return { id: str(match.id), name: str(match.name) };
  const closest = closestNames(value, all.map((row) => str(row.name)).filter(Boolean));
  const membership =
    ctx.mode === "app"
      ? ` A service principal sees only the workspaces it is a member of: if "${value}" exists, a workspace Admin adds it with \`npx -y @entra-mcp/cli provision --workspace "${value}"\`.`
      : "";
  throw new ToolError(
    "WorkspaceNotFound",
    `no workspace named "${value.slice(0, 200)}".${closest.length ? ` Closest: ${closest.map((n) => `"${n}"`).join(", ")}.` : " No workspace is visible."}${membership} Fix: pass an exact workspace name or ID.`,
    { closest },
  );
}

/** The report named or identified by `wanted` in `workspace`. */
export async function findReport(ctx: AppToolContext, workspace: Workspace, wanted: string): Promise<Report> {
  const value = wanted.trim().toLowerCase();
  const all = rows(
    await withAccessHint(ctx.mode, workspace.name, () =>
      ctx.call({
        method: "GET",
        path: "/groups/{workspaceId}/reports",
        params: { workspaceId: workspace.id },
        permissions: READ_REPORTS,
      }),
    ),
  );
  const match =
    all.find((row) => str(row.id).toLowerCase() === value) ??
    all.find((row) => str(row.name).toLowerCase() === value);
  if (!match) {
    const closest = closestNames(wanted, all.map((row) => str(row.name)).filter(Boolean));
    throw new ToolError(
      "ReportNotFound",
      `no report "${wanted.slice(0, 200)}" in workspace "${workspace.name}".${closest.length ? ` Closest: ${closest.map((n) => `"${n}"`).join(", ")}.` : " The workspace has no reports."} Fix: pass an exact report name or ID (list_reports lists them).`,
      { closest },
    );
  }
  return {
    id: str(match.id),
    name: str(match.name),
    webUrl: str(match.webUrl),
    embedUrl: str(match.embedUrl),
    datasetId: str(match.datasetId),
    datasetWorkspaceId: str(match.datasetWorkspaceId) || workspace.id,
  };
}

/** The report's pages, in order. */
export async function listPages(ctx: AppToolContext, workspace: Workspace, report: Report): Promise<Page[]> {
  const body = await withAccessHint(ctx.mode, workspace.name, () =>
    ctx.call({
      method: "GET",
      path: "/groups/{workspaceId}/reports/{reportId}/pages",
      params: { workspaceId: workspace.id, reportId: report.id },
      permissions: READ_REPORTS,
    }),
  );
  return rows(body)
    .map((row) => ({
      name: str(row.name),
      displayName: str(row.displayName) || str(row.name),
      order: row.order,
    }))
    .sort((a, b) => (Number(a.order) || 0) - (Number(b.order) || 0))
    .map(({ name, displayName }) => ({ name, displayName }));
}

/** The page named (name or display name) `wanted`. */
export function findPage(report: Report, pages: Page[], wanted: string): Page {
  const value = wanted.trim().toLowerCase();
  const page =
    pages.find((p) => p.name.toLowerCase() === value) ??
    pages.find((p) => p.displayName.toLowerCase() === value);
  if (page) return page;
  const closest = closestNames(
    wanted,
    pages.map((p) => p.displayName),
  );
  throw new ToolError(
    "PageNotFound",
    `report "${report.name}" has no page "${wanted.slice(0, 200)}".${closest.length ? ` Closest: ${closest.map((n) => `"${n}"`).join(", ")}.` : ""} Its pages: ${pages.map((p) => p.displayName).join(", ") || "(none)"}. Fix: pass one of them, or leave page out to open the first.`,
    { closest },
  );
}
