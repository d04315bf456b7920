/**
 * Hosted mode (MCP over Streamable HTTP) of the Graph server, fresh processes side by side:
 * - start to "listening" with inbound auth on (auth-core + jose + the OBO cache load at start) and off
 *   (the development setting): what loading the validator at start costs;
 * - the first authenticated request of a fresh process (JWKS fetch, validation) and warm requests
 *   (tools/list, a tools/call On-Behalf-Of with the user's token cached), each a fresh stateless
 *   server + transport per request.
 * Run alone: `node scripts/bench/dist/hosted-http.js` (after building the bench and the servers).
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { DefaultTenant, Emulator } from "@entra-mcp/emulator";
import type { BenchContext } from "./context.js";
import { startHosted } from "./hosted-process.js";
import { median, quantile, table } from "./stats.js";

const RUNS = 7;
const WARM = 40;
const bin = fileURLToPath(new URL("../../../servers/graph/dist/bin.js", import.meta.url));
const ms = (value: number) => `${value.toFixed(1)} ms`;

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

async function post(url: string, message: Record<string, unknown>, token?: string): Promise<number> {
  const begin = performance.now();
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-protocol-version": "2025-11-25",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ jsonrpc: "2.0", ...message }),
  });
  const text = await response.text();
  if (response.status !== 200 || text.includes('"isError":true')) {
    throw new Error(`${message.method}: ${response.status} ${text.slice(0, 200)}`);
  }
  return performance.now() - begin;
}

async function userToken(emulator: Emulator<DefaultTenant>): Promise<string> {
  const user = emulator.tenant.testUsers[0];
  if (!user) throw new Error("no test user");
  const response = await fetch(`${emulator.urls.login}/${emulator.tenant.tenantId}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "password",
      client_id: emulator.tenant.mcpClientId,
      scope: emulator.tenant.api.scope,
      username: user.username,
      password: user.password,
    }),
  });
  const body = (await response.json()) as { access_token?: string };
  if (!body.access_token) throw new Error("no user token from the emulator");
  return body.access_token;
}

const LIST = { id: 2, method: "tools/list" };
const CALL = { id: 3, method: "tools/call", params: { name: "list_users", arguments: { top: 5 } } };

/** The hosted-mode table (Markdown). */
export async function hostedHttpTable(ctx: BenchContext): Promise<string> {
  const token = await userToken(ctx.emulator);
  const base = { ...ctx.env, ENTRA_MCP_HTTP_PORT: "0" };
  const on: number[] = [];
  const off: number[] = [];
  const first: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // Interleaved, so both modes see the same machine load.
    const withAuth = await startHosted(bin, base);
    on.push(withAuth.listeningMs);
    first.push(await post(withAuth.url, LIST, token));
    await stop(withAuth.child);
    const noAuth = await startHosted(bin, { ...base, ENTRA_MCP_HTTP_AUTH: "off-for-local-development" });
    off.push(noAuth.listeningMs);
    await stop(noAuth.child);
  }
  const warm = await startHosted(bin, base);
  const lists: number[] = [];
  const calls: number[] = [];
  try {
    await post(warm.url, CALL, token); // the user's OBO token, then cached
    for (let i = 0; i < WARM; i++) {
      lists.push(await post(warm.url, LIST, token));
      calls.push(await post(warm.url, CALL, token));
    }
  } finally {
    await stop(warm.child);
  }
  return [
    `Hosted mode (graph --http), ${RUNS} fresh processes per mode, interleaved; warm: ${WARM} requests each`,
    "",
    table(
      ["measure", "median", "p90 / p99", "note"],
      [
        [
          "start → listening, auth on",
          ms(median(on)),
          ms(quantile(on, 0.9)),
          "auth-core + validator + OBO cache loaded at start",
        ],
        [
          "start → listening, auth off",
          ms(median(off)),
          ms(quantile(off, 0.9)),
          `on/off = ${(median(on) / median(off)).toFixed(2)}x`,
        ],
        [
          "first authenticated tools/list",
          ms(median(first)),
          ms(quantile(first, 0.9)),
          "JWKS fetch + validation + fresh server",
        ],
        [
          "warm tools/list",
          ms(median(lists)),
          ms(quantile(lists, 0.99)),
          "validation + fresh stateless server per request",
        ],
        [
          "warm tools/call list_users (OBO cached)",
          ms(median(calls)),
          ms(quantile(calls, 0.99)),
          "+ Graph call",
        ],
      ],
    ),
  ].join("\n");
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { startEmulator } = await import("@entra-mcp/emulator");
  const { rerunWithEmulatorCa } = await import("@entra-mcp/test-support");
  const caDir = await rerunWithEmulatorCa(import.meta.url);
  const emulator = await startEmulator({ seed: "default", caDir });
  const home = mkdtempSync(join(tmpdir(), "entra-mcp-bench-hosted-"));
  const env: Record<string, string> = {
    ...(emulator.env as Record<string, string>),
    PATH: process.env.PATH ?? "",
    HOME: home,
    XDG_CONFIG_HOME: home,
    ENTRA_MCP_CACHE_DIR: join(home, "cache"),
    ENTRA_MCP_CACHE_PLAINTEXT: "true",
  };
  try {
    process.stdout.write(`${await hostedHttpTable({ emulator, env, home })}\n`);
  } finally {
    await emulator.stop();
  }
}
