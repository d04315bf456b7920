/**
 * The built HTML of a view. entra-mcp-bundle writes it to views/<name>.html beside the bundled server's
 * chunks (dist/), so it ships in the npm package and the .mcpb; it is read once, on the first
 * resources/read, never at start-up.
 */
import { readFile } from "node:fs/promises";
import { ToolError } from "../tools/tool-error.js";
import type { AppViewName } from "./app-description.js";

const cache = new Map<AppViewName, Promise<string>>();

/** Where a view's HTML sits relative to the running module (the bundle keeps every chunk in dist/). */
export function viewFileUrl(view: AppViewName, base: string = import.meta.url): URL {
  return new URL(`./views/${view}.html`, base);
}

/** The view's HTML; a clear error when this build of the server has none. */
export function readViewHtml(view: AppViewName): Promise<string> {
  let html = cache.get(view);
  if (!html) {
    const file = viewFileUrl(view);
    html = readFile(file, "utf8").catch((error: unknown) => {
      cache.delete(view);
      throw new ToolError(
        "ViewMissing",
        `the ${view} view is not in this build (${file.pathname} cannot be read: ${(error as Error).message}). Fix: run the bundled server (entra-mcp-bundle writes dist/views/), e.g. \`pnpm turbo run build --filter=@entra-mcp/powerbi...\`, or reinstall the package.`,
      );
    });
    cache.set(view, html);
  }
  return html;
}
