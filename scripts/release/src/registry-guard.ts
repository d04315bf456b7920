/**
 * The one rule of this package: nothing is ever published anywhere but a registry on this machine.
 * Every publish path calls these before it runs npm or pnpm.
 */

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** True when `url` is an http(s) URL whose host is the loopback interface. */
export function isLoopbackRegistry(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (parsed.protocol === "http:" || parsed.protocol === "https:") && LOOPBACK_HOSTS.has(parsed.hostname);
}

/** Throws unless `url` is a loopback registry; `what` names the caller in the message. */
export function assertLoopbackRegistry(url: string | undefined, what: string): string {
  if (!url || !isLoopbackRegistry(url)) {
    throw new Error(
      `release: ${what} refused to publish to ${JSON.stringify(url ?? "")}: only a registry on 127.0.0.1 or ` +
        "localhost may be published to from this package. Start one with startLocalRegistry() and pass it.",
    );
  }
  return url;
}

/**
 * Checks that an environment sends every npm and pnpm registry setting to `url`, and that no
 * registry-selecting variable in it points anywhere else (a scoped `@scope:registry` would win).
 */
export function assertLoopbackEnv(env: NodeJS.ProcessEnv, url: string, what: string): void {
  assertLoopbackRegistry(url, what);
  for (const key of ["npm_config_registry", "pnpm_config_registry"]) {
    if (env[key] !== url) {
      throw new Error(
        `release: ${what} refused to publish: ${key} is ${JSON.stringify(env[key] ?? "")}, not ${url}.`,
      );
    }
  }
  for (const [key, value] of Object.entries(env)) {
    if (/registry/i.test(key) && value !== undefined && value !== "" && !isLoopbackRegistry(value)) {
      throw new Error(`release: ${what} refused to publish: ${key} points to ${JSON.stringify(value)}.`);
    }
  }
}

/** Throws when a package.json would send a publish somewhere else (publishConfig.registry or a scoped one). */
export function assertNoForeignPublishConfig(packageJson: Record<string, unknown>, where: string): void {
  const publishConfig = (packageJson.publishConfig ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(publishConfig)) {
    if (/registry/i.test(key) && (typeof value !== "string" || !isLoopbackRegistry(value))) {
      throw new Error(
        `release: ${where}: publishConfig.${key} is ${JSON.stringify(value)}; a publishConfig registry would ` +
          "override the local registry. Remove it (the registry comes from the environment).",
      );
    }
  }
}
