import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build, type Plugin } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { lazyAjv, lazyAjvProvider } from "../../src/bundle/lazy-ajv.js";

const require = createRequire(import.meta.url);
// The ES module build, which bundles import (require() would resolve the CommonJS one).
const providerPath = require
  .resolve("@modelcontextprotocol/sdk/validation/ajv")
  .replace(/([\\/])dist[\\/]cjs[\\/]/, "$1dist$1esm$1");
const work = mkdtempSync(join(tmpdir(), "lazy-ajv-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Marks the moment Ajv's main module runs, inside the bundle. */
const markAjv: Plugin = {
  name: "mark-ajv",
  setup(build) {
    build.onLoad({ filter: /[\\/]ajv[\\/]dist[\\/]ajv\.js$/ }, (args) => ({
      contents: `globalThis.ajvRan = true;\n${readFileSync(args.path, "utf8")}`,
      loader: "js",
    }));
  },
};

/**
 * Bundles the SDK's Ajv provider (with Ajv inside, as a server's bundle has it), then reports in a
 * fresh process whether Ajv had run after the import, and after a validator was built and used.
 */
async function loadTimes(plugins: Plugin[]) {
  const outfile = join(work, `bundle-${plugins.length}.mjs`);
  await build({
    stdin: {
      contents: `export { AjvJsonSchemaValidator } from ${JSON.stringify(providerPath)};`,
      resolveDir: work,
    },
    outfile,
    bundle: true,
    format: "esm",
    platform: "node",
    plugins: [...plugins, markAjv],
    logLevel: "silent",
  });
  const probe = join(work, `probe-${plugins.length}.mjs`);
  writeFileSync(
    probe,
    `const loaded = () => globalThis.ajvRan === true;
const { AjvJsonSchemaValidator } = await import(${JSON.stringify(outfile)});
const afterImport = loaded();
const check = new AjvJsonSchemaValidator().getValidator({ type: "object", properties: { at: { type: "string", format: "date-time" } } });
console.log(JSON.stringify({ afterImport, afterUse: loaded(), good: check({ at: "2026-12-07T10:00:00Z" }).valid, bad: check({ at: "yesterday" }).valid }));`,
  );
  const run = spawnSync(process.execPath, [probe], { encoding: "utf8" });
  expect(run.stderr).toBe("");
  return JSON.parse(run.stdout) as { afterImport: boolean; afterUse: boolean; good: boolean; bad: boolean };
}

describe("lazy-ajv bundle plugin", () => {
  it("recognises the installed SDK's Ajv provider (a new wording must update LAZY_AJV_REWRITES)", () => {
    const rewritten = lazyAjvProvider(readFileSync(providerPath, "utf8"));
    expect(rewritten).toBeDefined();
    expect(rewritten).not.toMatch(/^import .* from 'ajv/m);
  });

  it("leaves a provider it does not recognise alone", () => {
    expect(lazyAjvProvider("import Ajv from 'ajv';\nexport const x = new Ajv();")).toBeUndefined();
  });

  it("loads Ajv on first use, not on import, and the validator still checks formats", async () => {
    const lazy = await loadTimes([lazyAjv]);
    expect(lazy).toEqual({ afterImport: false, afterUse: true, good: true, bad: false });
  });

  it("without the plugin, importing the provider loads Ajv (the control)", async () => {
    const eager = await loadTimes([]);
    expect(eager).toEqual({ afterImport: true, afterUse: true, good: true, bad: false });
  });
});
