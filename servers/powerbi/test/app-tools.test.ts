/**
 * The Power BI MCP App without a browser: the BUILT server over stdio (MCP SDK Client) against the
 * emulator — the ui:// resource and its CSP, show_report's model-visible result, get_embed_config's
 * embed credential (checked by the emulator's embed page), RLS, access errors, throttling and bad input.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { SAMPLE } from "@entra-mcp/emulator";
import {
  type ChildServer,
  callTool as call,
  startTestEmulator,
  type TestEmulator,
  textOf,
  withChildServer,
} from "@entra-mcp/test-support";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../dist/package/dist/launch.mjs", import.meta.url));
const VIEW_URI = "ui://powerbi/report.html";
const EMBED_META_KEY = "entra-mcp/powerbi-embed";
const JWT = /eyJ[\w-]{8,}\.[\w-]{8,}\./;
const { workspaces, reports } = SAMPLE;

interface EmbedConfig {
  reportId: string;
  embedUrl: string;
  accessToken: string;
  tokenType: string;
  expiration: string;
  pageName?: string;
  filters: Record<string, unknown>[];
}

let t: TestEmulator;
beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npx turbo run build\` first.`);
  t = await startTestEmulator();
});
afterAll(async () => t?.emulator.stop());
beforeEach(() => t.emulator.clearRequests());
afterEach(() => t.emulator.clearFaults());

const embedOf = (result: CallToolResult): EmbedConfig =>
  (result._meta as Record<string, EmbedConfig> | undefined)?.[EMBED_META_KEY] as EmbedConfig;

/** What a model could see of a result: its content and structuredContent (not the view's _meta). */
const modelVisible = (result: CallToolResult) =>
  JSON.stringify({ content: result.content, structuredContent: result.structuredContent });

/** Asks the emulator's embed page (as powerbi-client's iframe does) what the token opens. */
async function embedSession(token: string, reportId: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${t.emulator.urls.powerbiapp}/reportEmbed/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token, reportId }),
  });
  return (await response.json()) as Record<string, unknown>;
}

const generateTokenCalls = () =>
  t.emulator.requests({ origin: "powerbi", method: "POST", path: "/GenerateToken" });

async function showSalesOverview(server: ChildServer, extra: Record<string, unknown> = {}) {
  const shown = await call(server, "show_report", {
    workspace: workspaces.sales.name,
    report: reports.salesOverview.name,
    ...extra,
  });
  expect(shown.isError, textOf(shown)).toBeFalsy();
  return shown;
}

describe("the Power BI MCP App (built bin over stdio) against the emulator", () => {
  it("lists show_report with its ui:// view and get_embed_config as app-only; the view is one self-contained HTML with the cloud's CSP", async () => {
    await withChildServer(BIN, t.appEnv(), async (server) => {
      const { tools } = await server.client.listTools();
      const show = tools.find((tool) => tool.name === "show_report");
      const config = tools.find((tool) => tool.name === "get_embed_config");
      expect(show?._meta).toMatchObject({ ui: { resourceUri: VIEW_URI, visibility: ["model", "app"] } });
      expect(config?._meta).toMatchObject({ ui: { resourceUri: VIEW_URI, visibility: ["app"] } });
      expect(Object.keys(show?.inputSchema.properties ?? {}).sort()).toEqual([
        "filters",
        "page",
        "report",
        "workspace",
      ]);

      const { resources } = await server.client.listResources();
      expect(resources.map((r) => [r.uri, r.mimeType])).toEqual([[VIEW_URI, "text/html;profile=mcp-app"]]);
      const read = await server.client.readResource({ uri: VIEW_URI });
      const content = read.contents[0] as {
        mimeType: string;
        text: string;
        _meta?: { ui?: { csp?: unknown } };
      };
      expect(content.mimeType).toBe("text/html;profile=mcp-app");
      // Exactly the emulated app.powerbi.com (the cloud's Power BI web app), nothing else.
      expect(content._meta?.ui?.csp).toEqual({
        frameDomains: [t.emulator.powerBiAppUrl],
        connectDomains: [t.emulator.powerBiAppUrl],
        resourceDomains: [],
      });
      const html = content.text;
      // One inline script, no src, no stylesheet or module fetched from anywhere.
      expect(html.match(/<script\b[^>]*>/g)).toEqual(["<script>"]);
      expect(html).not.toMatch(/<script[^>]+src=|<link\b|import\s*\(\s*["']https?:/i);
      // powerbi-client and ext-apps' App are inside.
      expect(html).toContain("powerbi.com/product/schema#basic");
      expect(html).toContain("ui/initialize");
      expect(html.length).toBeGreaterThan(100_000);
    });
    // The HTML ships in the npm package (what this bin serves) and in the Claude Desktop bundle.
    expect(
      readFileSync(new URL("../dist/package/dist/views/powerbi-report.html", import.meta.url), "utf8"),
    ).toMatch(/^<!doctype html>/);
    // A .mcpb is a zip: entry names are stored in the clear.
    const mcpb = readFileSync(new URL("../dist/entra-mcp-powerbi.mcpb", import.meta.url));
    expect(mcpb.includes(Buffer.from("server/dist/views/powerbi-report.html"))).toBe(true);
  });

  it("app-only: show_report gives the model the name, pages and web URL only; get_embed_config an embed token the embed page accepts", async () => {
    let stderr = "";
    const visible: string[] = [];
    let embed: EmbedConfig | undefined;
    await withChildServer(BIN, t.appEnv(), async (server) => {
      const shown = await showSalesOverview(server, { page: "By Product" });
      visible.push(modelVisible(shown));
      expect(shown.structuredContent).toEqual({
        workspaceId: workspaces.sales.id,
        workspace: workspaces.sales.name,
        reportId: reports.salesOverview.id,
        name: reports.salesOverview.name,
        webUrl: `${t.emulator.powerBiAppUrl}/groups/${workspaces.sales.id}/reports/${reports.salesOverview.id}`,
        pages: [
          { name: "ReportSection1", displayName: "Overview" },
          { name: "ReportSection2", displayName: "By Product" },
        ],
        page: "ReportSection2",
        filters: 0,
      });
      // A client that renders no MCP App (Claude Code) can still open it: web URL and pages in the text.
      const text = textOf(shown);
      expect(text).toContain((shown.structuredContent as { webUrl: string }).webUrl);
      expect(text).toContain("Pages: Overview, By Product.");

      const configured = await call(server, "get_embed_config", {
        workspaceId: workspaces.sales.id,
        reportId: reports.salesOverview.id,
      });
      expect(configured.isError, textOf(configured)).toBeFalsy();
      embed = embedOf(configured);
      // What the view gets (hosts hand it _meta; the text and structuredContent carry no token).
      expect(embed).toMatchObject({
        reportId: reports.salesOverview.id,
        tokenType: "Embed",
        pageName: "ReportSection2",
        filters: [],
      });
      expect(new URL(embed.embedUrl).origin).toBe(t.emulator.powerBiAppUrl);
      expect(Date.parse(embed.expiration)).toBeGreaterThan(Date.now());
      expect(modelVisible(configured)).not.toContain(embed.accessToken);
      const listed = await call(server, "list_reports", { workspaceId: workspaces.sales.id });
      visible.push(modelVisible(listed));
      stderr = server.transport.stderr;
    });
    expect(generateTokenCalls()).toHaveLength(1);
    const token = embed?.accessToken ?? "";
    const session = await embedSession(token, reports.salesOverview.id);
    expect(session.report).toMatchObject({ id: reports.salesOverview.id, name: reports.salesOverview.name });
    expect(session.identity).toBeUndefined();
    for (const text of [...visible, stderr]) {
      expect(text).not.toContain(token);
      expect(text).not.toMatch(JWT);
    }
  });

  it("get_embed_config serves only reports show_report opened in this session", async () => {
    await withChildServer(BIN, t.appEnv(), async (server) => {
      const target = { workspaceId: workspaces.sales.id, reportId: reports.salesOverview.id };
      const before = await call(server, "get_embed_config", target);
      expect(before.isError).toBe(true);
      expect(textOf(before)).toContain("was not opened by show_report in this session");
      await showSalesOverview(server);
      const other = await call(server, "get_embed_config", {
        workspaceId: workspaces.sales.id,
        reportId: reports.regionalSales.id,
      });
      expect(other.isError).toBe(true);
      expect(embedOf(other)).toBeUndefined();
    });
    // A new session starts with nothing granted.
    await withChildServer(BIN, t.appEnv(), async (server) => {
      const fresh = await call(server, "get_embed_config", {
        workspaceId: workspaces.sales.id,
        reportId: reports.salesOverview.id,
      });
      expect(fresh.isError).toBe(true);
    });
    expect(generateTokenCalls()).toEqual([]);
  });

  it("unknown workspace, report or page: a clear error naming the closest matches", async () => {
    await withChildServer(BIN, t.appEnv(), async (server) => {
      const report = await call(server, "show_report", {
        workspace: workspaces.sales.name,
        report: "Sales Overveiw",
      });
      expect(report.isError).toBe(true);
      expect(textOf(report)).toMatch(
        /no report "Sales Overveiw" in workspace "Sales Analytics"\. Closest: "Sales Overview"/,
      );

      const page = await call(server, "show_report", {
        workspace: workspaces.sales.name,
        report: reports.salesOverview.name,
        page: "By Prodcut",
      });
      expect(page.isError).toBe(true);
      expect(textOf(page)).toMatch(/has no page "By Prodcut"\. Closest: "By Product"/);
      expect(textOf(page)).toContain("Its pages: Overview, By Product");

      const workspace = await call(server, "show_report", { workspace: "Sales Analytic", report: "x" });
      expect(workspace.isError).toBe(true);
      expect(textOf(workspace)).toContain('Closest: "Sales Analytics"');
      expect(textOf(workspace)).toContain('npx -y @entra-mcp/cli provision --workspace "Sales Analytic"');
    });
    expect(generateTokenCalls()).toEqual([]);
  });

  it("filters are validated (powerbi-client's basic/advanced shapes) before anything is embedded", async () => {
    const basic = {
      $schema: "http://powerbi.com/product/schema#basic",
      target: { table: "Product", column: "Category" },
      operator: "In",
      values: ["Footwear"],
    };
    await withChildServer(BIN, t.appEnv(), async (server) => {
      const bad = [
        { ...basic, operator: "Equals" },
        { ...basic, target: { table: "Product" } },
        { ...basic, $schema: "http://powerbi.com/product/schema#topN" },
        {
          $schema: "http://powerbi.com/product/schema#advanced",
          target: basic.target,
          logicalOperator: "Xor",
          conditions: [{ operator: "GreaterThan", value: 1 }],
        },
      ];
      for (const filter of bad) {
        const result = await call(server, "show_report", {
          workspace: workspaces.sales.name,
          report: reports.salesOverview.name,
          filters: [filter],
        });
        expect(result.isError, JSON.stringify(filter)).toBe(true);
        expect(textOf(result)).toMatch(/filters/);
      }
      // Nothing was opened by the refused calls.
      const refused = await call(server, "get_embed_config", {
        workspaceId: workspaces.sales.id,
        reportId: reports.salesOverview.id,
      });
      expect(refused.isError).toBe(true);

      const advanced = {
        $schema: "http://powerbi.com/product/schema#advanced",
        target: { table: "Sales", column: "Amount" },
        logicalOperator: "And",
        conditions: [{ operator: "GreaterThan", value: 100 }],
      };
      const shown = await showSalesOverview(server, { filters: [basic, advanced] });
      expect(shown.structuredContent).toMatchObject({ filters: 2 });
      const configured = await call(server, "get_embed_config", {
        workspaceId: workspaces.sales.id,
        reportId: reports.salesOverview.id,
      });
      expect(embedOf(configured).filters).toEqual([
        { ...basic, filterType: 1 },
        { ...advanced, filterType: 0 },
      ]);
    });
    expect(generateTokenCalls()).toHaveLength(1);
  });

  it("RLS, app-only: refused without an effective identity; with the configured one the token shows that user's rows", async () => {
    const rls = { workspace: workspaces.sales.name, report: reports.regionalSales.name };
    await withChildServer(BIN, t.appEnv(), async (server) => {
      const refused = await call(server, "show_report", rls);
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toContain("which has row-level security");
      expect(textOf(refused)).toContain("would show every row");
      expect(textOf(refused)).toContain("ENTRA_MCP_POWERBI_RLS_USERNAME");
    });
    await withChildServer(
      BIN,
      t.appEnv({ ENTRA_MCP_POWERBI_RLS_USERNAME: t.emulator.tenant.user.upn }),
      async (server) => {
        const noRoles = await call(server, "show_report", rls);
        expect(noRoles.isError).toBe(true);
        expect(textOf(noRoles)).toContain("ENTRA_MCP_POWERBI_RLS_ROLES is empty");
      },
    );
    expect(generateTokenCalls()).toEqual([]);

    let token = "";
    const upn = t.emulator.tenant.user.upn;
    await withChildServer(
      BIN,
      t.appEnv({ ENTRA_MCP_POWERBI_RLS_USERNAME: upn, ENTRA_MCP_POWERBI_RLS_ROLES: "Region" }),
      async (server) => {
        const shown = await call(server, "show_report", rls);
        expect(shown.isError, textOf(shown)).toBeFalsy();
        const configured = await call(server, "get_embed_config", {
          workspaceId: workspaces.sales.id,
          reportId: reports.regionalSales.id,
        });
        expect(configured.isError, textOf(configured)).toBeFalsy();
        token = embedOf(configured).accessToken;
      },
    );
    const session = await embedSession(token, reports.regionalSales.id);
    expect(session.identity).toEqual({ username: upn, roles: ["Region"] });
  });

  it("delegated: the view embeds with the signed-in user's own token (Aad), which no model-visible result or log line holds", async () => {
    let stderr = "";
    let embed: EmbedConfig | undefined;
    const visible: string[] = [];
    await withChildServer(BIN, t.delegatedEnv(), async (server) => {
      // RLS applies as the user: no configured identity is needed for the RLS report.
      const shown = await call(server, "show_report", {
        workspace: workspaces.sales.name,
        report: reports.regionalSales.name,
      });
      expect(shown.isError, textOf(shown)).toBeFalsy();
      visible.push(modelVisible(shown));
      const configured = await call(server, "get_embed_config", {
        workspaceId: workspaces.sales.id,
        reportId: reports.regionalSales.id,
      });
      expect(configured.isError, textOf(configured)).toBeFalsy();
      visible.push(modelVisible(configured));
      embed = embedOf(configured);
      stderr = server.transport.stderr;
    });
    expect(embed?.tokenType).toBe("Aad");
    expect(embed?.accessToken).toMatch(JWT);
    expect(generateTokenCalls()).toEqual([]);
    for (const text of [...visible, stderr]) {
      expect(text).not.toContain(embed?.accessToken);
      expect(text).not.toMatch(JWT);
    }
  });

  it("access the service principal lacks: the error says so and names the provisioning command", async () => {
    await withChildServer(BIN, t.appEnv(), async (server) => {
      // Contributor in Finance: it can read the report, but an embed token needs Member or above.
      const shown = await call(server, "show_report", {
        workspace: workspaces.finance.name,
        report: reports.profitAndLoss.name,
      });
      expect(shown.isError, textOf(shown)).toBeFalsy();
      const refused = await call(server, "get_embed_config", {
        workspaceId: workspaces.finance.id,
        reportId: reports.profitAndLoss.id,
      });
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toContain(`no access to workspace "${workspaces.finance.name}"`);
      expect(textOf(refused)).toContain(
        `npx -y @entra-mcp/cli provision --workspace "${workspaces.finance.name}"`,
      );
      expect(textOf(refused)).toContain("Service principals can use Fabric APIs");
      // A workspace it is not a member of at all, by ID.
      const marketing = await call(server, "show_report", {
        workspace: workspaces.marketing.id,
        report: reports.campaignPerformance.id,
      });
      expect(marketing.isError).toBe(true);
      expect(textOf(marketing)).toContain("npx -y @entra-mcp/cli provision --workspace");
    });
  });

  it("GenerateToken throttled: a readable error for the view, and the server keeps serving", async () => {
    // One attempt per call, so the throttled answer comes straight back to the view.
    await withChildServer(BIN, t.appEnv({ ENTRA_MCP_HTTP_MAX_ATTEMPTS: "1" }), async (server) => {
      await showSalesOverview(server);
      const target = { workspaceId: workspaces.sales.id, reportId: reports.salesOverview.id };
      t.emulator.inject({
        origin: "powerbi",
        method: "POST",
        path: "/GenerateToken",
        status: 429,
        retryAfter: 1,
      });
      const throttled = await call(server, "get_embed_config", target);
      expect(throttled.isError).toBe(true);
      expect(textOf(throttled)).toMatch(/HTTP 429/);
      expect(textOf(throttled)).toMatch(/retry after 1 s/i);
      expect(embedOf(throttled)).toBeUndefined();
      await new Promise((resolve) => setTimeout(resolve, 1200));
      const again = await call(server, "get_embed_config", target);
      expect(again.isError, textOf(again)).toBeFalsy();
      expect(embedOf(again).accessToken).toBeTruthy();
    });
  });
});
