import type { Hono } from "hono";
import type { WorkspaceState } from "../../workspaces/workspace-state.js";
import type { EmbedTokenStore } from "../embed-token-store.js";
import { EMBED_PAGE_SCRIPT } from "./embed-page-script.js";
import { isEmbedError, openEmbedSession } from "./embed-session.js";

export interface EmbedPageDeps {
  embedTokens: EmbedTokenStore;
  workspaces: WorkspaceState;
  nowMs: () => number;
}

// Framing is the page's purpose, so no X-Frame-Options and no frame-ancestors: any host page
// (an MCP App view in a sandboxed iframe included) may embed it, as app.powerbi.com allows.
const PAGE_HEADERS = {
  "Content-Type": "text/html; charset=utf-8",
  "Cache-Control": "no-store",
  "Content-Security-Policy": "default-src 'self'; style-src 'unsafe-inline'",
  "X-Content-Type-Options": "nosniff",
};

const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;margin:12px}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px}</style>
</head><body data-state="waiting">${body}</body></html>`;

const EMBED_HTML = page(
  "Power BI report (entra-mcp emulator)",
  `<h1 id="report-name"></h1><p id="status"></p><p id="identity"></p><table id="visual"></table>
<script src="/reportEmbed/embed.js"></script>`,
);

/**
 * The emulated app.powerbi.com: the report embed page powerbi-client loads in its iframe, the
 * call it makes to check the embed token, and the webUrl page of a report.
 */
export function registerEmbedPageRoutes(app: Hono, deps: EmbedPageDeps): void {
  app.get("/reportEmbed", (c) => c.body(EMBED_HTML, 200, PAGE_HEADERS));
  app.get("/reportEmbed/embed.js", (c) =>
    c.body(EMBED_PAGE_SCRIPT, 200, {
      "Content-Type": "text/javascript; charset=utf-8",
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    }),
  );

  // The page's token check. The token travels in the body (never the URL), so the request log,
  // which keeps paths and bearer summaries only, never sees it.
  app.post("/reportEmbed/session", async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { token?: unknown; reportId?: unknown };
    const session = openEmbedSession(deps, body.token, body.reportId);
    if (isEmbedError(session)) return c.json(session, Number(session.errorCode) === 404 ? 404 : 403);
    return c.json(session);
  });

  // A report's webUrl: the service would ask the user to sign in; the emulator names the report.
  app.get("/groups/:groupId/reports/:reportId", (c) => {
    const report = deps.workspaces.getReport(c.req.param("groupId"), c.req.param("reportId"));
    if (!report) return c.body(page("Not found", "<p>This report does not exist.</p>"), 404, PAGE_HEADERS);
    const name = report.name.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
    return c.body(
      page(name, `<h1>${name}</h1><p>Power BI report (entra-mcp emulator).</p>`),
      200,
      PAGE_HEADERS,
    );
  });
}
