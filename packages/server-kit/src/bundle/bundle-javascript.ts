/**
 * esbuild: the package's entry and everything it imports, as ESM chunks in one folder. Code that is
 * imported dynamically (auth-core, and through it MSAL and the Azure SDK) lands in chunks of its own,
 * so `initialize` and `tools/list` read only the entry chunk and the auth path loads on the first
 * call that needs a token. Every chunk sits flat in dist/, so `import.meta.url` of any bundled module
 * points there (auth-core finds the DPAPI binding at dist/native/ that way).
 */
import { isBuiltin } from "node:module";
import { build } from "esbuild";
import { undiciFree } from "./undici-free.js";

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

/** Bundles `entry` into `outdir/<entryName>.mjs` plus its chunks. */
export async function bundleJavaScript(
  entry: string,
  outdir: string,
  entryName: string,
): Promise<JavaScriptBundle> {
  const result = await build({
    entryPoints: { [entryName]: entry },
    outdir,
    bundle: true,
    splitting: true,
    platform: "node",
    format: "esm",
    target: "node22",
    outExtension: { ".js": ".mjs" },
    chunkNames: "[name]-[hash]",
    external: [...EXTERNAL_PACKAGES],
    plugins: [undiciFree],
    minify: true,
    keepNames: true,
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
