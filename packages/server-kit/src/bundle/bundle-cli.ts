/**
 * `entra-mcp-bundle`, run in a public package's folder after tsc: writes the self-contained,
 * publishable package to dist/package/ (bundled JavaScript, launcher, native bindings, manifests,
 * README, a package.json without workspace dependencies) and, for servers, dist/<bin>.mcpb.
 * The source package.json's `publishConfig.directory` points `pnpm publish` at dist/package.
 */
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { ApiDescription } from "../api-description.js";
import { writeViews } from "../apps/write-views.js";
import { readBundleConfig } from "./bundle-config.js";
import { bundleJavaScript, NODE_MAJOR, PRELUDE_ENTRY } from "./bundle-javascript.js";
import { launcherSource } from "./launcher-source.js";
import { copyDpapiBindings, KEYRING_PACKAGE, keyringVersion } from "./native-bindings.js";
import { packMcpb } from "./pack-mcpb.js";
import { publishManifest } from "./publish-manifest.js";
import { copyServerManifests } from "./server-manifests.js";

async function main(packageDir: string): Promise<void> {
  const config = readBundleConfig(packageDir);
  const root = join(packageDir, "dist", "package");
  rmSync(root, { recursive: true, force: true });
  const dist = join(root, "dist");
  mkdirSync(dist, { recursive: true });

  const js = await bundleJavaScript(resolve(packageDir, config.settings.entry), dist, "main");
  const usesKeyring = js.externalImports.includes(KEYRING_PACKAGE);
  const dpapi = usesKeyring ? copyDpapiBindings(dist) : [];

  writeFileSync(
    join(dist, "launch.mjs"),
    launcherSource({
      binName: config.binName,
      packageName: config.source.name,
      nodeMajor: NODE_MAJOR,
      kind: "npm",
      entry: "./main.mjs",
      prelude: `./${PRELUDE_ENTRY}.mjs`,
    }),
    { mode: 0o755 },
  );

  const shipped = ["README.md", "LICENSE", ...(config.settings.files ?? [])];
  const exports: Record<string, string> = {};
  for (const file of shipped) {
    const source = join(packageDir, file);
    if (!existsSync(source)) {
      if (file === "README.md" || config.settings.files?.includes(file))
        throw new Error(`${source} is missing.`);
      continue;
    }
    cpSync(source, join(root, file), { recursive: true });
    if (file.endsWith(".json")) exports[`./${file}`] = `./${file}`;
  }

  // A server's MCP App views ship as built HTML beside the chunks (apps/view-html.ts reads them there).
  const description = config.settings.mcpb ? await loadDescription(packageDir) : undefined;
  const views = description ? await writeViews(description, dist) : [];

  const servers = config.settings.serverManifests
    ? copyServerManifests(resolve(packageDir, config.settings.serverManifests), root)
    : [];

  const manifest = publishManifest({
    source: config.source,
    binName: config.binName,
    launcher: "dist/launch.mjs",
    optionalDependencies: usesKeyring ? { [KEYRING_PACKAGE]: keyringVersion() } : {},
    exports,
  });
  writeFileSync(join(root, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);

  const bytes = js.files.reduce((sum, file) => sum + file.bytes, 0);
  const lines = [
    `${config.source.name}: dist/package (${js.files.length} chunks, ${(bytes / 1024 / 1024).toFixed(2)} MB of JavaScript${dpapi.length ? `, dpapi.node for ${dpapi.join(", ")}` : ""})`,
  ];
  if (views.length > 0) lines.push(`${config.source.name}: MCP App views ${views.join(", ")}`);
  if (servers.length > 0) lines.push(`${config.source.name}: permission manifests of ${servers.join(", ")}`);
  if (config.settings.mcpb && description) {
    const bundle = await packMcpb(config, description, root, NODE_MAJOR);
    lines.push(
      `${config.source.name}: dist/${basename(bundle.path)} for ${bundle.platforms.join(", ")} (keyring binaries: ${bundle.keyringBinaries.join(", ") || "none"})`,
    );
  }
  process.stderr.write(`${lines.join("\n")}\n`);
}

/** The ApiDescription a server package exports from its built index (a server is data). */
async function loadDescription(packageDir: string): Promise<ApiDescription> {
  const index = join(packageDir, "dist", "index.js");
  const module = (await import(pathToFileURL(index).href)) as Record<string, unknown>;
  const found = Object.values(module).filter(
    (value): value is ApiDescription =>
      typeof value === "object" && value !== null && "operations" in value && "apis" in value,
  );
  if (found.length !== 1)
    throw new Error(`${index} must export exactly one ApiDescription (found ${found.length}).`);
  return found[0] as ApiDescription;
}

main(process.cwd()).catch((error: unknown) => {
  process.stderr.write(`entra-mcp-bundle: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
