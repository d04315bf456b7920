/**
 * End to end: the BUILT bin spawned over stdio, driven by the MCP SDK Client, against the emulator's
 * Entra ID, Key Vault, Power Platform API and two Dataverse environments (each its own host and token
 * audience) — app-only, delegated, and with auth failing. Network behaviour is asserted on the
 * emulator's request log; stdout must carry nothing but JSON-RPC.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { SAMPLE } from "@entra-mcp/emulator";
import {
  callTool as call,
  startTestEmulator,
  type TestEmulator,
  textOf,
  valuesOf,
  withChildServer,
} from "@entra-mcp/test-support";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../dist/package/dist/launch.mjs", import.meta.url));
const ADMIN_AUDIENCE = "https://api.powerplatform.com";
const { contoso, contosoSales } = SAMPLE.environments;

let t: TestEmulator;
beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npx turbo run build\` first.`);
  t = await startTestEmulator();
});
afterAll(async () => t?.emulator.stop());
beforeEach(() => t.emulator.clearRequests());

/** Each Dataverse origin only ever sees tokens whose audience is that environment's own URL. */
const audiences = () => ({
  powerplatform: ADMIN_AUDIENCE,
  dataverse: t.emulator.urls.dataverse,
  dataverse2: t.emulator.urls.dataverse2,
});

/** The systemuserid the emulator's environment `index` holds for the seeded app or user. */
function systemUserId(index: number, who: { appId?: string; oid?: string }): string | undefined {
  return t.emulator.dataverse[index]
    ?.listUsers()
    .find((user) =>
      who.appId
        ? user.applicationid === who.appId.toLowerCase()
        : user.azureactivedirectoryobjectid === who.oid,
    )?.systemuserid;
}

describe("entra-mcp-powerplatform (built bin over stdio) against the emulator", () => {
  it("app-only: environments, then WhoAmI, rows, FetchXML and flows in environments chosen by name and URL", async () => {
    await withChildServer(BIN, t.appEnv(), async (server) => {
      const environments = await call(server, "list_environments");
      expect(environments.isError, textOf(environments)).toBeFalsy();
      expect(valuesOf(environments).map((env) => env.displayName)).toEqual([
        contoso.displayName,
        contosoSales.displayName,
      ]);

      // A display name is resolved through the admin API to that environment's URL.
      const whoami = await call(server, "dataverse_whoami", { environment: contosoSales.displayName });
      expect(whoami.isError, textOf(whoami)).toBeFalsy();
      expect(whoami.structuredContent).toMatchObject({
        UserId: systemUserId(1, { appId: t.emulator.tenant.clientId }),
        OrganizationId: contosoSales.organizationId,
      });

      const accounts = await call(server, "dataverse_query", {
        environment: t.emulator.urls.dataverse,
        entitySet: "accounts",
        select: "name,revenue",
        filter: "statecode eq 0",
        orderby: "revenue desc",
        top: 3,
      });
      expect(accounts.isError, textOf(accounts)).toBeFalsy();
      const revenues = valuesOf(accounts).map((row) => row.revenue as number);
      // Dataverse treats $top as a limit (no next page), unlike Graph's page size.
      expect(revenues).toHaveLength(3);
      expect([...revenues].sort((a, b) => b - a)).toEqual(revenues);

      const fetched = await call(server, "dataverse_query", {
        environment: t.emulator.urls.dataverse2,
        entitySet: "accounts",
        fetchXml: '<fetch><entity name="account"><attribute name="name" /></entity></fetch>',
      });
      expect(fetched.isError, textOf(fetched)).toBeFalsy();
      expect(valuesOf(fetched).map((row) => row.name)).toEqual([
        "Sandbox Account A",
        "Sandbox Account B",
        "Sandbox Account C",
      ]);

      const flows = await call(server, "list_flows", {
        environment: t.emulator.urls.dataverse,
        activeOnly: true,
      });
      expect(flows.isError, textOf(flows)).toBeFalsy();
      expect(
        valuesOf(flows)
          .map((flow) => flow.name)
          .sort(),
      ).toEqual(["Daily pipeline digest", "Notify sales on new account"]);
    });
    t.expectTraffic(audiences(), 1);
  });

  it("app-only: an environment that is neither configured nor discovered is refused before any Dataverse call", async () => {
    const env = t.appEnv({ ENTRA_MCP_DATAVERSE_URLS: t.emulator.urls.dataverse });
    await withChildServer(BIN, env, async (server) => {
      for (const environment of [t.emulator.urls.canary, "https://contoso.crm.dynamics.com.evil.example"]) {
        const refused = await call(server, "dataverse_whoami", { environment });
        expect(refused.isError).toBe(true);
        expect(textOf(refused)).toMatch(/not one this server may call/);
      }
      const tables = await call(server, "list_tables", { environment: contoso.displayName });
      expect(tables.isError, textOf(tables)).toBeFalsy();
      expect(valuesOf(tables).map((table) => table.EntitySetName)).toContain("accounts");
    });
    expect(t.emulator.canaryHits()).toEqual([]);
    expect(t.emulator.requests({ origin: "dataverse2" })).toEqual([]);
    t.expectTraffic(audiences(), 1);
  });

  it("delegated: WhoAmI is the signed-in user's systemuser", async () => {
    await withChildServer(BIN, t.delegatedEnv(), async (server) => {
      const whoami = await call(server, "dataverse_whoami", { environment: t.emulator.urls.dataverse });
      expect(whoami.isError, textOf(whoami)).toBeFalsy();
      expect(whoami.structuredContent).toMatchObject({
        UserId: systemUserId(0, { oid: t.emulator.tenant.user.oid }),
      });
    });
    t.expectTraffic(audiences(), 0);
    for (const entry of t.emulator.requests({ origin: "dataverse" })) {
      expect(entry.oid).toBe(t.emulator.tenant.user.oid);
    }
  });

  it("auth failure (unknown certificate name): a readable tool error, no resource request, stdout stays pure", async () => {
    await withChildServer(BIN, t.appEnv({ ENTRA_MCP_CERT_NAME: "no-such-certificate" }), async (server) => {
      const result = await call(server, "list_environments");
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain("no-such-certificate");
    });
    expect(t.emulator.requests((entry) => entry.origin !== "login" && entry.origin !== "vault")).toEqual([]);
  });
});
