/**
 * For the `entra-mcp` CLI: ships every server's permission manifests (and its name and bin, for the
 * install lines it prints) inside the package, as servers/<name>/, so provisioning works outside a
 * checkout exactly as inside one.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const MANIFESTS = ["permissions.app.json", "permissions.delegated.json"];

/** Copies `<serversDir>/<name>/` manifests into `<packageRoot>/servers/<name>/`; returns the names. */
export function copyServerManifests(serversDir: string, packageRoot: string): string[] {
  const names = readdirSync(serversDir, { withFileTypes: true })
    .filter(
      (entry) => entry.isDirectory() && existsSync(join(serversDir, entry.name, MANIFESTS[0] as string)),
    )
    .map((entry) => entry.name)
    .sort();
  for (const name of names) {
    const target = join(packageRoot, "servers", name);
    mkdirSync(target, { recursive: true });
    for (const file of MANIFESTS) copyFileSync(join(serversDir, name, file), join(target, file));
    const pkg = JSON.parse(readFileSync(join(serversDir, name, "package.json"), "utf8")) as {
      name: string;
      version: string;
      bin: Record<string, string>;
    };
    const trimmed = {
      name: pkg.name,
      version: pkg.version,
      bin: Object.fromEntries(Object.keys(pkg.bin).map((bin) => [bin, "dist/launch.mjs"])),
    };
    writeFileSync(join(target, "package.json"), `${JSON.stringify(trimmed, null, 2)}\n`);
  }
  return names;
}
