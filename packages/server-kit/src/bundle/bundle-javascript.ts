/**
 * esbuild: the package's entry and everything it imports, as ESM chunks in one folder. Code that is
 * imported dynamically (auth-core, and through it MSAL and the Azure SDK) lands in chunks of its own,
 * so `initialize` and `tools/list` read only the entry chunk and the auth path loads on the first
 * call that needs a token. Every chunk sits flat in dist/, so `import.meta.url` of any bundled module
 * points there (auth-core finds the DPAPI binding at dist/native/ that way).
 */
import { isBuiltin } from "node:module";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { lazyImports } from "./lazy-imports.js";
import { nodeVersionChecks } from "./node-version-checks.js";
import { undiciFree } from "./undici-free.js";

/**
 * A second entry the launcher runs before the package's own: Zod's configuration, which must come
 * before any schema is built (../zod-jitless.ts). Inside the entry it would run too late: with code
 * splitting, an entry's own code runs after every chunk it imports, and the SDK's schemas are in one.
 */
export const PRELUDE_ENTRY = "prelude";
const preludeSource = fileURLToPath(new URL("../zod-jitless.js", import.meta.url));

/** The oldest Node the bundle runs on: its syntax target, and what the launcher insists on. */
export const NODE_MAJOR = 22;

/** Packages that stay outside the bundle: prebuilt native bindings, installed as optional dependencies. */
export const EXTERNAL_PACKAGES = ["@napi-rs/keyring"] as const;

export interface JavaScriptBundle {
  /** Output files relative to the output folder, with their sizes. */
  files: { path: string; bytes: number }[];
  /**
   * Packages the bundle imports from outside: EXTERNAL_PACKAGES, and optional requires that
   * dependencies wrap in try/catch (esbuild leaves those to run time, where they fail softly).
   */
  externalImports: string[];
}

/** Bundles `entry` into `outdir/<entryName>.mjs`, plus PRELUDE_ENTRY and the chunks both share. */
export async function bundleJavaScript(
  entry: string,
  outdir: string,
  entryName: string,
): Promise<JavaScriptBundle> {
  const result = await build({
    entryPoints: { [entryName]: entry, [PRELUDE_ENTRY]: preludeSource },
    outdir,
    bundle: true,
    splitting: true,
    platform: "node",
    format: "esm",
    target: `node${NODE_MAJOR}`,
    outExtension: { ".js": ".mjs" },
    chunkNames: "[name]-[hash]",
    external: [...EXTERNAL_PACKAGES],
    plugins: [undiciFree, lazyImports, nodeVersionChecks(NODE_MAJOR)],
    // Whitespace and syntax are minified, identifiers are not. Minified identifiers need keepNames to
    // keep class and function names (error names such as `KeyVaultError` come from them, and so do
    // readable stack traces in bug reports), and keepNames' per-function __name calls cost ~10 ms of
    // a fresh process's first tool result (fresh processes side by side: 194 -> 183 ms); the bundle is
    // ~30% larger instead (graph: 2.5 -> 3.3 MB, well inside the 10 MB installed-size target).
    minifyWhitespace: true,
    minifySyntax: true,
    minifyIdentifiers: false,
    metafile: true,
    // CommonJS dependencies call require(); the ESM chunks need a real one.
    banner: {
      js: "import { createRequire as __entraMcpRequire } from 'node:module'; const require = __entraMcpRequire(import.meta.url);",
    },
    legalComments: "none",
    logLevel: "warning",
  });
  const files = Object.entries(result.metafile.outputs).map(([path, output]) => ({
    path: path.slice(path.lastIndexOf("/") + 1),
    bytes: output.bytes,
  }));
  const externalImports = new Set<string>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const item of output.imports)
      if (item.external && !isBuiltin(item.path)) externalImports.add(item.path);
  }
  return { files, externalImports: [...externalImports].sort() };
}
