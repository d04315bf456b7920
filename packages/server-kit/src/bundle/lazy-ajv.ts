/**
 * An esbuild plugin that keeps Ajv unevaluated in a fresh server process until something validates
 * JSON Schema. The MCP SDK's server module imports its Ajv provider at the top, and the provider
 * imports `ajv` and `ajv-formats` at the top, so a bundle runs Ajv's ~60 CommonJS modules at start
 * before `initialize` can be answered, although the servers hand the SDK their own validator
 * (../json-schema-validator.ts) and only elicitation ever uses one.
 *
 * The provider's two imports become require() calls made when its default Ajv instance is built;
 * esbuild bundles those into lazy CommonJS wrappers, so Ajv runs on first use only. The provider is
 * rewritten only if it reads exactly as expected (LAZY_AJV_REWRITES); if a new SDK version words it
 * differently, nothing is rewritten and it only costs the start-up time again (pnpm bench,
 * first-token; lazy-ajv.test.ts fails so the rule gets updated).
 */
import { readFile } from "node:fs/promises";
import type { Plugin } from "esbuild";

const AJV_PROVIDER =
  /[\\/]@modelcontextprotocol[\\/]sdk[\\/]dist[\\/]esm[\\/]validation[\\/]ajv-provider\.js$/;

/** What is replaced, in order; each must occur exactly once in the provider. */
export const LAZY_AJV_REWRITES: readonly (readonly [string, string])[] = [
  ["import Ajv from 'ajv';", ""],
  ["import _addFormats from 'ajv-formats';", ""],
  ["    const ajv = new Ajv({", "    const ajv = new (defaultExport(require('ajv')))({"],
  ["const addFormats = _addFormats;", "const addFormats = defaultExport(require('ajv-formats'));"],
];

/** An ES module's default import of a CommonJS module, as esbuild's interop gives it. */
const DEFAULT_EXPORT_HELPER =
  "\nfunction defaultExport(module) { return module && module.__esModule ? module.default : module; }\n";

/** The provider's source with Ajv loaded on first use, or undefined if it does not read as expected. */
export function lazyAjvProvider(source: string): string | undefined {
  let rewritten = source;
  for (const [from, to] of LAZY_AJV_REWRITES) {
    if (rewritten.split(from).length !== 2) return undefined;
    rewritten = rewritten.replace(from, to);
  }
  return rewritten + DEFAULT_EXPORT_HELPER;
}

export const lazyAjv: Plugin = {
  name: "entra-mcp-lazy-ajv",
  setup(build) {
    build.onLoad({ filter: AJV_PROVIDER }, async (args) => {
      const contents = lazyAjvProvider(await readFile(args.path, "utf8"));
      return contents === undefined ? undefined : { contents, loader: "js" };
    });
  },
};
