/**
 * The launcher sets V8's heap sizing flags before the bundle loads, so a server's young generation
 * stays small under load (measured 1-5 MB; it grew to 2 x 64 MB before); ENTRA_MCP_V8_FLAGS=off leaves
 * V8's defaults. A real launcher and a real Node, with an entry that keeps a rolling window of
 * objects alive (as in-flight calls do) and reports the young generation's size.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { launcherSource, V8_FLAGS_ENV } from "../../src/bundle/launcher-source.js";

const dir = mkdtempSync(join(tmpdir(), "server-kit-launcher-"));
writeFileSync(
  join(dir, "entry.mjs"),
  `import v8 from "node:v8";
const window = new Array(50000);
for (let i = 0; i < 3000000; i++) window[i % 50000] = { i, s: "v" + i };
const young = v8.getHeapSpaceStatistics().find((space) => space.space_name === "new_space");
process.stdout.write(JSON.stringify({ youngMb: young.space_size / 1048576, argv: process.argv.slice(2) }));`,
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

function run(env: NodeJS.ProcessEnv = {}) {
  const child = spawnSync(process.execPath, [launcher, "an-arg"], {
    env: { PATH: process.env.PATH ?? "", ...env },
    encoding: "utf8",
  });
  expect(child.status, child.stderr).toBe(0);
  expect(child.stderr).toBe("");
  return JSON.parse(child.stdout) as { youngMb: number; argv: string[] };
}

describe("launcher V8 flags", () => {
  it("keeps the young generation small under allocation, arguments passed on", () => {
    const seen = run();
    // V8 still resizes within a few MB (1-5 MB over repeated runs, 5 on a loaded CI machine); without
    // the flags it is 64 MB, so an eighth of that separates the two without flaking.
    expect(seen.youngMb).toBeLessThanOrEqual(8);
    expect(seen.argv).toEqual(["an-arg"]);
  });

  it("ENTRA_MCP_V8_FLAGS=off leaves V8's own sizing (the young generation grows)", () => {
    expect(run({ [V8_FLAGS_ENV]: "off" }).youngMb).toBeGreaterThan(8);
  });
});
