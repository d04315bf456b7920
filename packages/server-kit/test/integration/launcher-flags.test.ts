/**
 * The launcher restarts itself with V8_FLAGS in the same process (execve: same pid, same stdio), so a
 * server's young generation stays small under load; the marker env var (or the flags already given)
 * skips the restart. A real launcher and a real Node, with an entry that reports what it runs with.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { launcherSource, REEXEC_MARKER, V8_FLAGS } from "../../src/bundle/launcher-source.js";

const dir = mkdtempSync(join(tmpdir(), "server-kit-launcher-"));
writeFileSync(
  join(dir, "entry.mjs"),
  `import v8 from "node:v8";
const young = v8.getHeapSpaceStatistics().find((space) => space.space_name === "new_space");
process.stdout.write(JSON.stringify({ pid: process.pid, execArgv: process.execArgv, youngMb: young.space_size / 1048576, stdin: process.argv.slice(2) }));`,
);
const launcher = join(dir, "launch.mjs");
writeFileSync(
  launcher,
  launcherSource({
    binName: "entra-mcp-test",
    packageName: "@entra-mcp/test",
    nodeMajor: 22,
    kind: "npm",
    entry: "./entry.mjs",
  }),
);

function run(env: NodeJS.ProcessEnv = {}, args: string[] = []) {
  const child = spawnSync(process.execPath, [...args, launcher, "an-arg"], {
    env: { PATH: process.env.PATH ?? "", ...env },
    encoding: "utf8",
  });
  expect(child.status, child.stderr).toBe(0);
  return {
    ...(JSON.parse(child.stdout) as { pid: number; execArgv: string[]; youngMb: number; stdin: string[] }),
    childPid: child.pid,
    stderr: child.stderr,
  };
}

const canExecve = typeof (process as { execve?: unknown }).execve === "function";

describe("launcher V8 flags", () => {
  it.runIf(canExecve)(
    "restarts itself with the flags, in the same process, arguments kept, stderr quiet",
    () => {
      const seen = run();
      expect(seen.execArgv).toEqual(expect.arrayContaining([...V8_FLAGS]));
      expect(seen.pid).toBe(seen.childPid);
      expect(seen.stdin).toEqual(["an-arg"]);
      expect(seen.youngMb).toBeLessThanOrEqual(8);
      expect(seen.stderr).toBe("");
    },
  );

  it("does not restart when told not to, or when the flags are already given", () => {
    expect(run({ [REEXEC_MARKER]: "1" }).execArgv).toEqual([]);
    expect(run({}, [...V8_FLAGS]).execArgv).toEqual([...V8_FLAGS]);
  });
});
