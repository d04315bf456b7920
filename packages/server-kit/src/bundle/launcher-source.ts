/**
 * The launcher a public package's bin points at. It is written in the oldest syntax Node still runs as
 * ESM and imports nothing at the top, so that an old Node or a damaged install ends in one clear line
 * on stderr (never a silent exit, never a bare stack trace). Then it applies V8_FLAGS (below), turns on
 * Node's compile cache and starts the bundle.
 */

/**
 * V8 flags the server runs with. V8 sizes a heap's young generation from the machine's memory, and on
 * a big machine a server's grew to 2 x 64 MB semi-spaces under load: RSS rose by ~150 MB over 5,000
 * calls and stayed there, though the live heap after a GC was flat (pnpm bench, memory section).
 * 2 MB semi-spaces keep it small, and --optimize-for-size keeps the old generation from growing
 * far past what is live (and lets V8's memory reducer give memory back when idle); neither shows in
 * the warm-call p50. An env var ENTRA_MCP_LAUNCHED_WITH_V8_FLAGS (set) skips the restart.
 * `--max-semi-space-size` only acts when the isolate is created (v8.setFlagsFromString later does
 * not change the heap: measured), so the launcher replaces its own process with one that has the flag
 * (process.execve: same pid and stdio, no second process left waiting; one more Node start, ~40 ms).
 * Where execve does not exist (Windows, Node < 22.15) or the flag is already given, it runs as is.
 */
export const V8_FLAGS = ["--max-semi-space-size=2", "--optimize-for-size"] as const;
/** Set in the replaced process so that it never re-executes again. */
export const REEXEC_MARKER = "ENTRA_MCP_LAUNCHED_WITH_V8_FLAGS";

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
}

const REINSTALL: Record<InstallKind, (packageName: string) => string> = {
  npm: (packageName) =>
    `reinstall it: for npx, delete npx's copy (the _npx folder in \`npm config get cache\`) and run \`npx -y ${packageName}\` again; for a global install, \`npm install -g ${packageName}\`.`,
  mcpb: () =>
    "reinstall the extension: in Claude Desktop open Settings > Extensions, remove it, and install the .mcpb file again.",
};

/** The launcher's source text. */
export function launcherSource(options: LauncherOptions): string {
  const { binName, nodeMajor, entry } = options;
  const reinstall = REINSTALL[options.kind](options.packageName);
  return `#!/usr/bin/env node
// ${binName}: checks the Node.js version, restarts itself with V8 flags, turns on the compile cache, starts the bundled server.
var name = ${JSON.stringify(binName)};
var major = Number(process.versions.node.split(".")[0]);
if (!(major >= ${nodeMajor})) {
  process.stderr.write(name + ": needs Node.js ${nodeMajor} or newer, but this is Node.js " + process.version + ". Fix: install Node.js ${nodeMajor} LTS or newer (https://nodejs.org) and make sure it is the \\"node\\" on your PATH (\`node --version\`).\\n");
  process.exit(1);
}
var flags = ${JSON.stringify(V8_FLAGS)};
var given = process.execArgv.concat((process.env.NODE_OPTIONS || "").split(" "));
var hasFlags = flags.every(function (flag) {
  var name = flag.split("=")[0];
  return given.some(function (arg) { return arg.split("=")[0] === name || arg.split("=")[0] === name.replace(/-/g, "_"); });
});
if (!hasFlags && !process.env[${JSON.stringify(REEXEC_MARKER)}] && typeof process.execve === "function") {
  process.env[${JSON.stringify(REEXEC_MARKER)}] = "1";
  try {
    // Replaces this process (same pid, same stdin/stdout); returns only if it could not.
    process.execve(process.execPath, [process.execPath].concat(flags, process.execArgv, process.argv.slice(1)), process.env);
  } catch (error) {
    // Runs without the flags: more memory under load, nothing else.
  }
}
var reinstall = ${JSON.stringify(reinstall)};
var entry = new URL(${JSON.stringify(entry)}, import.meta.url);
import("node:module")
  .then(function (module) {
    if (module.enableCompileCache) module.enableCompileCache();
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
