/** entra-mcp-bundle's step for MCP Apps: every view a description uses, built to <dist>/views/<name>.html. */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ApiDescription } from "../api-description.js";
import type { AppViewName } from "./app-description.js";
import { buildViewHtml } from "./build-view.js";

/** Writes the views of `description` into `distDir`/views/; returns the files written (relative). */
export async function writeViews(description: ApiDescription, distDir: string): Promise<string[]> {
  const views = [...new Set((description.apps ?? []).map((app) => app.view))] as AppViewName[];
  const written: string[] = [];
  for (const view of views) {
    const html = await buildViewHtml(view);
    mkdirSync(join(distDir, "views"), { recursive: true });
    writeFileSync(join(distDir, "views", `${view}.html`), html);
    written.push(`views/${view}.html`);
  }
  return written;
}
