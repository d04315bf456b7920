import { writeFile } from "node:fs/promises";
import { join } from "node:path";

/** A resource API endpoint in a custom cloud profile. */
export interface CloudResource {
  endpoint: string;
  audience: string;
}

/** The custom cloud JSON auth-core reads through ENTRA_MCP_CLOUD (schema shared with auth-core; keep exact). */
export interface CloudProfile {
  name: string;
  authorityHost: string;
  keyVault: { audience: string; dnsSuffix: string };
  resources: Record<string, CloudResource>;
  disableInstanceDiscovery: boolean;
  disableChallengeResourceVerification: boolean;
}

/** Builds the emulator's cloud profile: every emulated resource origin becomes a resource entry. */
export function emulatorCloudProfile(
  loginUrl: string,
  resources: Record<string, CloudResource>,
): CloudProfile {
  return {
    name: "emulator",
    authorityHost: loginUrl,
    keyVault: { audience: "https://vault.azure.net", dnsSuffix: "127.0.0.1" },
    resources,
    // Both follow from the cloud being local: there is no instance discovery service and
    // the vault's host (127.0.0.1) can never match the challenge resource (vault.azure.net).
    disableInstanceDiscovery: true,
    disableChallengeResourceVerification: true,
  };
}

/** Writes cloud.json into `dir` and returns its path. */
export async function writeCloudFile(dir: string, profile: CloudProfile): Promise<string> {
  const path = join(dir, "cloud.json");
  await writeFile(path, `${JSON.stringify(profile, null, 2)}\n`, { mode: 0o644 });
  return path;
}
