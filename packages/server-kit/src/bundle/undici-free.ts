/**
 * An esbuild plugin that keeps Node's bundled undici unloaded in a fresh server process. Node
 * compiles undici (20–40 ms) the first time anything touches it, and the servers never use it: their
 * API calls and MSAL's token requests go through node:https (auth-core's node-request.ts). Two
 * things in bundled libraries touch it on the way to the first token; both are rewritten here:
 *  - an ESM import of `node:http` (the Azure SDK, MSAL, the proxy agents): Node builds a builtin's
 *    ESM facade by reading every export, and node:http's lazy `WebSocket`, `CloseEvent` and
 *    `MessageEvent` getters load undici. The import gets the CommonJS module through
 *    `process.getBuiltinModule` instead, with every export but those three (code that imported one
 *    of them would fail the build, not run time).
 *  - `typeof FormData !== "undefined" && body instanceof FormData` in @typespec/ts-http-runtime,
 *    run on every Key Vault request: reading the global FormData loads undici. The body's
 *    constructor name is checked first, so the global is read only for a body that is a FormData
 *    (and so was made from it). If a new version words the check differently, nothing is rewritten
 *    and it only costs the load again (pnpm bench, first-token).
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { Plugin } from "esbuild";

const HTTP_NAMESPACE = "entra-mcp-http-builtin";
/** node:http's exports that are lazy getters into undici. */
const UNDICI_GETTERS = new Set(["WebSocket", "CloseEvent", "MessageEvent"]);
const TS_HTTP_RUNTIME = /[\\/]@typespec[\\/]ts-http-runtime[\\/]dist[\\/]esm[\\/].*\.js$/;
const FORM_DATA_CHECK = /typeof FormData !== "undefined" && (\w+) instanceof FormData/g;

export const undiciFree: Plugin = {
  name: "entra-mcp-undici-free",
  setup(build) {
    build.onResolve({ filter: /^(node:)?http$/ }, (args) =>
      args.kind === "import-statement" || args.kind === "dynamic-import"
        ? { path: "node:http", namespace: HTTP_NAMESPACE }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: HTTP_NAMESPACE }, () => ({
      contents: httpShimSource(),
      loader: "js",
    }));
    build.onLoad({ filter: TS_HTTP_RUNTIME }, async (args) => {
      const source = await readFile(args.path, "utf8");
      if (!source.includes("instanceof FormData")) return undefined;
      return {
        contents: source.replace(
          FORM_DATA_CHECK,
          '$1?.constructor?.name === "FormData" && typeof FormData !== "undefined" && $1 instanceof FormData',
        ),
        loader: "js",
      };
    });
  },
};

function httpShimSource(): string {
  // Object.keys reads names only, so no getter runs here either.
  const names = Object.keys(createRequire(import.meta.url)("node:http")).filter(
    (name) => !UNDICI_GETTERS.has(name) && /^[A-Za-z_$][\w$]*$/.test(name),
  );
  return [
    'const http = process.getBuiltinModule("node:http");',
    "export default http;",
    ...names.map((name) => `export const ${name} = http.${name};`),
  ].join("\n");
}
