import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import {
  type CertificateMaterial,
  certificateFromPem,
  createSelfSignedCertificate,
} from "../certs/certificate-material.js";

/** The certificate authority every emulator origin's TLS certificate chains to. */
export interface EmulatorCa {
  /** PEM file consumers point NODE_EXTRA_CA_CERTS at. */
  caPath: string;
  material: CertificateMaterial;
}

const CA_FILE = "ca.pem";
const CA_KEY_FILE = "ca-key.pem";
const LOCK_DIR = ".ca-lock";
const LOCK_STALE_MS = 30_000;

/**
 * Creates `ca.pem` + `ca-key.pem` in `dir` unless they already exist. Meant for a
 * vitest globalSetup: it runs before workers fork, so NODE_EXTRA_CA_CERTS can point
 * at the file and every emulator started in the workers signs with this CA.
 */
export async function ensureEmulatorCa(dir: string): Promise<{ caPath: string }> {
  const ca = await loadOrCreateEmulatorCa(dir);
  return { caPath: ca.caPath };
}

/** Loads the CA kept in `dir`, creating it first when missing (safe across processes). */
export async function loadOrCreateEmulatorCa(dir: string): Promise<EmulatorCa> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const existing = await tryLoad(dir);
  if (existing) return existing;
  await acquireLock(join(dir, LOCK_DIR));
  try {
    // Another process may have written it while we waited for the lock.
    const raced = await tryLoad(dir);
    if (raced) return raced;
    const material = createSelfSignedCertificate({
      subject: "CN=entra-mcp emulator CA, O=entra-mcp",
      isCa: true,
      validityMonths: 12,
    });
    // Key first: a reader that sees ca.pem must also find its key.
    await writeFile(join(dir, CA_KEY_FILE), material.privateKeyPem, { mode: 0o600 });
    await writeFile(join(dir, CA_FILE), material.certificatePem, { mode: 0o644 });
    return { caPath: join(dir, CA_FILE), material };
  } finally {
    await rm(join(dir, LOCK_DIR), { recursive: true, force: true });
  }
}

async function tryLoad(dir: string): Promise<EmulatorCa | undefined> {
  try {
    const [certificatePem, privateKeyPem] = await Promise.all([
      readFile(join(dir, CA_FILE), "utf8"),
      readFile(join(dir, CA_KEY_FILE), "utf8"),
    ]);
    return { caPath: join(dir, CA_FILE), material: { ...certificateFromPem(certificatePem), privateKeyPem } };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

async function acquireLock(lockDir: string): Promise<void> {
  for (;;) {
    try {
      await mkdir(lockDir);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      // A crashed writer leaves the lock behind; after LOCK_STALE_MS it is taken over.
      const info = await stat(lockDir).catch(() => undefined);
      if (info && Date.now() - info.mtimeMs > LOCK_STALE_MS) {
        await rm(lockDir, { recursive: true, force: true });
        continue;
      }
      await sleep(25);
    }
  }
}
