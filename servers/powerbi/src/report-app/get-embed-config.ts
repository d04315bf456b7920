/**
 * get_embed_config (app-only): what the view embeds with — embedUrl, report ID, a fresh embed credential
 * and its expiry — for a report a show_report call of this session opened, and nothing else. Called again
 * before the credential expires (the view renews with report.setAccessToken). The credential travels in
 * the result's _meta, which hosts hand to the view and do not show a model; the text has no token.
 */
import type { AppToolDescription } from "@entra-mcp/server-kit";
import { ToolError } from "@entra-mcp/server-kit";
import { z } from "zod";
import { embedCredential, type GrantedReport } from "./embed-credential.js";
import { powerBiEmbedOrigins } from "./embed-hosts.js";
import { grantKey } from "./grant-key.js";

/** Where the embed configuration sits in the result's _meta. */
export const EMBED_META_KEY = "entra-mcp/powerbi-embed";

const guid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "must be a GUID");

export const getEmbedConfig: AppToolDescription = {
  name: "get_embed_config",
  title: "Embed configuration (for the report view)",
  description:
    "For the report view only: embedUrl, report ID and a fresh embed token for a report show_report opened in this session.",
  visibility: ["app"],
  input: {
    workspaceId: guid.describe("workspaceId from show_report's result"),
    reportId: guid.describe("reportId from show_report's result"),
  },
  async run(args, ctx) {
    const granted = ctx.grants.lookup(grantKey(String(args.workspaceId), String(args.reportId)));
    if (!granted) {
      throw new ToolError(
        "ReportNotOpened",
        `report ${String(args.reportId)} of workspace ${String(args.workspaceId)} was not opened by show_report in this session, so no embed token is made for it. Fix: call show_report for it first.`,
      );
    }
    const report = granted.report as GrantedReport;
    const embedOrigin = new URL(report.embedUrl).origin;
    if (!powerBiEmbedOrigins(ctx.cloud).includes(embedOrigin)) {
      throw new ToolError(
        "EmbedHostNotAllowed",
        `report "${report.reportName}" has its embedUrl on ${embedOrigin}, which is not a Power BI host of the ${ctx.cloud.name} cloud; it is not embedded.`,
      );
    }
    const credential = await embedCredential(ctx, report);
    return {
      structured: {
        reportId: report.reportId,
        expiration: credential.expiration,
        tokenType: credential.tokenType,
      },
      meta: {
        [EMBED_META_KEY]: {
          reportId: report.reportId,
          embedUrl: report.embedUrl,
          ...credential,
          ...(typeof granted.pageName === "string" ? { pageName: granted.pageName } : {}),
          filters: granted.filters ?? [],
        },
      },
      text: `Embed configuration for report "${report.reportName}" (${credential.tokenType} token, expires ${credential.expiration}).`,
    };
  },
};
