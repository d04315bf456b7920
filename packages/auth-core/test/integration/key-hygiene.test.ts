/**
 * Key hygiene: after a real token call (Key Vault read, assertion signed, token issued) and a garbage
 * collection, a heap snapshot of the server process holds no line of the private key's base64 — not
 * as the secret bundle's value, not as PEM, not from the PFX. The process is a child (the emulator,
 * which knows the key, stays in this one); the snapshot is deleted afterwards, whatever it held.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "../support/test-emulator.js";

const GRAPH = "https://graph.microsoft.com/.default";
const worker = fileURLToPath(new URL("../support/heap-worker.ts", import.meta.url));

let t: TestEmulator;
let dir: string;
beforeAll(async () => {
  t = await startTestEmulator();
  dir = mkdtempSync(join(tmpdir(), "entra-mcp-heap-"));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t.emulator.stop();
});

/** Every full 64-character line of the key's PEM base64, as the test knows it from the emulator. */
function keyLines(certName: string): string[] {
  const pem = t.emulator.vault.getCertificate(certName)?.material.privateKeyPem ?? "";
  return pem.split("\n").filter((line) => /^[A-Za-z0-9+/=]{64}$/.test(line));
}

function runHeapWorker(
  env: NodeJS.ProcessEnv,
  snapshot: string,
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--expose-gc", worker, snapshot, GRAPH], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, out }));
  });
}

describe("key hygiene", () => {
  it.each([
    ["PEM", () => t.emulator.tenant.certName],
    ["PKCS#12", () => t.emulator.tenant.pfxCertName],
  ])(
    "after a token call and gc, the heap holds no line of the %s certificate's private key",
    async (_kind, name) => {
      const certName = name();
      const lines = keyLines(certName);
      expect(lines.length).toBeGreaterThan(20); // a 2048-bit PKCS#8 key has 25 full lines
      const snapshot = join(dir, `${certName}.heapsnapshot`);
      try {
        const run = await runHeapWorker(t.env({ ENTRA_MCP_CERT_NAME: certName }), snapshot);
        expect(run.code, run.out).toBe(0);
        expect(run.out).toContain('"gotToken":true');
        expect(run.out).toContain('"source":"keyvault"'); // the certificate really was read
        const heap = readFileSync(snapshot, "latin1");
        expect(heap.length).toBeGreaterThan(1_000_000);
        // The snapshot does hold the public certificate, so a search that works would find that.
        const certLine = t.emulator.vault
          .getCertificate(certName)
          ?.material.certificatePem.split("\n")
          .find((line) => line.length === 64);
        expect(certLine && heap.includes(certLine)).toBe(true);
        const found = lines.filter((line) => heap.includes(line));
        expect(found, `${found.length} of ${lines.length} key lines are in the heap`).toEqual([]);
      } finally {
        rmSync(snapshot, { force: true });
      }
    },
  );
});
