#!/usr/bin/env node
/**
 * `entra-mcp-bundle <entry.ts|js> [outdir]`: bundles a server's start-up path (its description, the
 * server kit, the MCP SDK and zod) into one ESM file, so a cold start reads one file instead of
 * hundreds of modules. @entra-mcp/auth-core stays external: the kit imports it lazily on the first
 * tool call that needs a token, so MSAL and the Azure SDK never load for `initialize`/`tools/list`.
 * Writes <outdir>/server.mjs and a launcher <outdir>/launch.mjs that turns on Node's compile cache.
 */
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { build } from "esbuild";

const [entry, outdir = "dist"] = process.argv.slice(2);
if (!entry) {
  process.stderr.write("usage: entra-mcp-bundle <entry> [outdir]\n");
  process.exit(2);
}

await build({
  entryPoints: [resolve(entry)],
  outfile: join(outdir, "server.mjs"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node22",
  external: ["@entra-mcp/auth-core"],
  // Some SDK dependencies are CommonJS and call require(); give the ESM bundle a real one.
  banner: {
    js: "import { createRequire as __entraMcpRequire } from 'node:module'; const require = __entraMcpRequire(import.meta.url);",
  },
  legalComments: "none",
  logLevel: "warning",
});

// The launcher: compile cache first (Node >= 22.1), then the bundle. Kept separate so the cache
// covers the bundle itself.
writeFileSync(
  join(outdir, "launch.mjs"),
  `#!/usr/bin/env node
import module from "node:module";
module.enableCompileCache?.();
await import("./server.mjs");
`,
  { mode: 0o755 },
);
