/**
 * What a public package asks of the bundler, from the `entraMcp.bundle` field of its package.json:
 * the entry to bundle, whether a Claude Desktop bundle is built, and extra files to ship.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface SourcePackage {
  name: string;
  version: string;
  description?: string;
  keywords?: string[];
  license?: string;
  author?: string | { name: string; email?: string; url?: string };
  repository?: string | { type: string; url: string; directory?: string };
  homepage?: string;
  bin: Record<string, string>;
  engines?: { node?: string };
  entraMcp?: { bundle?: BundleSettings };
}

export interface BundleSettings {
  /** The bin's source entry, e.g. "src/bin.ts". */
  entry: string;
  /** Build `dist/<bin>.mcpb` (servers). */
  mcpb?: boolean;
  /** Files or folders (relative to the package) copied into the published package as they are. */
  files?: string[];
  /** CLI: the servers folder whose permission manifests ship inside the package, e.g. "../../servers". */
  serverManifests?: string;
}

export interface BundleConfig {
  packageDir: string;
  source: SourcePackage;
  settings: BundleSettings;
  /** The one bin of the package, e.g. "entra-mcp-graph". */
  binName: string;
}

/** Reads and checks the package's bundle settings; errors say which field to fix. */
export function readBundleConfig(packageDir: string): BundleConfig {
  const file = join(packageDir, "package.json");
  const source = JSON.parse(readFileSync(file, "utf8")) as SourcePackage;
  const settings = source.entraMcp?.bundle;
  if (!settings?.entry) {
    throw new Error(
      `${file}: entraMcp.bundle.entry is missing. Fix: add { "entraMcp": { "bundle": { "entry": "src/bin.ts" } } }.`,
    );
  }
  const bins = Object.keys(source.bin ?? {});
  const binName = bins[0];
  if (bins.length !== 1 || !binName) {
    throw new Error(
      `${file}: bin must name exactly one command (found ${bins.length}). Fix: one "bin" entry per public package.`,
    );
  }
  return { packageDir, source, settings, binName };
}
