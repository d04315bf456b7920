/**
 * Hosted mode behind Entra ID, against the emulator: Protected Resource Metadata, 401/403 challenges
 * for every kind of bad token (and no downstream call for any of them, from the emulator's request
 * log), a real MCP SDK client calling a tool On-Behalf-Of the signed-in user, a claims challenge
 * (MFA) as a readable tool result, the per-user rate limit, and logs that name the user but never
 * hold a token.
 */
import { type DefaultTenant, type Emulator, startEmulator } from "@entra-mcp/emulator";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpServerProcess, rpc, startHttpServer } from "../support/http-server.js";
import {
  appToken,
  goodClaims,
  hs256Token,
  unknownKidToken,
  unsignedToken,
  userToken,
} from "../support/inbound-tokens.js";
import { startTestEmulator, type TestEmulator } from "../support/test-emulator.js";

const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const LIST_USERS = { id: 7, method: "tools/call", params: { name: "list_users", arguments: { top: 2 } } };

let t: TestEmulator;
let server: HttpServerProcess;
/** Every response body the tests read, for the final scan. */
const seen: string[] = [];
const issued: string[] = [];

async function bodyOf(response: Response): Promise<string> {
  const text = await response.text();
  seen.push(text, [...response.headers].map(([k, v]) => `${k}: ${v}`).join("\n"));
  return text;
}

async function tokenOf(i = 0, scope?: string): Promise<string> {
  const token = await userToken(t.emulator, i, scope);
  issued.push(token);
  return token;
}

const downstream = () =>
  t.emulator.requests((e) => e.origin === "graph" || (e.origin === "login" && e.grantType === JWT_BEARER));

beforeAll(async () => {
  t = await startTestEmulator();
  server = await startHttpServer(t.env({ ENTRA_MCP_HTTP_PORT: "0", ENTRA_MCP_HTTP_RATE_LIMIT: "1000" }));
});
afterAll(async () => {
  await server?.stop();
  await t?.emulator.stop();
});

describe("discovery", () => {
  it("serves Protected Resource Metadata at the root and the path-suffixed well-known URL (RFC 9728)", async () => {
    for (const path of [
      "/.well-known/oauth-protected-resource",
      "/.well-known/oauth-protected-resource/mcp",
    ]) {
      const response = await fetch(`${server.origin}${path}`);
      expect(response.status).toBe(200);
      const metadata = JSON.parse(await bodyOf(response)) as Record<string, unknown>;
      expect(metadata).toMatchObject({
        resource: server.url,
        authorization_servers: [`${t.emulator.urls.login}/${t.emulator.tenant.tenantId}/v2.0`],
        scopes_supported: [t.emulator.tenant.api.scope],
        bearer_methods_supported: ["header"],
      });
    }
  });

  it("answers no token with 401 and a challenge that points at the metadata, without an error code", async () => {
    const response = await rpc(server.url, LIST_USERS);
    expect(response.status).toBe(401);
    await bodyOf(response);
    expect(response.headers.get("www-authenticate")).toBe(
      `Bearer resource_metadata="${server.origin}/.well-known/oauth-protected-resource/mcp", scope="${t.emulator.tenant.api.scope}"`,
    );
  });
});

describe("bad tokens: 401 invalid_token and no downstream call", () => {
  const cases: Array<[string, () => Promise<string>]> = [
    [
      "expired",
      async () => {
        t.emulator.setClockSkew(-5400);
        try {
          return `Bearer ${await tokenOf(0)}`;
        } finally {
          t.emulator.setClockSkew(0);
        }
      },
    ],
    [
      "wrong audience (the tenant's token for Key Vault)",
      async () => {
        const token = await appToken(t.emulator, "https://vault.azure.net/.default");
        issued.push(token);
        return `Bearer ${token}`;
      },
    ],
    [
      "wrong issuer (another tenant)",
      async () => {
        const other: Emulator<DefaultTenant> = await startEmulator({
          seed: "default",
          caDir: process.env.ENTRA_MCP_EMULATOR_CA_DIR,
        });
        try {
          const token = await userToken(other, 0);
          issued.push(token);
          return `Bearer ${token}`;
        } finally {
          await other.stop();
        }
      },
    ],
    ["alg none", async () => `Bearer ${unsignedToken(goodClaims(t.emulator))}`],
    ["HS256", async () => `Bearer ${hs256Token(goodClaims(t.emulator))}`],
    ["unknown kid", async () => `Bearer ${unknownKidToken(goodClaims(t.emulator))}`],
    ["malformed (not a JWT)", async () => "Bearer not.a.jwt"],
    ["malformed (Basic scheme)", async () => `Basic ${Buffer.from("user:pass").toString("base64")}`],
    ["malformed (empty Bearer)", async () => "Bearer "],
  ];
  for (const [name, header] of cases) {
    it(name, async () => {
      const authorization = await header();
      t.emulator.clearRequests();
      const response = await rpc(server.url, LIST_USERS, { authorization });
      const text = await bodyOf(response);
      expect(response.status, text).toBe(401);
      const challenge = response.headers.get("www-authenticate") ?? "";
      expect(challenge).toMatch(
        /^Bearer resource_metadata="[^"]+\/\.well-known\/oauth-protected-resource\/mcp"/,
      );
      expect(challenge).toContain('error="invalid_token"');
      expect(challenge).toMatch(/error_description="[^"]{10,}"/);
      expect((JSON.parse(text) as { error: { message: string } }).error.message.length).toBeGreaterThan(10);
      expect(downstream()).toEqual([]);
    });
  }
});

describe("a signed-in user", () => {
  it("a real MCP SDK client lists tools and calls one; the call goes On-Behalf-Of that user", async () => {
    const token = await tokenOf(0);
    const user = t.emulator.tenant.testUsers[0];
    t.emulator.clearRequests();
    const client = new Client({ name: "hosted-test", version: "1.0.0" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(server.url), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain("list_users");
    const result = await client.callTool({ name: "list_users", arguments: { top: 2 } });
    seen.push(JSON.stringify(result));
    expect(result.isError, JSON.stringify(result)).toBeFalsy();
    expect((result.structuredContent as { value: unknown[] }).value.length).toBe(2);
    await client.close();

    const obo = t.emulator.requests((e) => e.grantType === JWT_BEARER);
    expect(obo.length).toBe(1);
    expect(obo[0]).toMatchObject({ status: 200, oid: user?.oid });
    const graph = t.emulator.requests({ origin: "graph" });
    expect(graph.length).toBeGreaterThan(0);
    // The downstream token is the user's (delegated, for Graph), never the inbound one.
    for (const call of graph)
      expect(call).toMatchObject({ aud: "https://graph.microsoft.com", oid: user?.oid });
    // The server's app asked for no app-only token (the only client_credentials grant is the
    // Azure login reading the certificate from Key Vault).
    const own = t.emulator.requests(
      (e) => e.grantType === "client_credentials" && e.clientId === t.emulator.tenant.clientId,
    );
    expect(own).toEqual([]);
  });

  it("auth_status names the caller (On-Behalf-Of), not the process's own identity or tokens", async () => {
    const adele = t.emulator.tenant.testUsers[0];
    const response = await rpc(
      server.url,
      { id: 21, method: "tools/call", params: { name: "auth_status", arguments: {} } },
      { authorization: `Bearer ${await tokenOf(0)}` },
    );
    const body = JSON.parse(await bodyOf(response)) as {
      result: {
        isError?: boolean;
        structuredContent: { auth: Record<string, unknown>; token: Record<string, unknown> };
      };
    };
    expect(body.result.isError, JSON.stringify(body)).toBeFalsy();
    const { auth, token } = body.result.structuredContent;
    expect(auth).toMatchObject({
      mode: "delegated",
      principal: { type: "user", username: adele?.username },
      tokens: [],
    });
    expect(token).toMatchObject({ aud: "https://graph.microsoft.com", user: adele?.username });
  });

  it("logs the request as JSON with its ID, the user's oid and tenant, the tool and the status", async () => {
    const token = await tokenOf(1);
    const response = await rpc(server.url, LIST_USERS, { authorization: `Bearer ${token}` });
    expect(response.status).toBe(200);
    await bodyOf(response);
    const id = response.headers.get("x-request-id");
    await new Promise((resolve) => setTimeout(resolve, 100));
    const line = server.logs().find((entry) => entry.requestId === id && entry.event === "request");
    expect(line).toMatchObject({
      status: 200,
      tool: "list_users",
      rpc: "tools/call",
      oid: t.emulator.tenant.testUsers[1]?.oid,
      tid: t.emulator.tenant.tenantId,
      caller: "user",
    });
  });

  it("a claims challenge (MFA required by Conditional Access) is a readable tool result with the claims", async () => {
    const megan = t.emulator.tenant.testUsers[1];
    if (!megan) throw new Error("no second test user");
    const token = await tokenOf(1); // signed in before the policy: no MFA in this token
    t.emulator.identity.requireMfa(megan.username);
    try {
      const response = await rpc(
        server.url,
        {
          ...LIST_USERS,
          params: { name: "list_users", arguments: { filter: "startswith(displayName,'A')" } },
        },
        { authorization: `Bearer ${token}` },
      );
      expect(response.status).toBe(200);
      const body = JSON.parse(await bodyOf(response)) as {
        result: {
          isError: boolean;
          content: Array<{ text: string }>;
          _meta: Record<string, { code: string; claims?: string }>;
        };
      };
      expect(body.result.isError).toBe(true);
      expect(body.result.content[0]?.text).toMatch(/^list_users: .*Fix: /s);
      const meta = body.result._meta["entra-mcp/error"];
      expect(meta?.code).toBe("InteractionRequired");
      expect(JSON.parse(meta?.claims ?? "{}")).toHaveProperty("access_token");
    } finally {
      t.emulator.identity.clearMfaRequirement(megan.username);
    }
  });
});

describe("many users on one process", () => {
  it("concurrent requests of two users each run as their own user (get_me, OBO per user)", async () => {
    const users = t.emulator.tenant.testUsers.slice(0, 2);
    const tokens = [await tokenOf(0), await tokenOf(1)];
    const call = (i: number, id: number) =>
      rpc(
        server.url,
        { id, method: "tools/call", params: { name: "get_me", arguments: {} } },
        {
          authorization: `Bearer ${tokens[i]}`,
        },
      ).then(
        async (response) =>
          JSON.parse(await bodyOf(response)) as {
            result: { structuredContent?: { userPrincipalName?: string }; content: Array<{ text: string }> };
          },
      );
    const order = [0, 1, 0, 1, 1, 0];
    const results = await Promise.all(order.map((i, n) => call(i, 100 + n)));
    results.forEach((body, n) => {
      const text = JSON.stringify(body.result);
      expect(text, text).toContain(users[order[n] as number]?.username);
      expect(text).not.toContain(users[1 - (order[n] as number)]?.username);
    });
  });
});

describe("cursors in a multi-user process", () => {
  it("a cursor resumes from the held items only for the user whose listing it is", async () => {
    const [adele, megan] = t.emulator.tenant.testUsers;
    const as = async (token: string, args: Record<string, unknown>) => {
      const response = await rpc(
        server.url,
        { id: 11, method: "tools/call", params: { name: "list_users", arguments: args } },
        { authorization: `Bearer ${token}` },
      );
      return JSON.parse(await bodyOf(response)) as { result: { structuredContent: { nextCursor?: string } } };
    };
    const adeleToken = await tokenOf(0);
    const meganToken = await tokenOf(1);
    // One page of 5, cut to 2 by `top`: the other 3 are held in the cursor store for this listing.
    const first = await as(adeleToken, { pageSize: 5, top: 2 });
    const cursor = first.result.structuredContent.nextCursor;
    expect(cursor).toBeTruthy();

    // The first page, as the fallback refetches it (the held items came from it).
    const firstPage = (call: { path: string }) =>
      call.path.includes("top=5") && !call.path.includes("skiptoken");

    t.emulator.clearRequests();
    await as(meganToken, { cursor, top: 2 });
    // Megan does not get Adele's held items: the page is fetched again, with Megan's own token.
    const meganCalls = t.emulator.requests({ origin: "graph" });
    expect(meganCalls.filter(firstPage).length).toBe(1);
    expect(meganCalls.every((call) => call.oid === megan?.oid)).toBe(true);

    t.emulator.clearRequests();
    await as(adeleToken, { cursor, top: 2 });
    // Adele's own resume is served from the store (the control: the store works for its owner).
    const adeleCalls = t.emulator.requests({ origin: "graph" });
    expect(adeleCalls.filter(firstPage)).toEqual([]);
    expect(adeleCalls.every((call) => call.oid === adele?.oid)).toBe(true);
  });
});

describe("permission and rate", () => {
  it("a good token without the required scope gets 403 insufficient_scope", async () => {
    const strict = await startHttpServer(
      t.env({ ENTRA_MCP_HTTP_PORT: "0", ENTRA_MCP_API_SCOPE: "Admin.Everything" }),
    );
    try {
      t.emulator.clearRequests();
      const response = await rpc(strict.url, LIST_USERS, { authorization: `Bearer ${await tokenOf(0)}` });
      await bodyOf(response);
      expect(response.status).toBe(403);
      const challenge = response.headers.get("www-authenticate") ?? "";
      expect(challenge).toContain('error="insufficient_scope"');
      expect(challenge).toContain(`scope="api://${t.emulator.tenant.clientId}/Admin.Everything"`);
      expect(downstream()).toEqual([]);
    } finally {
      await strict.stop();
      seen.push(strict.stderr());
    }
  });

  it("limits each user separately: a burst from one gets 429 + Retry-After, another still gets in", async () => {
    const limited = await startHttpServer(
      t.env({ ENTRA_MCP_HTTP_PORT: "0", ENTRA_MCP_HTTP_RATE_LIMIT: "2" }),
    );
    try {
      const adele = { authorization: `Bearer ${await tokenOf(0)}` };
      const megan = { authorization: `Bearer ${await tokenOf(1)}` };
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const response = await rpc(limited.url, { id: i, method: "ping" }, adele);
        await bodyOf(response);
        statuses.push(response.status);
        if (response.status === 429)
          expect(Number(response.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      }
      expect(statuses).toEqual([200, 200, 429]);
      expect((await rpc(limited.url, { id: 9, method: "ping" }, megan)).status).toBe(200);
    } finally {
      await limited.stop();
      seen.push(limited.stderr());
    }
  });
});

describe("secrets", () => {
  it("no log line or response holds a JWT, an inbound token or the private key", async () => {
    const everything = [server.stderr(), server.stdout(), ...seen].join("\n");
    // A JWT is header.payload.signature, both base64url JSON ("eyJ"). Cursors are base64url JSON too
    // (one "eyJ" part, no dots), so the scan looks for the JWT shape.
    // The logs hold no base64url JSON at all (no token, no cursor, no header or body).
    expect(server.stderr()).not.toContain("eyJ");
    const jwts = everything.match(/eyJ[\w-]+\.eyJ[\w-]+\./g) ?? [];
    expect(jwts.map((jwt) => jwt.slice(0, 40))).toEqual([]);
    expect(issued.length).toBeGreaterThan(3);
    for (const token of issued) expect(everything).not.toContain(token.split(".")[2]);
    expect(everything).not.toMatch(/PRIVATE KEY/);
  });
});
