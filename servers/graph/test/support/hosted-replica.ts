/**
 * A replica of the BUILT graph server in hosted mode (`--http` on a free port), its stderr (the JSON
 * logs) kept for the test to read and scan; plus the MCP client's side: a user's token from the
 * emulator (password grant, over HTTPS) and one JSON-RPC POST with it. Tokens are never printed.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { DefaultTenant, Emulator } from "@entra-mcp/emulator";

export const BIN = fileURLToPath(new URL("../../dist/package/dist/launch.mjs", import.meta.url));

export interface Replica {
  child: ChildProcess;
  url: string;
  /** Everything the replica wrote to stdout and stderr. */
  output(): string;
  /** stderr's JSON log lines. */
  logs(): Array<Record<string, unknown>>;
  stop(): Promise<void>;
}

/** Starts `graph --http` and resolves once it logs "listening"; rejects with its stderr if it exits. */
export async function startReplica(env: NodeJS.ProcessEnv): Promise<Replica> {
  const child = spawn(process.execPath, [BIN, "--http"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    out += chunk.toString("utf8");
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr?.on("data", (chunk: Buffer) => {
      err += chunk.toString("utf8");
      const match = /"event":"listening","url":"([^"]+)"/.exec(err);
      if (match?.[1]) resolve(match[1]);
    });
    exited.then(() => reject(new Error(`graph --http exited (${child.exitCode}) before listening:\n${err}`)));
  });
  return {
    child,
    url,
    output: () => `${out}${err}`,
    logs: () =>
      err
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A signed-in user's token for the hosted API (access_as_user), as an MCP client gets it. */
export async function signIn(
  emulator: Emulator<DefaultTenant>,
  user: { username: string; password: string },
): Promise<string> {
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
  const body = (await response.json()) as { access_token?: string; error_description?: string };
  if (!body.access_token)
    throw new Error(`no token for ${user.username}: ${response.status} ${body.error_description}`);
  return body.access_token;
}

export interface ToolAnswer {
  status: number;
  /** The raw response body (for scans). */
  body: string;
  isError: boolean;
  text: string;
  data: Record<string, unknown> | undefined;
}

/** One stateless tools/call POST with the user's bearer token. */
export async function callTool(
  replica: Replica,
  token: string,
  name: string,
  args: Record<string, unknown> = {},
): Promise<ToolAnswer> {
  const response = await fetch(replica.url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-protocol-version": "2025-11-25",
      authorization: `Bearer ${token}`,
    },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name, arguments: args } }),
  });
  const body = await response.text();
  // The endpoint may answer as JSON or as one SSE event; either way the JSON-RPC message is one line.
  const json = body.trimStart().startsWith("{") ? body : (/^data: (.*)$/m.exec(body)?.[1] ?? "{}");
  const message = JSON.parse(json) as {
    result?: {
      isError?: boolean;
      content?: Array<{ text?: string }>;
      structuredContent?: Record<string, unknown>;
    };
    error?: { message: string };
  };
  return {
    status: response.status,
    body,
    isError: message.result?.isError === true || message.error !== undefined,
    text: message.error?.message ?? message.result?.content?.map((c) => c.text ?? "").join("\n") ?? "",
    data: message.result?.structuredContent,
  };
}
