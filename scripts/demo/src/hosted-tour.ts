/**
 * The tour's hosted part (team mode): one Graph server in HTTP mode (`--http`, the in-memory token
 * cache: no Redis), two emulator users signed in as an MCP client signs them in (password grant for
 * the server's own API scope), and the real MCP SDK client calling get_me as each over Streamable
 * HTTP: the server exchanges each user's token On-Behalf-Of and Graph answers with that user. Tokens
 * are only ever sent in the Authorization header, never printed.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { request } from "node:https";
import type { DefaultTenant, Emulator } from "@entra-mcp/emulator";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const OBO = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/** Spawns `bin --http` on a free port; resolves with its MCP endpoint once it logs "listening". */
function startHosted(
  bin: string,
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [bin, "--http"], { env, stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  return new Promise((resolve, reject) => {
    child.stderr?.on("data", (chunk: Buffer) => {
      err += chunk.toString("utf8");
      const match = /"event":"listening","url":"([^"]+)"/.exec(err);
      if (match?.[1]) resolve({ child, url: match[1] });
    });
    child.once("exit", (code) =>
      reject(new Error(`graph --http exited (${code}) before listening:\n${err}`)),
    );
  });
}

/**
 * A user's token for the server's API, as an MCP client gets it. node:https with the emulator's CA:
 * this process started before the CA existed, so NODE_EXTRA_CA_CERTS cannot cover it (fetch has no
 * per-request CA option without undici's Agent).
 */
async function signIn(emulator: Emulator<DefaultTenant>, user: { username: string; password: string }) {
  const form = new URLSearchParams({
    grant_type: "password",
    client_id: emulator.tenant.mcpClientId,
    scope: emulator.tenant.api.scope,
    username: user.username,
    password: user.password,
  }).toString();
  const text = await new Promise<string>((resolve, reject) => {
    const post = request(
      `${emulator.urls.login}/${emulator.tenant.tenantId}/oauth2/v2.0/token`,
      {
        method: "POST",
        ca: readFileSync(emulator.caPath),
        headers: { "content-type": "application/x-www-form-urlencoded" },
      },
      (response) => {
        let data = "";
        response.setEncoding("utf8").on("data", (chunk: string) => {
          data += chunk;
        });
        response.on("end", () => resolve(data));
      },
    );
    post.on("error", reject);
    post.end(form);
  });
  const body = JSON.parse(text) as { access_token?: string; error_description?: string };
  if (!body.access_token) throw new Error(`sign-in of ${user.username} failed: ${body.error_description}`);
  return body.access_token;
}

/** Runs the hosted part; returns false if a call failed or a user saw someone else. */
export async function runHostedTour(
  emulator: Emulator<DefaultTenant>,
  bin: string,
  env: Record<string, string>,
  out: (line?: string) => void,
): Promise<boolean> {
  const serverEnv: Record<string, string> = { ...env, ENTRA_MCP_HTTP_PORT: "0" };
  delete serverEnv.ENTRA_MCP_AUTH_MODE; // hosted mode acts as each request's user
  const server = await startHosted(bin, serverEnv);
  const exchangesBefore = emulator.requests((e) => e.grantType === OBO).length;
  let ok = true;
  try {
    out(`\nentra-mcp-graph hosted (--http, in-memory token cache) at ${server.url}`);
    for (const user of emulator.tenant.testUsers.slice(0, 2)) {
      const token = await signIn(emulator, user);
      const transport = new StreamableHTTPClientTransport(new URL(server.url), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      });
      const client = new Client({ name: "entra-mcp-demo-hosted", version: "1.0.0" });
      await client.connect(transport);
      const result = await client.callTool({ name: "get_me", arguments: {} });
      await client.close();
      const text = (result.content as { text?: string }[] | undefined)?.[0]?.text ?? "";
      if (result.isError) {
        ok = false;
        out(`  as ${user.username.padEnd(20)} get_me failed: ${text.slice(0, 300)}`);
        continue;
      }
      const me = JSON.parse(text) as { displayName?: string; userPrincipalName?: string };
      if (me.userPrincipalName !== user.username) ok = false;
      out(`  as ${user.username.padEnd(20)} get_me -> ${me.displayName} <${me.userPrincipalName}>`);
    }
    const exchanges = emulator.requests((e) => e.grantType === OBO).length - exchangesBefore;
    out(`  each user's token was exchanged On-Behalf-Of for Graph: ${exchanges} exchanges for 2 users`);
  } finally {
    const exited = new Promise((resolve) => server.child.once("exit", resolve));
    server.child.kill("SIGTERM");
    await exited;
  }
  return ok;
}
