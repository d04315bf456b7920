import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DefaultTenant, type Emulator, startEmulator } from "../src/index.js";
import { appToken, call } from "./support/tokens.js";

describe("the canary origin", () => {
  let emulator: Emulator<DefaultTenant>;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.stop());

  it("is its own origin, distinct from every service", () => {
    const urls = Object.values(emulator.urls);
    expect(new Set(urls).size).toBe(urls.length);
    expect(emulator.urls.canary).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(emulator.canaryHits()).toEqual([]);
  });

  it("answers every request with 599 and records it, noting whether a token leaked", async () => {
    const token = await appToken(emulator, "https://graph.microsoft.com/.default");
    const leaked = await call(`${emulator.urls.canary}/v1.0/users?$skiptoken=abc&code=secret`, token);
    expect(leaked.status).toBe(599);
    expect(leaked.body.error.code).toBe("CanaryHit");
    const anonymous = await call(`${emulator.urls.canary}/anything`, undefined, { method: "POST", body: {} });
    expect(anonymous.status).toBe(599);

    const hits = emulator.canaryHits();
    expect(hits).toHaveLength(2);
    expect(hits[0]).toMatchObject({ method: "GET", hadAuthorization: true });
    expect(hits[0]?.path).toBe("/v1.0/users?%24skiptoken=abc&code=REDACTED");
    expect(hits[1]).toMatchObject({ method: "POST", path: "/anything", hadAuthorization: false });
    expect(emulator.requests({ origin: "canary" }).map((r) => r.status)).toEqual([599, 599]);
    expect(emulator.requests({ origin: "canary" })[0]).toMatchObject({ aud: "https://graph.microsoft.com" });
  });

  it("keeps the admin API, which is not a hit; clearCanaryHits empties the record", async () => {
    emulator.clearCanaryHits();
    const admin = await fetch(`${emulator.urls.canary}/_emulator/requests?origin=canary`);
    expect(admin.status).toBe(200);
    expect(((await admin.json()) as unknown[]).length).toBeGreaterThan(0);
    expect(emulator.canaryHits()).toEqual([]);
  });

  it("following the emulator's own links never reaches it", async () => {
    emulator.clearCanaryHits();
    const token = await appToken(emulator, "https://graph.microsoft.com/.default");
    let link: string | undefined = `${emulator.urls.graph}/v1.0/users?$top=7`;
    while (link) {
      expect(new URL(link).origin).toBe(emulator.urls.graph);
      link = (await call(link, token)).body["@odata.nextLink"];
    }
    expect(emulator.canaryHits()).toEqual([]);
  });
});

describe("the empty seed has the service origins, environments and sample data", () => {
  it("environments and audiences exist; the admin administers the sample workspaces and environments", async () => {
    const emulator = await startEmulator({ seed: "empty" });
    try {
      expect(emulator.dataverse.map((e) => e.info.url)).toEqual([
        emulator.urls.dataverse,
        emulator.urls.dataverse2,
      ]);
      expect(emulator.env.ENTRA_MCP_DATAVERSE_URLS).toBe(
        `${emulator.urls.dataverse},${emulator.urls.dataverse2}`,
      );
      expect(emulator.directory.findResource(`${emulator.urls.dataverse2}/`)?.audience).toBe(
        emulator.urls.dataverse2,
      );
      expect(emulator.dataverse[0]?.recordsOf("accounts")).toHaveLength(12);
      const admin = emulator.tenant.admin;
      const appUser = emulator.dataverse[0]?.findCaller({
        idtyp: "app",
        oid: admin.objectId,
        appid: admin.clientId,
      });
      expect(appUser && emulator.dataverse[0]?.hasRole(appUser.systemuserid, "System Administrator")).toBe(
        true,
      );
      const workspaces = emulator.workspaces.listWorkspaces();
      expect(workspaces).toHaveLength(4);
      expect(workspaces.map((w) => emulator.workspaces.roleOf(w.id, admin.objectId))).toEqual([
        "Admin",
        "Admin",
        "Admin",
        "Admin",
      ]);
      expect(emulator.graph.listGroups()).toHaveLength(5);
    } finally {
      await emulator.stop();
    }
  });
});
