/**
 * Windows DPAPI through the prebuilt dpapi.node that @azure/msal-node-extensions ships (bin/<arch>/).
 * We load that file by hand instead of importing the package: its index eagerly imports keytar
 * (no longer built here) and @azure/msal-node-runtime, so importing it fails or costs start-up time
 * although we need nothing else from it. Bundles carry the binding beside their chunks.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { DpapiBinding } from "./cache-bindings.js";
import { errorCode } from "./lock-file.js";

/** The Windows architectures msal-node-extensions ships a dpapi.node for. */
export const DPAPI_ARCHES = ["x64", "arm64", "ia32"] as const;

/** Where a bundle keeps the binding, relative to the directory of its chunks (the package's dist/). */
export function bundledDpapiPath(arch: string = process.arch): string {
  return `native/win32-${arch}/dpapi.node`;
}

/** The installed @azure/msal-node-extensions' copy; throws if that package cannot be resolved. */
export function installedDpapiPath(arch: string = process.arch): string {
  const manifest = createRequire(import.meta.url).resolve("@azure/msal-node-extensions/package.json");
  return join(dirname(manifest), "bin", arch, "dpapi.node");
}

/** Where loadDpapiBinding looks, in order: beside this (bundled) chunk, then the installed package. */
export function dpapiBindingCandidates(arch: string = process.arch): string[] {
  const candidates = [fileURLToPath(new URL(`./${bundledDpapiPath(arch)}`, import.meta.url))];
  try {
    candidates.push(installedDpapiPath(arch));
  } catch {
    // A bundle has no node_modules: its own copy is the only candidate.
  }
  return candidates;
}

export interface DpapiBindingFile {
  arch: (typeof DPAPI_ARCHES)[number];
  /** The installed package's file, to copy from. */
  source: string;
  /** Where a bundle must put it, relative to its dist/ directory. */
  target: string;
}

/** For bundlers: every architecture's dpapi.node and where the bundle must put it. */
export function dpapiBindingFiles(): DpapiBindingFile[] {
  return DPAPI_ARCHES.map((arch) => ({
    arch,
    source: installedDpapiPath(arch),
    target: bundledDpapiPath(arch),
  }));
}

/** Loads the first candidate that is a working DPAPI binding; the error lists what each one was. */
export async function loadDpapiBinding(
  candidates: readonly string[] = dpapiBindingCandidates(),
): Promise<DpapiBinding> {
  const require = createRequire(import.meta.url);
  const failures: string[] = [];
  for (const path of candidates) {
    try {
      const binding = require(path) as Partial<DpapiBinding>;
      if (typeof binding.protectData === "function" && typeof binding.unprotectData === "function")
        return binding as DpapiBinding;
      failures.push(`${path} has no protectData/unprotectData`);
    } catch (error) {
      const missing = errorCode(error) === "MODULE_NOT_FOUND";
      failures.push(`${path} ${missing ? "does not exist" : `did not load: ${(error as Error).message}`}`);
    }
  }
  throw new Error(`no usable dpapi.node: ${failures.join("; ")}`);
}
