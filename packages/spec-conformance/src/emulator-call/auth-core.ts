/**
 * auth-core, loaded the way server-kit loads it (this package reaches it through server-kit, whose
 * dependency it is), so sample calls get their tokens exactly as the product does: certificate from
 * the emulator's Key Vault, MSAL app-only or the scripted browser sign-in. No token is forged.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The part of auth-core's public API used here (a type import would need it as a direct dependency). */
export interface AuthCore {
  loadAuthConfig(env: NodeJS.ProcessEnv): {
    cloud: { resources: Record<string, { endpoint: string; audience: string } | undefined> };
  };
  createAuth(config: unknown, options?: { persistentCache?: boolean }): SampleAuth;
}
export interface SampleAuth {
  getToken(scopes: string[], options?: { mode?: "app" | "delegated" }): Promise<{ accessToken: string }>;
}

let core: Promise<AuthCore> | undefined;

export function loadAuthCore(): Promise<AuthCore> {
  core ??= (async () => {
    let dir = dirname(fileURLToPath(import.meta.resolve("@entra-mcp/server-kit")));
    while (!existsSync(join(dir, "package.json"))) dir = dirname(dir);
    const pkgDir = join(dir, "node_modules", "@entra-mcp", "auth-core");
    const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")) as {
      exports: { ".": { import: string } };
    };
    return (await import(pathToFileURL(join(pkgDir, pkg.exports["."].import)).href)) as AuthCore;
  })();
  return core;
}
