/**
 * The package.json that gets published: the source package's identity, its bin, and no runtime
 * dependencies but the optional prebuilt keyring binding. Workspace dependencies (auth-core,
 * server-kit, the MCP SDK, MSAL, the Azure SDK) are inside the bundle, so nothing else is installed
 * and nothing runs or compiles at install time.
 */
import type { SourcePackage } from "./bundle-config.js";

export interface PublishManifestOptions {
  source: SourcePackage;
  binName: string;
  /** Path of the launcher inside the package, e.g. "dist/launch.mjs". */
  launcher: string;
  /** Optional native dependencies, name -> exact version. */
  optionalDependencies: Record<string, string>;
  /** Extra subpath exports (e.g. the permission manifests). */
  exports: Record<string, string>;
}

export function publishManifest(options: PublishManifestOptions): Record<string, unknown> {
  const { source } = options;
  const manifest: Record<string, unknown> = {
    name: source.name,
    version: source.version,
    description: source.description,
    keywords: source.keywords,
    license: source.license,
    author: source.author,
    repository: source.repository,
    homepage: source.homepage,
    type: "module",
    engines: { node: source.engines?.node ?? ">=22.12" },
    bin: { [options.binName]: options.launcher },
    exports: { "./package.json": "./package.json", ...options.exports },
  };
  if (Object.keys(options.optionalDependencies).length > 0) {
    manifest.optionalDependencies = options.optionalDependencies;
  }
  return Object.fromEntries(Object.entries(manifest).filter(([, value]) => value !== undefined));
}
