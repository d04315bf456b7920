/// <reference lib="dom" />
/**
 * The Power BI report view: an MCP App (ext-apps' App over the host's postMessage bridge) that embeds
 * the report show_report opened with powerbi-client, asking get_embed_config for the embed credential
 * and renewing it (report.setAccessToken) before it expires. Built into one HTML file with everything
 * inline (build-view.ts); it loads no script from anywhere.
 */
import { App } from "@modelcontextprotocol/ext-apps";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import * as pbi from "powerbi-client";

// Kept in step with servers/powerbi's get_embed_config (EMBED_META_KEY).
const EMBED_META_KEY = "entra-mcp/powerbi-embed";
// Renew this long before expiry (capped at half the token's lifetime for short-lived tokens).
const RENEW_AHEAD_MS = 2 * 60_000;
const RETRY_MS = 15_000;

interface Target {
  workspaceId: string;
  reportId: string;
}

interface EmbedConfig {
  reportId: string;
  embedUrl: string;
  accessToken: string;
  tokenType: "Embed" | "Aad";
  expiration: string;
  pageName?: string;
  filters?: pbi.models.IFilter[];
}

const status = document.getElementById("status") as HTMLElement;
const container = document.getElementById("report") as HTMLElement;
const service = new pbi.service.Service(
  pbi.factories.hpmFactory,
  pbi.factories.wpmpFactory,
  pbi.factories.routerFactory,
);
const app = new App({ name: "entra-mcp-powerbi-report", version: "1.0.0" }, {});
let report: pbi.Report | undefined;
let renewTimer: ReturnType<typeof setTimeout> | undefined;
let renewals = 0;

function show(state: "loading" | "loaded" | "error", message: string): void {
  document.body.dataset.state = state;
  status.className = state;
  status.textContent = message;
}

function textOf(result: CallToolResult): string {
  return result.content
    .map((item) => (item.type === "text" ? item.text : ""))
    .join(" ")
    .trim();
}

async function fetchConfig(target: Target): Promise<EmbedConfig> {
  const result = await app.callServerTool({ name: "get_embed_config", arguments: { ...target } });
  if (result.isError) throw new Error(textOf(result) || "get_embed_config failed.");
  const config = (result._meta as Record<string, unknown> | undefined)?.[EMBED_META_KEY] as
    | EmbedConfig
    | undefined;
  if (!config?.accessToken || !config.embedUrl)
    throw new Error("get_embed_config returned no embed configuration.");
  return config;
}

function scheduleRenewal(target: Target, expiration: string): void {
  if (renewTimer) clearTimeout(renewTimer);
  const left = Date.parse(expiration) - Date.now();
  const wait = Math.max(1000, left - Math.min(RENEW_AHEAD_MS, left / 2));
  renewTimer = setTimeout(() => void renew(target), wait);
}

async function renew(target: Target): Promise<void> {
  try {
    const config = await fetchConfig(target);
    await report?.setAccessToken(config.accessToken);
    renewals += 1;
    document.body.dataset.renewals = String(renewals);
    scheduleRenewal(target, config.expiration);
  } catch (error) {
    show("error", `Could not renew the embed token: ${(error as Error).message} Retrying shortly.`);
    renewTimer = setTimeout(() => void renew(target), RETRY_MS);
  }
}

async function open(target: Target, name: string): Promise<void> {
  show("loading", `Loading “${name}”…`);
  try {
    const config = await fetchConfig(target);
    service.reset(container);
    const embedded = service.embed(container, {
      type: "report",
      id: config.reportId,
      embedUrl: config.embedUrl,
      accessToken: config.accessToken,
      tokenType: config.tokenType === "Aad" ? pbi.models.TokenType.Aad : pbi.models.TokenType.Embed,
      permissions: pbi.models.Permissions.Read,
      viewMode: pbi.models.ViewMode.View,
      ...(config.pageName ? { pageName: config.pageName } : {}),
      ...(config.filters?.length ? { filters: config.filters } : {}),
      settings: { panes: { filters: { visible: false }, pageNavigation: { visible: true } } },
    }) as pbi.Report;
    report = embedded;
    embedded.on("loaded", () => show("loaded", `“${name}”`));
    embedded.on("rendered", () => {
      document.body.dataset.rendered = "true";
    });
    embedded.on("error", (event) => {
      const detail = (event as CustomEvent<pbi.models.IError>).detail;
      if (detail?.message === "TokenExpired") {
        void renew(target);
        return;
      }
      show(
        "error",
        `The report could not be shown: ${detail?.detailedMessage ?? detail?.message ?? "unknown error"}`,
      );
    });
    scheduleRenewal(target, config.expiration);
  } catch (error) {
    show("error", `The report could not be shown: ${(error as Error).message}`);
  }
}

app.ontoolresult = (params) => {
  if (params.isError) {
    show("error", textOf(params as CallToolResult) || "show_report failed.");
    return;
  }
  const result = params.structuredContent as (Target & { name?: string }) | undefined;
  if (!result?.reportId || !result.workspaceId) return;
  void open({ workspaceId: result.workspaceId, reportId: result.reportId }, result.name ?? "report");
};

app
  .connect()
  .catch((error: unknown) => show("error", `Could not connect to the host: ${(error as Error).message}`));
