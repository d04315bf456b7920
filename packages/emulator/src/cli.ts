#!/usr/bin/env node
// `pnpm emulator`: starts a seeded emulator, prints ONE JSON line on stdout (the env a
// server needs plus ENTRA_MCP_EMULATOR_<ORIGIN>_URL entries), logs on stderr, and runs
// until SIGINT/SIGTERM.
import { parseArgs } from "node:util";
import type { SeedName } from "./emulator/emulator-handle.js";
import { startEmulator } from "./emulator/start-emulator.js";

const { values } = parseArgs({
  options: {
    seed: { type: "string", default: "default" },
    empty: { type: "boolean", default: false },
    "ca-dir": { type: "string" },
  },
});
const seed = (values.empty ? "empty" : values.seed) as string;
if (seed !== "default" && seed !== "empty") {
  process.stderr.write(`entra-mcp emulator: --seed must be "default" or "empty", got "${seed}".\n`);
  process.exit(2);
}

const emulator = await startEmulator({
  seed: seed as SeedName,
  ...(values["ca-dir"] ? { caDir: values["ca-dir"] } : {}),
});
const line: Record<string, string> = { ...emulator.env };
for (const [name, url] of Object.entries(emulator.urls))
  line[`ENTRA_MCP_EMULATOR_${name.toUpperCase()}_URL`] = url;
process.stdout.write(`${JSON.stringify(line)}\n`);
process.stderr.write(
  `entra-mcp emulator (${seed}) ready: ${Object.entries(emulator.urls)
    .map(([n, u]) => `${n} ${u}`)
    .join(", ")}; CA ${emulator.caPath}. Ctrl+C to stop.\n`,
);

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`entra-mcp emulator: ${signal}, stopping.\n`);
  await emulator.stop();
  process.exit(0);
};
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
