/**
 * A throw-away npm registry on 127.0.0.1: verdaccio with NO uplinks (it can serve only what was
 * published to it), storage, config, npm cache and user config in one temp dir, one user created
 * through the registry's own API. `env` is what a child process needs to install from it and
 * publish to it, overriding whatever user, global or project configuration the machine has.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { assertLoopbackRegistry } from "./registry-guard.js";
import { type RegistryTraffic, readRegistryTraffic } from "./registry-traffic.js";

export interface StartLocalRegistryOptions {
  /** Parent of the registry's temp dir (default: the OS temp dir). */
  tmpRoot?: string;
  /** User created through `PUT /-/user/org.couchdb.user:<name>` (default `release-test`). */
  user?: string;
  /** Give up when the registry has not answered within this time (default 30 s). */
  startTimeoutMs?: number;
  /** Keep the temp dir (storage, log) after close(), for debugging. */
  keep?: boolean;
}

export interface LocalRegistry {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  /** npm and pnpm settings for a child process: registry, auth (userconfig), empty cache, no noise. */
  env: Record<string, string>;
  /** The temp `.npmrc` holding only `//127.0.0.1:<port>/:_authToken=…`. */
  userconfig: string;
  /** The temp dir holding config, storage, log, cache and userconfig. */
  dir: string;
  /** verdaccio's log file (JSON lines). */
  logFile: string;
  /**
   * Every HTTP request the registry answered so far. A request is written when its response has been
   * sent, so one that just returned may show up a few milliseconds later.
   */
  traffic(): RegistryTraffic;
  /** Stops the registry and removes its temp dir (unless `keep`). Safe to call twice. */
  close(): Promise<void>;
}

// The child entry runs as TypeScript from src/ (vitest, Node's type stripping) or as JS from dist/.
const SERVER_ENTRY = fileURLToPath(
  new URL(import.meta.url.endsWith(".ts") ? "./registry-server.ts" : "./registry-server.js", import.meta.url),
);

const open = new Set<LocalRegistry>();

/** Starts verdaccio on a free 127.0.0.1 port with a temp config (no uplinks) and one authenticated user. */
export async function startLocalRegistry(options: StartLocalRegistryOptions = {}): Promise<LocalRegistry> {
  const dir = mkdtempSync(join(options.tmpRoot ?? tmpdir(), "entra-mcp-registry-"));
  const logFile = join(dir, "verdaccio.log");
  const trafficFile = join(dir, "traffic.jsonl");
  const configPath = writeConfig(dir, logFile);
  const child = spawn(process.execPath, [SERVER_ENTRY, configPath, trafficFile], {
    cwd: dir,
    stdio: ["pipe", "pipe", "pipe"],
    env: { PATH: process.env.PATH ?? "", HOME: dir, NODE_ENV: "production" },
  });
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-8_000);
  });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    open.delete(registry);
    await stopChild(child);
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
  };
  const registry: LocalRegistry = {
    url: "",
    env: {},
    userconfig: join(dir, "npmrc"),
    dir,
    logFile,
    traffic: () => readRegistryTraffic(trafficFile),
    close,
  };
  open.add(registry);
  try {
    const port = await readPort(child, options.startTimeoutMs ?? 30_000, () => stderr);
    registry.url = assertLoopbackRegistry(`http://127.0.0.1:${port}/`, "startLocalRegistry");
    const token = await createUser(registry.url, options.user ?? "release-test");
    writeFileSync(registry.userconfig, `//127.0.0.1:${port}/:_authToken=${token}\n`, { mode: 0o600 });
    registry.env = registryEnv(registry.url, dir, registry.userconfig);
    return registry;
  } catch (error) {
    await close();
    throw error;
  }
}

/** Closes every registry this process started and has not closed yet (for an afterAll or exit hook). */
export async function closeAllLocalRegistries(): Promise<void> {
  await Promise.all([...open].map((registry) => registry.close()));
}

function writeConfig(dir: string, logFile: string): string {
  const storage = join(dir, "storage");
  mkdirSync(storage, { recursive: true });
  const access = { access: "$all", publish: "$authenticated", unpublish: "$authenticated" };
  const config = {
    storage,
    self_path: join(dir, "config.yaml"),
    auth: { htpasswd: { file: join(dir, "htpasswd"), max_users: 10 } },
    // No uplinks at all: a package that was not published here is a 404, never a proxied download.
    uplinks: {},
    packages: { "@entra-mcp/*": access, "**": access },
    max_body_size: "500mb",
    web: { enable: false },
    publish: { allow_offline: true },
    server: { keepAliveTimeout: 5 },
    // JWT API tokens: a legacy token makes verdaccio re-check the bcrypt password on every request.
    security: { api: { jwt: { sign: { expiresIn: "1d" } } } },
    log: { type: "file", path: logFile, format: "json", level: "info", sync: true },
  };
  const configPath = join(dir, "config.yaml");
  // JSON is YAML; verdaccio parses it with its YAML loader.
  writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`);
  return configPath;
}

function registryEnv(url: string, dir: string, userconfig: string): Record<string, string> {
  const cache = join(dir, "npm-cache");
  const globalconfig = join(dir, "global-npmrc");
  const pnpmHome = join(dir, "pnpm-config");
  mkdirSync(cache, { recursive: true });
  mkdirSync(pnpmHome, { recursive: true });
  writeFileSync(globalconfig, "");
  const shared = {
    registry: url,
    // A scoped registry in any .npmrc would win over `registry` for @entra-mcp packages.
    "@entra-mcp:registry": url,
    userconfig,
    globalconfig,
    cache,
    update_notifier: "false",
    audit: "false",
    fund: "false",
  };
  const env: Record<string, string> = {};
  // npm reads npm_config_*; pnpm 11+ reads only pnpm_config_* from the environment.
  for (const [key, value] of Object.entries(shared)) {
    env[`npm_config_${key}`] = value;
    env[`pnpm_config_${key}`] = value;
  }
  env.pnpm_config_store_dir = join(dir, "pnpm-store");
  env.pnpm_config_cache_dir = join(dir, "pnpm-cache");
  return env;
}

async function readPort(child: ChildProcess, timeoutMs: number, stderr: () => string): Promise<number> {
  const stdout = child.stdout;
  if (!stdout) throw new Error("release: local registry: no stdout");
  return new Promise((resolve, reject) => {
    let buffer = "";
    const fail = (message: string) => {
      clearTimeout(timer);
      reject(new Error(`release: local registry ${message}\n${stderr()}`));
    };
    const timer = setTimeout(() => fail(`did not start within ${timeoutMs} ms`), timeoutMs);
    stdout.setEncoding("utf8").on("data", (chunk: string) => {
      buffer += chunk;
      const line = buffer.split("\n").find((candidate) => candidate.startsWith('{"port":'));
      if (!line) return;
      clearTimeout(timer);
      const { port } = JSON.parse(line) as { port: number };
      if (port > 0) resolve(port);
      else fail("reported no port");
    });
    child.once("exit", (code, signal) => fail(`exited (${code ?? signal}) before listening`));
    child.once("error", (error) => fail(`could not start: ${error.message}`));
  });
}

async function createUser(url: string, name: string): Promise<string> {
  const password = `pw-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  const response = await fetch(new URL(`-/user/org.couchdb.user:${encodeURIComponent(name)}`, url), {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      _id: `org.couchdb.user:${name}`,
      name,
      password,
      type: "user",
      roles: [],
      date: new Date().toISOString(),
    }),
  });
  const body = (await response.json().catch(() => ({}))) as { token?: string; error?: string };
  if (!response.ok || !body.token) {
    throw new Error(
      `release: local registry: creating user ${name} failed (${response.status}): ${body.error ?? ""}`,
    );
  }
  return body.token;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.stdin?.end();
  const term = setTimeout(() => child.kill("SIGTERM"), 3_000);
  const kill = setTimeout(() => child.kill("SIGKILL"), 6_000);
  await exited;
  clearTimeout(term);
  clearTimeout(kill);
}
