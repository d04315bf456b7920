/**
 * show_report (model-visible): opens a report in the chat. The model gets the report's name, pages and
 * web URL — enough for a client that renders no MCP App — and never a token; the view gets the rest
 * through get_embed_config, for this report only.
 */
import type { AppToolDescription } from "@entra-mcp/server-kit";
import { ToolError } from "@entra-mcp/server-kit";
import { z } from "zod";
import { identityFor } from "./effective-identity.js";
import { type GrantedReport, rlsFlags } from "./embed-credential.js";
import { grantKey } from "./grant-key.js";
import { embedFilters, type ReportFilter, reportFilters } from "./report-filters.js";
import { findPage, findReport, findWorkspace, listPages } from "./report-target.js";

export const showReport: AppToolDescription = {
  name: "show_report",
  title: "Show a Power BI report",
  description:
    "Show a Power BI report in the chat (interactive, where the client renders MCP Apps; otherwise its web URL). Takes a workspace and report by name or ID, an optional page and optional filters. Returns the report's name and pages.",
  visibility: ["model", "app"],
  input: {
    workspace: z.string().min(1).max(256).describe("Workspace name or ID"),
    report: z.string().min(1).max(256).describe("Report name or ID"),
    page: z
      .string()
      .min(1)
      .max(256)
      .optional()
      .describe("Page name or display name (default: the first page)"),
    filters: reportFilters,
  },
  outputSchema: {
    workspaceId: z.string(),
    workspace: z.string(),
    reportId: z.string(),
    name: z.string(),
    webUrl: z.string(),
    pages: z.array(z.object({ name: z.string(), displayName: z.string() })),
    page: z.string().optional(),
    filters: z.number().int().describe("How many filters the view applies"),
  },
  async run(args, ctx) {
    const workspace = await findWorkspace(ctx, String(args.workspace));
    const report = await findReport(ctx, workspace, String(args.report));
    if (!report.embedUrl) {
      throw new ToolError(
        "NotEmbeddable",
        `report "${report.name}" has no embedUrl; it cannot be shown in the chat.`,
      );
    }
    const pages = await listPages(ctx, workspace, report);
    const page = typeof args.page === "string" ? findPage(report, pages, args.page) : undefined;
    const granted: GrantedReport = {
      workspaceId: workspace.id,
      workspaceName: workspace.name,
      reportId: report.id,
      reportName: report.name,
      embedUrl: report.embedUrl,
      datasetId: report.datasetId,
      datasetWorkspaceId: report.datasetWorkspaceId,
    };
    // App-only: an RLS model without a configured identity is refused here, before anything is embedded.
    if (ctx.mode === "app") {
      const flags = await rlsFlags(ctx, granted);
      identityFor(flags, ctx.env, { report: report.name, dataset: flags.name });
    }
    const filters = embedFilters(args.filters as ReportFilter[] | undefined);
    ctx.grants.grant(grantKey(workspace.id, report.id), { report: granted, pageName: page?.name, filters });

    const pageList = pages.map((p) => p.displayName).join(", ") || "(none listed)";
    const text = [
      `Showing Power BI report "${report.name}" (workspace "${workspace.name}")${page ? `, page "${page.displayName}"` : ""}${filters.length ? `, with ${filters.length} filter${filters.length > 1 ? "s" : ""}` : ""}.`,
      `Pages: ${pageList}.`,
      `Open it in Power BI: ${report.webUrl}`,
    ].join("\n");
    return {
      structured: {
        workspaceId: workspace.id,
        workspace: workspace.name,
        reportId: report.id,
        name: report.name,
        webUrl: report.webUrl,
        pages,
        ...(page ? { page: page.name } : {}),
        filters: filters.length,
      },
      text,
    };
  },
};
