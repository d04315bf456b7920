/** The Power BI report view (an MCP App): its `ui://` resource, CSP and tools, as description data. */
import type { AppDescription } from "@entra-mcp/server-kit";
import { reportViewCsp } from "./embed-hosts.js";
import { getEmbedConfig } from "./get-embed-config.js";
import { showReport } from "./show-report.js";

export const REPORT_VIEW_URI = "ui://powerbi/report.html";

export const reportApp: AppDescription = {
  uri: REPORT_VIEW_URI,
  name: "powerbi-report",
  title: "Power BI report",
  description: "An interactive Power BI report embedded in the chat (powerbi-client).",
  view: "powerbi-report",
  csp: reportViewCsp,
  tools: [showReport, getEmbedConfig],
};
