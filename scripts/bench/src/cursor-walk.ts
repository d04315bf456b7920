/**
 * Table: a full walk of a tenant with >= 5,000 users through the graph server's `list_users` and its
 * cursors, against walking the same pages directly with fetch (same first URL, same token path),
 * counting upstream requests from the emulator's request log. Bytes: the log records paths, not
 * sizes, so each logged path is fetched once more afterwards and its body measured (the emulator's
 * data does not change in between). Runs on its own emulator so the extra users do not change the
 * other tables. Targets (issue): <= 1.05x the requests
 * and <= 1.2x the bytes of the direct walk.
 */
import { mkdtempSync } from "node:fs";
import { dirname, join } from "node:path";
import { createAuth, loadAuthConfig } from "@entra-mcp/auth-core";
import { type RequestLogEntry, startEmulator } from "@entra-mcp/emulator";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { type BenchContext, type Env, ms, out, ratio, verdict } from "./context.js";
import { median, table } from "./stats.js";
import { openSession } from "./stdio-session.js";
import { entraServers } from "./targets.js";

const EXTRA_USERS = Number(process.env.BENCH_CURSOR_USERS ?? 5000);
const REQUEST_TARGET = 1.05;
const BYTES_TARGET = 1.2;

interface Walk {
  requests: number;
  bytes: number;
  items: number;
  calls: number;
  ms: number;
}

export async function cursorWalkTable(ctx: BenchContext): Promise<void> {
  const emulator = await startEmulator({ seed: "default", caDir: dirname(ctx.emulator.caPath) });
  try {
    const domain = emulator.directory.tenant.defaultDomain;
    for (let i = 0; i < EXTRA_USERS; i++) {
      const alias = `bench${String(i).padStart(5, "0")}`;
      emulator.directory.addUser({
        upn: `${alias}@${domain}`,
        mail: `${alias}@${domain}`,
        displayName: `Bench User ${i}`,
        givenName: "Bench",
        surname: `User ${i}`,
        jobTitle: "Analyst",
        department: "Operations",
        officeLocation: `${i % 40}/${1000 + (i % 500)}`,
        city: "Seattle",
        country: "United States",
      });
    }
    const total = emulator.directory.listUsers().length;
    const home = mkdtempSync(join(ctx.home, "cursor-walk-"));
    const env: Env = {
      ...(emulator.env as Env),
      PATH: process.env.PATH ?? "",
      HOME: home,
      XDG_CONFIG_HOME: home,
      ENTRA_MCP_CACHE_DIR: join(home, "cache"),
      ENTRA_MCP_CACHE_PLAINTEXT: "true",
    };
    const graph = entraServers().find((server) => server.name === "graph");
    if (!graph) throw new Error("cursor walk: no graph server");

    const session = await openSession(graph, env);
    const cursorLengths: number[] = [];
    let tool: Walk;
    let toolPaths: string[];
    let firstPath: string;
    try {
      // Pays for auth (Key Vault, token) outside the walk.
      const warm = (await session.client.callTool({
        name: "list_users",
        arguments: { top: 1 },
      })) as CallToolResult;
      if (warm.isError) throw new Error(`list_users: ${JSON.stringify(warm.content).slice(0, 300)}`);
      emulator.clearRequests();
      const started = performance.now();
      let cursor: string | undefined;
      let items = 0;
      let calls = 0;
      do {
        const result = (await session.client.callTool({
          name: "list_users",
          arguments: cursor ? { cursor } : {},
        })) as CallToolResult;
        if (result.isError) throw new Error(`list_users: ${JSON.stringify(result.content).slice(0, 300)}`);
        const content = listingOf(result);
        items += content.value.length;
        cursor = content.nextCursor;
        if (cursor) cursorLengths.push(cursor.length);
        calls += 1;
      } while (cursor && calls < 10_000);
      const log = usersRequests(emulator.requests({ origin: "graph" }));
      tool = { requests: log.length, bytes: 0, items, calls, ms: performance.now() - started };
      toolPaths = log.map((entry) => entry.path);
      firstPath = toolPaths[0] ?? "/v1.0/users";
    } finally {
      await session.close();
    }

    // The same pages walked directly: the tool's first URL, then each @odata.nextLink.
    const auth = createAuth(loadAuthConfig({ ...env, ENTRA_MCP_AUTH_MODE: "app" }));
    const getText = async (url: string): Promise<string> => {
      const { accessToken } = await auth.getToken(["https://graph.microsoft.com/.default"]);
      const response = await fetch(url, { headers: { authorization: `Bearer ${accessToken}` } });
      if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
      return response.text();
    };
    await auth.getToken(["https://graph.microsoft.com/.default"]);
    emulator.clearRequests();
    const started = performance.now();
    let next: string | undefined = `${emulator.urls.graph}${firstPath}`;
    let items = 0;
    let calls = 0;
    let directBytes = 0;
    while (next) {
      const text = await getText(next);
      const body = JSON.parse(text) as { value: unknown[]; "@odata.nextLink"?: string };
      directBytes += Buffer.byteLength(text);
      items += body.value.length;
      next = body["@odata.nextLink"];
      calls += 1;
    }
    const direct: Walk = {
      requests: usersRequests(emulator.requests({ origin: "graph" })).length,
      bytes: directBytes,
      items,
      calls,
      ms: performance.now() - started,
    };
    // The tool walk's bytes: every page it requested, fetched again and measured.
    for (const path of toolPaths)
      tool.bytes += Buffer.byteLength(await getText(`${emulator.urls.graph}${path}`));

    const requestRatio = tool.requests / direct.requests;
    const bytesRatio = tool.bytes / direct.bytes;
    out(
      `\nFull walk of ${total} users: list_users + cursors vs direct page walking (same first URL). Targets: requests <= ${REQUEST_TARGET}x, bytes <= ${BYTES_TARGET}x`,
    );
    out(
      table(
        ["walk", "tool calls / fetches", "items", "upstream requests", "upstream bytes", "time"],
        [
          [
            "list_users + cursors",
            String(tool.calls),
            String(tool.items),
            String(tool.requests),
            kb(tool.bytes),
            ms(tool.ms),
          ],
          [
            "direct (fetch)",
            String(direct.calls),
            String(direct.items),
            String(direct.requests),
            kb(direct.bytes),
            ms(direct.ms),
          ],
        ],
      ),
    );
    out(
      table(
        ["ratio", "value", "target", "verdict"],
        [
          ["requests", ratio(requestRatio), `<= ${REQUEST_TARGET}x`, verdict(requestRatio, REQUEST_TARGET)],
          ["bytes", ratio(bytesRatio), `<= ${BYTES_TARGET}x`, verdict(bytesRatio, BYTES_TARGET)],
        ],
      ),
    );
    out(
      `Cursor length: median ${median(cursorLengths)} characters, longest ${Math.max(...cursorLengths)} (the tool's input limit is 6,000).`,
    );
    if (tool.items !== total || direct.items !== total)
      out(
        `WARNING: items differ from the tenant's ${total} users (tool ${tool.items}, direct ${direct.items}).`,
      );
  } finally {
    await emulator.stop();
  }
}

function usersRequests(log: RequestLogEntry[]): RequestLogEntry[] {
  return log.filter((entry) => entry.path.startsWith("/v1.0/users"));
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KB`;
}

/** structuredContent when the tool has an output schema, else the compact JSON of its text. */
function listingOf(result: CallToolResult): { value: unknown[]; nextCursor?: string } {
  if (result.structuredContent) return result.structuredContent as { value: unknown[]; nextCursor?: string };
  const text = result.content.map((part) => (part.type === "text" ? part.text : "")).join("");
  return JSON.parse(text) as { value: unknown[]; nextCursor?: string };
}
