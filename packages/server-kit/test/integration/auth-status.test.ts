/**
 * auth_status on a server whose default API is per-environment (Dataverse, as in the Power Platform
 * server): with several environments allowed and no `environment`, it reports the admin API's token
 * and lists the environments instead of an error in the token field. Against the emulator.
 */
import { SAMPLE } from "@entra-mcp/emulator";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ApiDescription } from "../../src/api-description.js";
import { type Connected, connect } from "../support/connect.js";
import { startTestEmulator, type TestEmulator } from "../support/test-emulator.js";

const ADMIN_AUDIENCE = "https://api.powerplatform.com";
const { contoso, contosoSales } = SAMPLE.environments;

/** The Power Platform server's shape: admin API + Dataverse per environment, Dataverse the default. */
const platform: ApiDescription = {
  name: "platform-status",
  title: "Platform status test",
  version: "0.0.1",
  apis: {
    admin: { resource: "powerplatform", basePath: "", paging: "odata", title: "Power Platform admin API" },
    dataverse: {
      resource: "dataverse",
      basePath: "/api/data/v9.2",
      paging: "odata",
      title: "Dataverse",
      dynamic: "environment-url",
      discovery: {
        api: "admin",
        path: "/environmentmanagement/environments?api-version=2022-03-01-preview",
        urlField: "url",
        idField: "id",
        nameField: "displayName",
      },
    },
  },
  defaultApi: "dataverse",
  operations: [],
  permissions: { app: { resources: [] }, delegated: { resources: [] } },
};

interface StatusContent {
  auth: { mode: string };
  token: { api: string; aud?: string; endpoint?: string; error?: string; expiresOn?: string };
  environments?: { api: string; allowed: { url: string; name?: string; id?: string }[]; note: string };
}

let t: TestEmulator;
let session: Connected | undefined;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(async () => {
  await t?.emulator.stop();
});
afterEach(async () => {
  await session?.close();
  session = undefined;
  t.emulator.clearRequests();
});

describe("auth_status with per-environment APIs", () => {
  it("several configured environments and no argument: the admin API's token and the environment list", async () => {
    session = await connect(t.env(), platform); // ENTRA_MCP_DATAVERSE_URLS names both environments
    const result = await session.call("auth_status");
    expect(result.isError, result.text).toBeFalsy();
    const content = result.structuredContent as unknown as StatusContent;
    expect(content.token.error).toBeUndefined();
    expect(content.token).toMatchObject({ api: "admin", aud: ADMIN_AUDIENCE });
    expect(Date.parse(content.token.expiresOn ?? "")).toBeGreaterThan(Date.now());
    expect(content.environments?.api).toBe("dataverse");
    expect(content.environments?.allowed.map((env) => env.url).sort()).toEqual(
      [t.emulator.urls.dataverse, t.emulator.urls.dataverse2].sort(),
    );
    expect(content.environments?.note).toMatch(/pass "environment"/);
    expect(result.text).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
    // No Dataverse environment was called, and no Dataverse token was asked for.
    expect(t.emulator.requests({ origin: "dataverse" })).toEqual([]);
    expect(t.emulator.requests({ origin: "dataverse2" })).toEqual([]);
  });

  it("environments found through the admin API are listed with their names", async () => {
    session = await connect(t.env({ ENTRA_MCP_DATAVERSE_URLS: undefined }), platform);
    const result = await session.call("auth_status");
    expect(result.isError, result.text).toBeFalsy();
    const content = result.structuredContent as unknown as StatusContent;
    expect(content.token).toMatchObject({ api: "admin", aud: ADMIN_AUDIENCE });
    expect(content.environments?.allowed.map((env) => env.name)).toEqual([
      contoso.displayName,
      contosoSales.displayName,
    ]);
  });

  it("with an environment it reports that environment's Dataverse token, as before", async () => {
    session = await connect(t.env(), platform);
    const result = await session.call("auth_status", { environment: t.emulator.urls.dataverse2 });
    expect(result.isError, result.text).toBeFalsy();
    const content = result.structuredContent as unknown as StatusContent;
    expect(content.token).toMatchObject({ api: "dataverse", aud: t.emulator.urls.dataverse2 });
    expect(content.environments).toBeUndefined();
  });

  it("one allowed environment needs no argument", async () => {
    session = await connect(t.env({ ENTRA_MCP_DATAVERSE_URLS: t.emulator.urls.dataverse }), platform);
    const result = await session.call("auth_status");
    const content = result.structuredContent as unknown as StatusContent;
    expect(content.token).toMatchObject({ api: "dataverse", aud: t.emulator.urls.dataverse });
    expect(content.environments).toBeUndefined();
  });
});
