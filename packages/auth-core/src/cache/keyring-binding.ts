/**
 * The OS keyring through @napi-rs/keyring (keyring-rs): prebuilt per-platform binaries shipped as
 * optional npm packages, so nothing compiles at install time (keytar did, and is archived). It is
 * imported on first use only, when the keyring store is chosen.
 */
import type { KeyringBinding } from "./cache-bindings.js";

/** Imports @napi-rs/keyring; rejects if this platform's binding package is missing or broken. */
export async function loadKeyringBinding(): Promise<KeyringBinding> {
  const { AsyncEntry } = await import("@napi-rs/keyring");
  // Unpinned, keyring-rs falls back to the kernel keyring when no Secret Service answers: memory-only,
  // gone at reboot, size-limited, and not the store we report. Pinned, it fails and we say why.
  const options = { linux: { store: "secret-service" as const } };
  return {
    // AsyncEntry runs every keyring call off the main thread: D-Bus round trips never block it.
    openEntry: (service, account) => new AsyncEntry(service, account, options),
  };
}

export type Libc = "gnu" | "musl";

/** The optional package holding @napi-rs/keyring's binary for this OS, e.g. "@napi-rs/keyring-linux-x64-gnu". */
export function keyringPlatformPackage(
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
  libc: Libc | undefined = platform === "linux" ? detectLibc() : undefined,
): string {
  const base = `@napi-rs/keyring-${platform}-${arch}`;
  if (platform === "win32") return `${base}-msvc`;
  if (platform !== "linux") return base;
  const abi = libc ?? "gnu";
  return arch === "arm" ? `${base}-${abi}eabihf` : `${base}-${abi}`;
}

/** glibc or musl, the way napi-rs decides: a glibc runtime shows up in the process report header. */
export function detectLibc(): Libc {
  // Without excludeNetwork (Node >= 22; not in @types/node yet) the report resolves the names of
  // open sockets, which can stall on bad DNS.
  const report = process.report as NodeJS.ProcessReport & { excludeNetwork: boolean };
  const excludeNetwork = report.excludeNetwork;
  report.excludeNetwork = true;
  try {
    const header = (report.getReport() as { header?: { glibcVersionRuntime?: string } }).header;
    return header?.glibcVersionRuntime ? "gnu" : "musl";
  } finally {
    report.excludeNetwork = excludeNetwork;
  }
}
