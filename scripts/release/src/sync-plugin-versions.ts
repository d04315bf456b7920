/**
 * `changeset version` bumps servers/<api>/package.json; the Claude Code plugins that install those
 * servers carry the same version (plugins/<api>/.claude-plugin/plugin.json and the marketplace
 * entry), so a release updates them too. Run by `pnpm release` right after `changeset version`;
 * runs as plain Node (type stripping), before anything is built.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const readJson = (path: string) => JSON.parse(readFileSync(join(root, path), "utf8"));
const writeJson = (path: string, value: unknown) =>
  writeFileSync(join(root, path), `${JSON.stringify(value, null, 2)}\n`);

const marketplacePath = ".claude-plugin/marketplace.json";
const marketplace = readJson(marketplacePath) as { plugins: { name: string; version?: string }[] };
const changed: string[] = [];
for (const entry of marketplace.plugins) {
  const { version } = readJson(`servers/${entry.name}/package.json`) as { version: string };
  const pluginPath = `plugins/${entry.name}/.claude-plugin/plugin.json`;
  const plugin = readJson(pluginPath) as { version?: string };
  if (plugin.version !== version || entry.version !== version) changed.push(`${entry.name} ${version}`);
  plugin.version = version;
  entry.version = version;
  writeJson(pluginPath, plugin);
}
writeJson(marketplacePath, marketplace);
process.stderr.write(`plugin versions: ${changed.length > 0 ? changed.join(", ") : "already in step"}\n`);
