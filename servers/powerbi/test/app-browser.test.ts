/**
 * The Power BI MCP App in a real browser: headless Chromium (the Debian package, driven by
 * playwright-core) opens a small MCP Apps host page built on ext-apps' AppBridge. The host talks to
 * the BUILT server over stdio (the test's MCP SDK Client relays), calls show_report and renders the
 * ui:// view in a sandboxed iframe under the resource's CSP; the view embeds the report with
 * powerbi-client against the emulator's embed page, and renews its embed token before it expires.
 */
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { SAMPLE } from "@entra-mcp/emulator";
import {
  type ChildServer,
  startChildServer,
  startTestEmulator,
  type TestEmulator,
} from "@entra-mcp/test-support";
import type { CallToolRequest, CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { type Browser, chromium, type Frame, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HostServer, startHostServer } from "./host/host-server.js";

const BIN = fileURLToPath(new URL("../dist/package/dist/launch.mjs", import.meta.url));
const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = fileURLToPath(new URL("../test-artifacts/", import.meta.url));
const README_SHOT = fileURLToPath(new URL("../docs/report-in-chat.png", import.meta.url));
const EMBED_META_KEY = "entra-mcp/powerbi-embed";
const JWT = /eyJ[\w-]{8,}\.[\w-]{8,}\./;
// Short-lived embed tokens, so the view has to renew within the test.
const TOKEN_LIFETIME_SECONDS = 8;
const { workspaces, reports } = SAMPLE;

let t: TestEmulator;
let server: ChildServer;
let host: HostServer;
let browser: Browser;
let page: Page;
/** Every tools/call the host relayed, with its result. */
const calls: { params: CallToolRequest["params"]; result: CallToolResult }[] = [];

beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npx turbo run build\` first.`);
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install the Debian chromium package.`);
  t = await startTestEmulator();
  t.emulator.setEmbedTokenLifetime(TOKEN_LIFETIME_SECONDS);
  // One attempt per call, so the injected throttling below reaches the view instead of a retry.
  server = await startChildServer(BIN, t.appEnv({ ENTRA_MCP_HTTP_MAX_ATTEMPTS: "1" }));
  host = await startHostServer(server.client);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    // The emulated app.powerbi.com listens on 127.0.0.1 (powerbi-client embeds only *.powerbi.com).
    args: ["--no-sandbox", "--host-resolver-rules=MAP app.powerbi.com 127.0.0.1"],
  });
  // The emulator's HTTPS origins are signed by its own CA, which this browser profile does not know.
  const context = await browser.newContext({
    ignoreHTTPSErrors: true,
    viewport: { width: 1100, height: 900 },
  });
  page = await context.newPage();
  // The host page's bridge to the MCP client: only the host (main frame) may use it, never the view.
  const mainOnly = (source: { frame: Frame }) => {
    if (source.frame !== page.mainFrame()) throw new Error("only the host page may call the MCP server");
  };
  await page.exposeBinding("mcpListTools", async (source) => {
    mainOnly(source);
    return server.client.listTools();
  });
  await page.exposeBinding("mcpCallTool", async (source, params: CallToolRequest["params"]) => {
    mainOnly(source);
    const result = (await server.client.callTool(params)) as CallToolResult;
    calls.push({ params, result });
    return result;
  });
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await server?.close();
  await t?.emulator.stop();
});

const viewFrame = () => page.frames().find((frame) => frame.url().startsWith(`${host.viewOrigin}/view`));
const embedFrame = () =>
  page.frames().find((frame) => frame.url().startsWith(`${t.emulator.powerBiAppUrl}/reportEmbed`));
const sessionChecks = () =>
  t.emulator.requests({ origin: "powerbiapp", method: "POST", path: "/reportEmbed/session" });
const tokensIssued = () =>
  calls
    .filter((call) => call.params.name === "get_embed_config" && !call.result.isError)
    .map(
      (call) =>
        (call.result._meta?.[EMBED_META_KEY] as { accessToken?: string } | undefined)?.accessToken ?? "",
    );

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const state = (frame: Frame | undefined, attribute: string) =>
  frame?.evaluate((name) => document.body?.dataset[name], attribute).catch(() => undefined);

describe("the report view in headless Chromium, hosted by an ext-apps AppBridge page", () => {
  it("embeds the report with powerbi-client, renews the expiring embed token, and no token reaches the model or stderr", async () => {
    const args = { workspace: workspaces.sales.name, report: reports.salesOverview.name };
    const query = new URLSearchParams({
      args: JSON.stringify(args),
      viewOrigin: host.viewOrigin,
      prompt: "Show me the Sales Overview report from Sales Analytics.",
    });
    await page.goto(`${host.hostOrigin}/?${query}`);
    await page.evaluate(() => window.hostReady);
    expect(await page.evaluate(() => document.body.dataset.hostError)).toBeUndefined();

    // powerbi-client created the report iframe with the emulator's embedUrl.
    const view = await waitFor("the view iframe", viewFrame);
    // The view runs under exactly the CSP its resource declared: the emulated app.powerbi.com only.
    expect(host.viewCsp()).toContain(`frame-src ${t.emulator.powerBiAppUrl};`);
    expect(host.viewCsp()).toContain(`connect-src ${t.emulator.powerBiAppUrl};`);
    const embedUrl = `${t.emulator.powerBiAppUrl}/reportEmbed?reportId=${reports.salesOverview.id}&groupId=${workspaces.sales.id}`;
    const iframeSrc = await waitFor("powerbi-client's iframe", () =>
      view
        .evaluate(() => document.querySelector("#report iframe")?.getAttribute("src") ?? undefined)
        .catch(() => undefined),
    );
    expect(iframeSrc.startsWith(embedUrl)).toBe(true);

    // The embed page checked a valid embed token and reported loaded; the view saw the event.
    expect(
      await waitFor("the view's loaded state", async () =>
        (await state(viewFrame(), "state")) === "loaded" ? true : undefined,
      ),
    ).toBe(true);
    const embed = await waitFor("the embed page", embedFrame);
    expect(await state(embed, "state")).toBe("rendered");
    expect(await embed.evaluate(() => document.getElementById("report-name")?.textContent)).toBe(
      reports.salesOverview.name,
    );
    expect(sessionChecks().map((entry) => entry.status)).toEqual([200]);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}report-in-chat.png`, fullPage: true });
    // The README's copy is refreshed on request only, so a test run leaves the checkout clean.
    if (!existsSync(README_SHOT) || process.env.UPDATE_SCREENSHOTS === "1") {
      mkdirSync(fileURLToPath(new URL("../docs/", import.meta.url)), { recursive: true });
      copyFileSync(`${ARTIFACTS}report-in-chat.png`, README_SHOT);
    }

    // Renewal: before the first token expires the view asks get_embed_config again and hands the new
    // token to powerbi-client (report.setAccessToken); the embed page checks it and keeps rendering.
    const first = Date.now();
    await waitFor(
      "a renewed token",
      async () => (Number(await state(viewFrame(), "renewals")) >= 1 ? true : undefined),
      TOKEN_LIFETIME_SECONDS * 1000 + 5000,
    );
    expect(sessionChecks().map((entry) => entry.status)).toEqual([200, 200]);
    const [original, renewed] = tokensIssued();
    expect(renewed).toBeDefined();
    expect(renewed).not.toBe(original);
    // Past the first token's expiry the report still shows: it runs on the renewed token.
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, TOKEN_LIFETIME_SECONDS * 1000 + 500 - (Date.now() - first))),
    );
    expect(await state(embedFrame(), "state")).toBe("rendered");
    expect(await state(viewFrame(), "state")).toBe("loaded");

    // A throttled renewal: the view says so in words, the server stays up, and the next renewal
    // — after the current token has expired and the embed page raised TokenExpired — succeeds.
    const before = tokensIssued().length;
    t.emulator.inject({
      origin: "powerbi",
      method: "POST",
      path: "/GenerateToken",
      status: 429,
      retryAfter: 1,
    });
    const message = await waitFor(
      "the view's error text",
      async () =>
        (await state(viewFrame(), "state")) === "error"
          ? await viewFrame()?.evaluate(() => document.getElementById("status")?.textContent ?? "")
          : undefined,
      TOKEN_LIFETIME_SECONDS * 1000 + 5000,
    );
    expect(message).toMatch(/Could not renew the embed token: get_embed_config: Power BI answered HTTP 429/);
    await waitFor(
      "a renewal after the throttling",
      () => (tokensIssued().length > before ? true : undefined),
      30_000,
    );
    expect(
      await waitFor("the embed page to accept it", () =>
        sessionChecks().at(-1)?.status === 200 ? true : undefined,
      ),
    ).toBe(true);
    const afterThrottle = await server.client.callTool({
      name: "list_reports",
      arguments: { workspaceId: workspaces.sales.id },
    });
    expect(afterThrottle.isError).toBeFalsy();

    // What the model saw (show_report's result) and the server's stderr hold no token of any kind.
    const tokens = tokensIssued();
    expect(tokens.length).toBeGreaterThanOrEqual(3);
    const modelVisible = calls
      .filter((call) => call.params.name === "show_report")
      .map((call) =>
        JSON.stringify({ content: call.result.content, structuredContent: call.result.structuredContent }),
      );
    expect(modelVisible).toHaveLength(1);
    const appResultsText = calls
      .filter((call) => call.params.name === "get_embed_config")
      .map((call) =>
        JSON.stringify({ content: call.result.content, structuredContent: call.result.structuredContent }),
      );
    for (const text of [...modelVisible, ...appResultsText, server.transport.stderr]) {
      for (const token of tokens) expect(text).not.toContain(token);
      expect(text).not.toMatch(JWT);
    }
  });

  it("opens the requested page with validated filters: powerbi-client accepts the configuration and the report loads", async () => {
    const filter = {
      $schema: "http://powerbi.com/product/schema#basic",
      target: { table: "Product", column: "Category" },
      operator: "In",
      values: ["Footwear"],
    };
    const args = {
      workspace: workspaces.sales.id,
      report: reports.salesOverview.id,
      page: "By Product",
      filters: [filter],
    };
    const query = new URLSearchParams({ args: JSON.stringify(args), viewOrigin: host.viewOrigin });
    // The previous test's view keeps renewing its short-lived token; leave it and let any check it
    // had in flight land, so the count below is this page's alone.
    await page.goto("about:blank");
    let checked = sessionChecks().length;
    for (let quiet = 0; quiet < 10; quiet++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (sessionChecks().length !== checked) [checked, quiet] = [sessionChecks().length, 0];
    }
    await page.goto(`${host.hostOrigin}/?${query}`);
    await page.evaluate(() => window.hostReady);
    expect(await page.evaluate(() => document.body.dataset.hostError)).toBeUndefined();
    expect(
      await waitFor("the view's loaded state", async () =>
        (await state(viewFrame(), "state")) === "loaded" ? true : undefined,
      ),
    ).toBe(true);
    expect(await state(embedFrame(), "state")).toBe("rendered");
    // The embed page accepted this page's token. Under load the view may already have renewed its
    // short-lived token once, so count at least one check, every one accepted.
    const checks = sessionChecks().slice(checked);
    expect(checks.length).toBeGreaterThanOrEqual(1);
    expect(checks.map((entry) => entry.status)).toEqual(checks.map(() => 200));
    const config = calls.filter((call) => call.params.name === "get_embed_config").at(-1)?.result._meta?.[
      EMBED_META_KEY
    ] as { pageName?: string; filters?: unknown[] } | undefined;
    expect(config?.pageName).toBe("ReportSection2");
    expect(config?.filters).toEqual([{ ...filter, filterType: 1 }]);
  });
});
