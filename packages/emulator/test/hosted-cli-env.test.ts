import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { PublicClientApplication } from "@azure/msal-node";
import { decodeJwt } from "jose";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt } from "./build-once.js";
import { thrown } from "./helpers.js";

/** Starts the built CLI (signing with the tests' CA, which this process trusts) and reads its JSON line. */
async function startCli(
  cli: string,
  args: string[],
): Promise<{ child: ChildProcess; line: Record<string, string> }> {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "pipe", "ignore"] });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const [first] = (await once(lines, "line")) as [string];
  return { child, line: JSON.parse(first) as Record<string, string> };
}

function pca(line: Record<string, string>, clientId: string): PublicClientApplication {
  return new PublicClientApplication({
    auth: {
      clientId,
      authority: `${line.ENTRA_MCP_EMULATOR_LOGIN_URL}/${line.ENTRA_MCP_TENANT_ID}`,
      knownAuthorities: [new URL(line.ENTRA_MCP_EMULATOR_LOGIN_URL ?? "").host],
    },
  });
}

/** What a hosted-mode e2e test gets from `pnpm emulator`, and the admin hooks it can drive over HTTP. */
describe("the CLI's JSON line for hosted mode", () => {
  let cli: string;
  let running: ChildProcess | undefined;
  beforeAll(() => {
    cli = ensureBuilt().cli;
  });
  afterEach(async () => {
    if (running && running.exitCode === null) {
      running.kill("SIGTERM");
      await once(running, "exit");
    }
    running = undefined;
  });

  it("default seed: API scope, MCP client and test users work for password sign-in; MFA and key hooks over HTTP", async () => {
    const { child, line } = await startCli(cli, []);
    running = child;
    const scope = line.ENTRA_MCP_EMULATOR_API_SCOPE ?? "";
    expect(scope).toBe(`api://${line.ENTRA_MCP_CLIENT_ID}/access_as_user`);
    const clientId = line.ENTRA_MCP_EMULATOR_CLIENT_ID ?? "";
    expect(clientId).toMatch(/^[0-9a-f-]{36}$/);
    const users = JSON.parse(line.ENTRA_MCP_EMULATOR_TEST_USERS ?? "[]") as {
      username: string;
      password: string;
    }[];
    expect(users.length).toBeGreaterThanOrEqual(2);

    const oids = new Set<string>();
    for (const user of users) {
      const result = await pca(line, clientId).acquireTokenByUsernamePassword({
        scopes: [scope],
        username: user.username,
        password: user.password,
      });
      const claims = decodeJwt(result?.accessToken ?? "");
      expect(claims).toMatchObject({ aud: line.ENTRA_MCP_CLIENT_ID, scp: "access_as_user", azp: clientId });
      expect(claims.preferred_username).toBe(user.username);
      oids.add(claims.oid as string);
    }
    expect(oids.size).toBe(users.length);

    const adminUrl = `${line.ENTRA_MCP_EMULATOR_LOGIN_URL}/_emulator`;
    const [first] = users;
    if (!first) throw new Error("no user");
    const mfa = await fetch(`${adminUrl}/users/${encodeURIComponent(first.username)}/require-mfa`, {
      method: "PUT",
      body: JSON.stringify({ resourceAppIds: ["00000003-0000-0000-c000-000000000000"] }),
    });
    expect(mfa.status).toBe(200);
    const error = await thrown(() =>
      pca(line, line.ENTRA_MCP_CLIENT_ID ?? "").acquireTokenByUsernamePassword({
        scopes: ["User.Read"],
        username: first.username,
        password: first.password,
      }),
    );
    expect(error.errorCode).toBe("interaction_required");
    expect(error.message).toContain("AADSTS50076");
    const unknown = await fetch(`${adminUrl}/users/nobody/require-mfa`, { method: "PUT" });
    expect(unknown.status).toBe(400);

    const rotated = (await (await fetch(`${adminUrl}/signing-keys/rotate`, { method: "POST" })).json()) as {
      kid: string;
    };
    const jwks = (await (
      await fetch(`${line.ENTRA_MCP_EMULATOR_LOGIN_URL}/${line.ENTRA_MCP_TENANT_ID}/discovery/v2.0/keys`)
    ).json()) as { keys: { kid: string }[] };
    expect(jwks.keys.map((k) => k.kid)[0]).toBe(rotated.kid);
    expect(jwks.keys).toHaveLength(2);
  });

  it("empty seed: the MCP client and test users, but no API scope until provisioning exposes one", async () => {
    const { child, line } = await startCli(cli, ["--empty"]);
    running = child;
    expect(line.ENTRA_MCP_EMULATOR_API_SCOPE).toBeUndefined();
    expect(line.ENTRA_MCP_EMULATOR_CLIENT_ID).toMatch(/^[0-9a-f-]{36}$/);
    const users = JSON.parse(line.ENTRA_MCP_EMULATOR_TEST_USERS ?? "[]") as { username: string }[];
    expect(users.map((u) => u.username.split("@")[0])).toEqual(["adele", "megan"]);
  });
});
