/**
 * Nothing we print, log or write contains a token, assertion or key: every flow runs with debug
 * logging in-process and in child processes, everything printed is scanned, and afterwards temp,
 * home and cwd are scanned for the app's private key and PFX.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuth, loadAuthConfig, setLogSink } from "../../src/index.js";
import { runWorker } from "../support/run-worker.js";
import { startTestEmulator, type TestEmulator, useTeammateLogin } from "../support/test-emulator.js";

const GRAPH = "https://graph.microsoft.com/.default";
const JWT = /ey[A-Za-z0-9_-]{8,}\.ey[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+/;
const browserCli = createRequire(import.meta.url).resolve("@entra-mcp/emulator/browser-cli");

let t: TestEmulator;
const printed: string[] = [];
const tokens: string[] = [];
beforeAll(async () => {
  t = await startTestEmulator();
  useTeammateLogin(t.emulator);
});
afterAll(() => t.emulator.stop());

/** Distinctive lines of the app certificate's private key and PFX as the vault holds them. */
function keyMaterialFingerprints(): string[] {
  const pem = t.emulator.vault.getCertificate(t.emulator.tenant.certName)?.material.privateKeyPem ?? "";
  const pemLines = pem.split("\n").filter((line) => /^[A-Za-z0-9+/=]{64}$/.test(line));
  const pfxVersion = t.emulator.vault.getCertificate(t.emulator.tenant.pfxCertName);
  const pfxKey =
    pfxVersion?.material.privateKeyPem.split("\n").filter((line) => /^[A-Za-z0-9+/=]{64}$/.test(line)) ?? [];
  return [pemLines[3], pemLines[10], pfxKey[3], pfxKey[10]].filter((line): line is string => Boolean(line));
}

function* filesUnder(dir: string, depth: number): Generator<string> {
  if (depth < 0) return;
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry === "node_modules" || entry === ".git" || (entry === ".cache" && dir === homedir())) continue;
    const path = join(dir, entry);
    let info: ReturnType<typeof statSync>;
    try {
      info = statSync(path);
    } catch {
      continue;
    }
    if (info.isDirectory()) yield* filesUnder(path, depth - 1);
    else if (info.isFile() && info.size < 5_000_000) yield path;
  }
}

describe("no secret leaks", () => {
  it("every flow with debug logging prints no token, assertion or key", async () => {
    const previous = setLogSink((_level, line) => printed.push(line), "debug");
    try {
      const app = createAuth(loadAuthConfig(t.env()));
      tokens.push((await app.getToken([GRAPH])).accessToken);
      const delegated = createAuth(
        loadAuthConfig(
          t.env({
            ENTRA_MCP_AUTH_MODE: "delegated",
            ENTRA_MCP_BROWSER: `"${process.execPath}" "${browserCli}"`,
          }),
        ),
        {
          signInTimeoutMs: 20_000,
        },
      );
      tokens.push((await delegated.getToken([GRAPH])).accessToken);
      const failing = await createAuth(loadAuthConfig(t.env({ ENTRA_MCP_CERT_NAME: "missing-cert" })))
        .getToken([GRAPH])
        .catch((error: Error) => error);
      printed.push(
        String(failing),
        JSON.stringify(failing),
        String((failing as Error).cause),
        JSON.stringify(await app.status()),
        JSON.stringify(await delegated.status()),
      );
    } finally {
      setLogSink(previous);
    }
    const child = await runWorker(t.env({ ENTRA_MCP_LOG_LEVEL: "debug" }), [GRAPH]);
    expect(child.code, child.stderr).toBe(0);
    printed.push(child.stdout, child.stderr);

    expect(printed.join("\n").length).toBeGreaterThan(0);
    expect(tokens.length).toBe(2);
    const all = printed.join("\n");
    expect(all).not.toMatch(JWT);
    expect(all).not.toMatch(/PRIVATE KEY/);
    for (const token of tokens) expect(all).not.toContain(token.slice(-40));
  });

  it("no file in temp, home or cwd holds the app's private key or PFX", () => {
    const fingerprints = keyMaterialFingerprints();
    expect(fingerprints.length).toBe(4);
    let scanned = 0;
    const hits: string[] = [];
    for (const root of [tmpdir(), homedir(), process.cwd()]) {
      for (const file of filesUnder(root, 6)) {
        scanned++;
        let text: string;
        try {
          text = readFileSync(file, "latin1");
        } catch {
          continue;
        }
        if (fingerprints.some((line) => text.includes(line))) hits.push(file);
      }
    }
    expect(scanned).toBeGreaterThan(10);
    expect(hits).toEqual([]);
  });
});
