/**
 * The launcher a public package's bin points at. It is written in the oldest syntax Node still runs as
 * ESM and imports nothing at the top, so that an old Node or a damaged install ends in one clear line
 * on stderr (never a silent exit, never a bare stack trace). Then it turns on Node's compile cache,
 * runs the bundle's prelude (bundle-javascript.ts PRELUDE_ENTRY) and starts the bundle. (V8's heap
 * flags are set by the server once start-up is over: memory/heap-sizing.ts.)
 */

/** How the package was installed, for the "reinstall" advice. */
export type InstallKind = "npm" | "mcpb";

export interface LauncherOptions {
  binName: string;
  packageName: string;
  /** Lowest Node major the bundle runs on. */
  nodeMajor: number;
  kind: InstallKind;
  /** The bundle entry beside the launcher, e.g. "./server.mjs". */
  entry: string;
  /** A bundle entry run before `entry` (bundle-javascript.ts PRELUDE_ENTRY), e.g. "./prelude.mjs". */
  prelude: string;
}

const REINSTALL: Record<InstallKind, (packageName: string) => string> = {
  npm: (packageName) =>
    `reinstall it: for npx, delete npx's copy (the _npx folder in \`npm config get cache\`) and run \`npx -y ${packageName}\` again; for a global install, \`npm install -g ${packageName}\`.`,
  mcpb: () =>
    "reinstall the extension: in Claude Desktop open Settings > Extensions, remove it, and install the .mcpb file again.",
};

/** The launcher's source text. */
export function launcherSource(options: LauncherOptions): string {
  const { binName, nodeMajor, entry, prelude } = options;
  const reinstall = REINSTALL[options.kind](options.packageName);
  return `#!/usr/bin/env node
// ${binName}: checks the Node.js version, turns on the compile cache, runs the prelude, starts the bundled server.
var name = ${JSON.stringify(binName)};
var major = Number(process.versions.node.split(".")[0]);
if (!(major >= ${nodeMajor})) {
  process.stderr.write(name + ": needs Node.js ${nodeMajor} or newer, but this is Node.js " + process.version + ". Fix: install Node.js ${nodeMajor} LTS or newer (https://nodejs.org) and make sure it is the \\"node\\" on your PATH (\`node --version\`).\\n");
  process.exit(1);
}
var reinstall = ${JSON.stringify(reinstall)};
var prelude = new URL(${JSON.stringify(prelude)}, import.meta.url);
var entry = new URL(${JSON.stringify(entry)}, import.meta.url);
import("node:module")
  .then(function (module) {
    if (module.enableCompileCache) module.enableCompileCache();
    return import(prelude.href);
  })
  .then(function () {
    return import(entry.href);
  })
  .catch(function (error) {
    var damaged = error && (error.code === "ERR_MODULE_NOT_FOUND" || error.code === "ENOENT" || error instanceof SyntaxError);
    var what = (error && error.message ? String(error.message) : String(error)).split("\\n")[0];
    process.stderr.write(
      name + (damaged ? ": this installation is damaged (" + what + "). Fix: " + reinstall : ": could not start (" + what + "). Fix: run it with ENTRA_MCP_LOG_LEVEL=debug to see why.") + "\\n",
    );
    process.exit(1);
  });
`;
}
