/**
 * A user's machine, as far as a child process can tell: a fresh HOME and a PATH that holds only
 * node, npm, npx, claude, sh and a few coreutils — no compiler, no make, no Python — so an install
 * that needed to build anything native would fail here.
 */
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";

/** What the sandbox PATH offers; anything else (cc, g++, make, python3, git…) is absent on purpose. */
const COREUTILS = [
  "cat",
  "ls",
  "mkdir",
  "rm",
  "mv",
  "cp",
  "ln",
  "chmod",
  "uname",
  "env",
  "dirname",
  "basename",
];
/** Never on the sandbox PATH: the release must install without any of these. */
export const BUILD_TOOLS = ["cc", "gcc", "g++", "c++", "clang", "make", "python", "python3", "node-gyp"];

/** The Claude Code native binary shipped in @anthropic-ai/claude-code (what its `claude` shim runs). */
export function claudeBinary(): string {
  const pkg = createRequire(import.meta.url).resolve("@anthropic-ai/claude-code/package.json");
  const bin = join(dirname(pkg), "bin", "claude.exe");
  if (!existsSync(bin))
    throw new Error(
      `release test: Claude Code binary not found at ${bin} (pnpm install ran its postinstall?)`,
    );
  return bin;
}

/** First executable called `name` on this process's PATH, with symlinks resolved. */
function which(name: string): string {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return realpathSync(candidate);
  }
  throw new Error(`release test: ${name} is not on PATH`);
}

export interface Sandbox {
  /** The only PATH entry. */
  bin: string;
  root: string;
  /** A fresh HOME (with XDG dirs inside) for one actor: an admin, a user, a plugin user. */
  home(label: string): { home: string; project: string; env: Record<string, string> };
  remove(): void;
}

/** Makes the temp bin dir (symlinks only) and returns a factory for clean homes. */
export function createSandbox(): Sandbox {
  const root = mkdtempSync(join(tmpdir(), "entra-mcp-release-sandbox-"));
  const bin = join(root, "bin");
  mkdirSync(bin);
  mkdirSync(join(root, "tmp"));
  const links: Record<string, string> = {
    node: process.execPath,
    npm: which("npm"),
    npx: which("npx"),
    claude: claudeBinary(),
    sh: which("sh"),
  };
  for (const tool of COREUTILS) links[tool] = which(tool);
  for (const [name, target] of Object.entries(links)) symlinkSync(target, join(bin, name));
  return {
    bin,
    root,
    home(label) {
      const home = mkdtempSync(join(root, `home-${label}-`));
      const project = join(home, "project");
      mkdirSync(project);
      return {
        home,
        project,
        env: {
          PATH: bin,
          HOME: home,
          USER: label,
          LANG: "C.UTF-8",
          TMPDIR: join(root, "tmp"),
          XDG_CONFIG_HOME: join(home, ".config"),
          XDG_CACHE_HOME: join(home, ".cache"),
          XDG_DATA_HOME: join(home, ".local", "share"),
          // Claude Code: no auto-update, telemetry or other traffic that is not the task at hand.
          DISABLE_AUTOUPDATER: "1",
          DISABLE_TELEMETRY: "1",
          DISABLE_ERROR_REPORTING: "1",
          CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
          // The first start of a server includes `npx -y` downloading it from the registry.
          MCP_TIMEOUT: "90000",
        },
      };
    },
    remove() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
