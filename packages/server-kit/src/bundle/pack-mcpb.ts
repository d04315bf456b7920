/**
 * Builds `dist/<bin>.mcpb` for Claude Desktop with @anthropic-ai/mcpb: the published package's files
 * under server/, the keyring binding installed on this machine under server/node_modules (a bundle
 * cannot install optional dependencies), and a manifest made from the server's description. The
 * bundle serves this machine's OS (its keyring binary) and Windows (DPAPI ships for every arch).
 */
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { packExtension, validateManifest } from "@anthropic-ai/mcpb";
import type { ApiDescription } from "../api-description.js";
import type { BundleConfig } from "./bundle-config.js";
import { PRELUDE_ENTRY } from "./bundle-javascript.js";
import { launcherSource } from "./launcher-source.js";
import { mcpbManifest } from "./mcpb-manifest.js";
import { installedKeyringPackages } from "./native-bindings.js";

export interface McpbResult {
  path: string;
  platforms: NodeJS.Platform[];
  keyringBinaries: string[];
}

/** Stages `packageRoot` (the built publishable package) into a bundle and packs it. */
export async function packMcpb(
  config: BundleConfig,
  description: ApiDescription,
  packageRoot: string,
  nodeMajor: number,
): Promise<McpbResult> {
  const dist = join(config.packageDir, "dist");
  const stage = join(dist, "mcpb");
  rmSync(stage, { recursive: true, force: true });
  cpSync(packageRoot, join(stage, "server"), { recursive: true });
  // The bundle's own launcher: the same checks, with advice for a Claude Desktop extension.
  writeFileSync(
    join(stage, "server", "dist", "launch.mjs"),
    launcherSource({
      binName: config.binName,
      packageName: config.source.name,
      nodeMajor,
      kind: "mcpb",
      entry: "./main.mjs",
      prelude: `./${PRELUDE_ENTRY}.mjs`,
    }),
    { mode: 0o755 },
  );
  const keyring = installedKeyringPackages();
  for (const item of keyring) {
    const target = join(stage, "server", "node_modules", ...item.name.split("/"));
    mkdirSync(target, { recursive: true });
    cpSync(item.dir, target, { recursive: true, dereference: true });
  }
  const platforms = [...new Set<NodeJS.Platform>([process.platform, "win32"])].sort();
  const manifest = mcpbManifest({
    source: config.source,
    description,
    binName: config.binName,
    entryPoint: "server/dist/launch.mjs",
    platforms,
    nodeRange: `>=${nodeMajor}.0.0`,
  });
  const manifestPath = join(stage, "manifest.json");
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  if (!validateManifest(manifestPath)) throw new Error(`${manifestPath}: mcpb validate failed (see above).`);
  const output = join(dist, `${config.binName}.mcpb`);
  rmSync(output, { force: true });
  const packed = await packExtension({ extensionPath: stage, outputPath: output, silent: true });
  if (!packed) throw new Error(`mcpb pack ${stage} failed.`);
  rmSync(stage, { recursive: true, force: true });
  return {
    path: output,
    platforms,
    keyringBinaries: keyring.filter((item) => item.name !== "@napi-rs/keyring").map((item) => item.name),
  };
}
