/**
 * An esbuild plugin that turns a few top-of-module imports of bundled libraries into require() calls
 * made where the import is first used. esbuild bundles such a require into a lazy wrapper, so the
 * imported library runs on first use instead of in a fresh server process's start or first tool
 * call, where nothing uses it. One rule so far: the MCP SDK's Ajv provider imports `ajv` and
 * `ajv-formats` (~60 CommonJS modules, run before `initialize` can be answered: ~5-10 ms of a fresh
 * process's first result), though the servers hand the SDK their own validator
 * (../json-schema-validator.ts) and only elicitation ever uses one. (Tried and measured without gain:
 * the Key Vault client's proxy agents, whose node:assert import esbuild keeps at the top anyway.)
 *
 * A module is rewritten only if every replacement of its rule matches exactly once; if a new version
 * words it differently, nothing is rewritten and it only costs the time again (pnpm bench,
 * first-token), and lazy-imports.test.ts fails so the rule gets updated.
 */
import { readFile } from "node:fs/promises";
import type { Plugin } from "esbuild";

export interface LazyImportRule {
  /** The module to rewrite, by path. */
  file: RegExp;
  /** What is replaced, in order; each must occur exactly once. */
  replace: readonly (readonly [string, string])[];
}

/** An ES module's default import of a CommonJS module, as esbuild's interop gives it. */
const DEFAULT_EXPORT_HELPER =
  "function defaultExport(module) { return module && module.__esModule ? module.default : module; }";

export const LAZY_IMPORT_RULES = {
  ajvProvider: {
    file: /[\\/]@modelcontextprotocol[\\/]sdk[\\/]dist[\\/]esm[\\/]validation[\\/]ajv-provider\.js$/,
    replace: [
      ["import Ajv from 'ajv';", DEFAULT_EXPORT_HELPER],
      ["import _addFormats from 'ajv-formats';", ""],
      ["    const ajv = new Ajv({", "    const ajv = new (defaultExport(require('ajv')))({"],
      ["const addFormats = _addFormats;", "const addFormats = defaultExport(require('ajv-formats'));"],
    ],
  },
} satisfies Record<string, LazyImportRule>;

/** `source` with the rule's replacements made, or undefined if it does not read as expected. */
export function applyLazyImportRule(source: string, rule: LazyImportRule): string | undefined {
  let rewritten = source;
  for (const [from, to] of rule.replace) {
    if (rewritten.split(from).length !== 2) return undefined;
    rewritten = rewritten.replace(from, () => to);
  }
  return rewritten;
}

export const lazyImports: Plugin = {
  name: "entra-mcp-lazy-imports",
  setup(build) {
    for (const rule of Object.values(LAZY_IMPORT_RULES)) {
      build.onLoad({ filter: rule.file }, async (args) => {
        const contents = applyLazyImportRule(await readFile(args.path, "utf8"), rule);
        return contents === undefined ? undefined : { contents, loader: "js" };
      });
    }
  },
};
