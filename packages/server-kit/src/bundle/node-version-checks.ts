/**
 * An esbuild plugin that decides jsonwebtoken's Node-version feature checks when the bundle is built.
 * MSAL signs its client assertions with jsonwebtoken, whose lib/*Supported.js modules each run
 * `semver.satisfies(process.version, range)` when MSAL loads: evaluating semver and parsing the
 * ranges costs ~3-5 ms of a fresh process's first tool result, for answers that cannot change,
 * because the launcher refuses every Node older than the bundle's `nodeMajor`.
 *
 * A module is rewritten to `module.exports = true` only if its whole source is that one check and
 * the range holds for every Node from `nodeMajor` on, which is asked of the semver that module would
 * have required (`semver.subset`). Anything else is left as it is.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { Plugin } from "esbuild";

const FEATURE_CHECK = /[\\/]jsonwebtoken[\\/]lib[\\/]\w+Supported\.js$/;
const SATISFIES_ONLY =
  /^\s*(?:const|var|let) semver = require\('semver'\);\s*module\.exports = semver\.satisfies\(process\.version, '([^']+)'\);\s*$/;

interface Semver {
  subset(sub: string, dom: string): boolean;
}

/** True when `source` is a lone version check that every Node from `nodeMajor` on passes. */
export function alwaysSupported(source: string, modulePath: string, nodeMajor: number): boolean {
  const range = SATISFIES_ONLY.exec(source)?.[1];
  if (range === undefined) return false;
  const semver = createRequire(modulePath)("semver") as Semver;
  return semver.subset(`>=${nodeMajor}.0.0`, range);
}

export function nodeVersionChecks(nodeMajor: number): Plugin {
  return {
    name: "entra-mcp-node-version-checks",
    setup(build) {
      build.onLoad({ filter: FEATURE_CHECK }, async (args) => {
        const source = await readFile(args.path, "utf8");
        return alwaysSupported(source, args.path, nodeMajor)
          ? {
              contents: `// decided at build time for Node >= ${nodeMajor}\nmodule.exports = true;\n`,
              loader: "js",
            }
          : undefined;
      });
    },
  };
}
