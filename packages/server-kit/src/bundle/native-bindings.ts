/**
 * The prebuilt native pieces of the encrypted token cache, which no bundler can inline:
 * - Linux/macOS: @napi-rs/keyring, an optional dependency of the published package (its per-platform
 *   binaries are optional dependencies of its own, so npm installs exactly one and compiles nothing);
 * - Windows: the dpapi.node binaries that @azure/msal-node-extensions ships for x64, arm64 and ia32,
 *   copied to where auth-core looks for them first (its dpapiBindingFiles() says where).
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { dpapiBindingFiles } from "@entra-mcp/auth-core";

export const KEYRING_PACKAGE = "@napi-rs/keyring";

/** auth-core's folder: the native packages are its dependencies (pnpm keeps dependencies strict). */
function authCoreRequire(): NodeJS.Require {
  return createRequire(import.meta.resolve("@entra-mcp/auth-core"));
}

function packageDir(name: string): string {
  return dirname(authCoreRequire().resolve(`${name}/package.json`));
}

/** The keyring binding's version, for the published package's optionalDependencies. */
export function keyringVersion(): string {
  const pkg = JSON.parse(readFileSync(join(packageDir(KEYRING_PACKAGE), "package.json"), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

/** The installed keyring package and the platform binaries installed beside it (this machine's only). */
export function installedKeyringPackages(): { name: string; dir: string }[] {
  const main = packageDir(KEYRING_PACKAGE);
  const mainRequire = createRequire(join(main, "package.json"));
  const pkg = JSON.parse(readFileSync(join(main, "package.json"), "utf8")) as {
    optionalDependencies?: Record<string, string>;
  };
  const found = [{ name: KEYRING_PACKAGE, dir: main }];
  for (const name of Object.keys(pkg.optionalDependencies ?? {})) {
    try {
      found.push({ name, dir: dirname(mainRequire.resolve(`${name}/package.json`)) });
    } catch {
      // Not this platform's: npm/pnpm installed only the binaries that match the machine.
    }
  }
  return found;
}

/** Copies every dpapi.node to where auth-core looks first in a bundle (dist/native/win32-<arch>/). */
export function copyDpapiBindings(distDir: string): string[] {
  const copied: string[] = [];
  for (const file of dpapiBindingFiles()) {
    if (!existsSync(file.source))
      throw new Error(`${file.source} is missing; reinstall @azure/msal-node-extensions.`);
    const target = join(distDir, file.target);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(file.source, target);
    copied.push(`win32-${file.arch}`);
  }
  return copied.sort();
}
