/**
 * Builds a view into ONE self-contained HTML file: its script (with ext-apps' App, the MCP SDK and
 * anything else it imports, e.g. powerbi-client) bundled by esbuild and inlined into the view's
 * view.html. No CDN, no remote script: a view works under a CSP that allows no script source at all.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import type { AppViewName } from "./app-description.js";

const PLACEHOLDER = "/*VIEW_SCRIPT*/";

/** The view's source folder (src/apps/views/<name>/), from src or from the built dist/apps/. */
export function viewSourceDir(view: AppViewName): string {
  for (const relative of [`./views/${view}/`, `../../src/apps/views/${view}/`]) {
    const dir = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(`${dir}view.html`)) return dir;
  }
  throw new Error(`the ${view} view's sources (src/apps/views/${view}/) are not next to server-kit.`);
}

/** The view's HTML with its bundled script inline. */
export async function buildViewHtml(view: AppViewName): Promise<string> {
  const dir = viewSourceDir(view);
  const entry = `${dir}${view === "powerbi-report" ? "report-view.ts" : "view.ts"}`;
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: "browser",
    format: "iife",
    target: "es2022",
    minify: true,
    legalComments: "none",
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "warning",
  });
  const script = result.outputFiles[0]?.text ?? "";
  const template = readFileSync(`${dir}view.html`, "utf8");
  if (!template.includes(PLACEHOLDER)) throw new Error(`${dir}view.html has no ${PLACEHOLDER} placeholder.`);
  // Inline scripts end at the first "</script" whatever the JavaScript means; escape it.
  const inline = script.replace(/<\/script/gi, "<\\/script");
  return template.replace(PLACEHOLDER, () => inline);
}
