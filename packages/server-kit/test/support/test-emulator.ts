/** Starts an emulator for one test file and builds the environment a server process would get. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DefaultTenant, type Emulator, startEmulator } from "@entra-mcp/emulator";

export interface TestEmulator {
  emulator: Emulator<DefaultTenant>;
  home: string;
  /** emulator.env plus a private cache dir (plaintext, temp) and config home. */
  env(extra?: Record<string, string | undefined>): NodeJS.ProcessEnv;
  /** A copy of the emulator's cloud.json with extra resources (e.g. a local test API), returns its path. */
  cloudWith(resources: Record<string, { endpoint: string; audience: string }>): string;
  /** Token requests seen by the login origin. */
  tokenRequests(): number;
}

export async function startTestEmulator(): Promise<TestEmulator> {
  const emulator = await startEmulator({ seed: "default", caDir: process.env.ENTRA_MCP_EMULATOR_CA_DIR });
  const home = mkdtempSync(join(tmpdir(), "server-kit-test-home-"));
  let counter = 0;
  // The app's Key Vault read uses the teammate's Azure login from this process's environment.
  for (const [name, value] of Object.entries(emulator.env)) {
    if (name.startsWith("AZURE_")) process.env[name] = value;
  }
  return {
    emulator,
    home,
    env: (extra = {}) => {
      const env: NodeJS.ProcessEnv = {
        ...emulator.env,
        XDG_CONFIG_HOME: home,
        ENTRA_MCP_CACHE_DIR: join(home, `cache-${++counter}`),
        ENTRA_MCP_CACHE_PLAINTEXT: "true",
      };
      for (const [name, value] of Object.entries(extra)) {
        if (value === undefined) delete env[name];
        else env[name] = value;
      }
      return env;
    },
    cloudWith: (resources) => {
      const cloud = JSON.parse(readFileSync(emulator.cloudPath, "utf8")) as {
        resources: Record<string, unknown>;
      };
      Object.assign(cloud.resources, resources);
      const path = join(home, `cloud-${++counter}.json`);
      writeFileSync(path, JSON.stringify(cloud));
      return path;
    },
    tokenRequests: () => emulator.requests({ origin: "login", path: "/token" }).length,
  };
}
