import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build, type Plugin } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { applyLazyImportRule, LAZY_IMPORT_RULES, lazyImports } from "../../src/bundle/lazy-imports.js";

/** The ES module build of a package's file (require() would resolve the CommonJS one). */
const esm = (path: string) => path.replace(/([\\/])dist[\\/](cjs|commonjs)[\\/]/, "$1dist$1esm$1");
const here = createRequire(import.meta.url);
const ajvProvider = esm(here.resolve("@modelcontextprotocol/sdk/validation/ajv"));

const work = mkdtempSync(join(tmpdir(), "lazy-imports-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Marks the moment a module whose path matches `file` runs, inside the bundle. */
function markWhenRun(file: RegExp): Plugin {
  return {
    name: "mark-when-run",
    setup(build) {
      build.onLoad({ filter: file }, (args) => ({
        contents: `globalThis.markedModuleRan = true;\n${readFileSync(args.path, "utf8")}`,
        loader: "js",
      }));
    },
  };
}

/**
 * Bundles `entry` (with the libraries inside, as a server's bundle has them), then runs `probe` in a
 * fresh process: it gets the bundle's exports as `bundle` and `ran()` telling whether the marked
 * module has run, and prints its findings as JSON.
 */
async function probeBundle(name: string, entry: string, plugins: Plugin[], probe: string): Promise<unknown> {
  const outfile = join(work, `${name}.mjs`);
  await build({
    stdin: { contents: entry, resolveDir: work },
    outfile,
    bundle: true,
    format: "esm",
    platform: "node",
    plugins,
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    logLevel: "silent",
  });
  const script = join(work, `${name}-probe.mjs`);
  writeFileSync(
    script,
    `const ran = () => globalThis.markedModuleRan === true;\nconst bundle = await import(${JSON.stringify(outfile)});\n${probe}`,
  );
  const run = spawnSync(process.execPath, [script], { encoding: "utf8" });
  expect(run.stderr).toBe("");
  return JSON.parse(run.stdout);
}

describe("lazy-imports bundle plugin", () => {
  it.each([["ajvProvider", ajvProvider]] as const)(
    "recognises the installed %s (a new wording must update LAZY_IMPORT_RULES)",
    (rule, path) => {
      expect(LAZY_IMPORT_RULES[rule].file.test(path)).toBe(true);
      const rewritten = applyLazyImportRule(readFileSync(path, "utf8"), LAZY_IMPORT_RULES[rule]);
      expect(rewritten).toBeDefined();
      expect(rewritten).not.toMatch(/^import .* from ["'](ajv|ajv-formats)["']/m);
    },
  );

  it("leaves a module it does not recognise alone", () => {
    const source = "import Ajv from 'ajv';\nexport const x = new Ajv();";
    expect(applyLazyImportRule(source, LAZY_IMPORT_RULES.ajvProvider)).toBeUndefined();
  });

  const ajvProbe = `const afterImport = ran();
const check = new bundle.AjvJsonSchemaValidator().getValidator({ type: "object", properties: { at: { type: "string", format: "date-time" } } });
console.log(JSON.stringify({ afterImport, afterUse: ran(), good: check({ at: "2026-12-07T10:00:00Z" }).valid, bad: check({ at: "yesterday" }).valid }));`;
  const ajvEntry = `export { AjvJsonSchemaValidator } from ${JSON.stringify(ajvProvider)};`;
  const markAjv = markWhenRun(/[\\/]ajv[\\/]dist[\\/]ajv\.js$/);

  it("runs Ajv on first use, not on import, and the validator still checks formats", async () => {
    expect(await probeBundle("ajv-lazy", ajvEntry, [lazyImports, markAjv], ajvProbe)).toEqual({
      afterImport: false,
      afterUse: true,
      good: true,
      bad: false,
    });
  });

  it("without the plugin, importing the Ajv provider runs Ajv (the control)", async () => {
    expect(await probeBundle("ajv-eager", ajvEntry, [markAjv], ajvProbe)).toEqual({
      afterImport: true,
      afterUse: true,
      good: true,
      bad: false,
    });
  });
});
