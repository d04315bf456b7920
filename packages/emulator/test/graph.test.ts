import { ConfidentialClientApplication } from "@azure/msal-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DefaultTenant, type Emulator, startEmulator } from "../src/index.js";
import { certificateClient, msalAuth, publicClient } from "./helpers.js";

interface GraphErrorBody {
  error: { code: string; message: string; innerError: Record<string, string> };
}

describe("Microsoft Graph (minimal) on the graph origin", () => {
  let emulator: Emulator<DefaultTenant>;
  let appToken: string;
  let userToken: string;
  let noRolesToken: string;
  let vaultToken: string;
  const get = (path: string, token?: string) =>
    fetch(`${emulator.urls.graph}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  beforeAll(async () => {
    emulator = await startEmulator();
    const material = emulator.vault.getCertificate(emulator.tenant.certName)?.material;
    if (!material) throw new Error("no certificate");
    const cca = certificateClient(emulator, emulator.tenant.clientId, material);
    appToken =
      (await cca.acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/.default"] }))
        ?.accessToken ?? "";
    vaultToken =
      (await cca.acquireTokenByClientCredential({ scopes: ["https://vault.azure.net/.default"] }))
        ?.accessToken ?? "";
    const teammate = new ConfidentialClientApplication({
      auth: {
        ...msalAuth(emulator, emulator.tenant.teammate.clientId),
        clientSecret: emulator.tenant.teammate.clientSecret,
      },
    });
    noRolesToken =
      (await teammate.acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/.default"] }))
        ?.accessToken ?? "";
    const pca = publicClient(emulator, emulator.tenant.clientId);
    const delegated = await pca.acquireTokenByDeviceCode({
      scopes: ["User.Read"],
      deviceCodeCallback: (r) => emulator.approveDeviceCode(r.userCode),
    });
    userToken = delegated?.accessToken ?? "";
  });
  afterAll(() => emulator.stop());

  it("GET /v1.0/me works for a delegated token and is a 400 for an app-only token", async () => {
    const me = await get("/v1.0/me", userToken);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      "@odata.context": `${emulator.urls.graph}/v1.0/$metadata#users/$entity`,
      userPrincipalName: emulator.tenant.user.upn,
      id: emulator.tenant.user.oid,
    });
    const app = await get("/v1.0/me", appToken);
    expect(app.status).toBe(400);
    const body = (await app.json()) as GraphErrorBody;
    expect(body.error).toMatchObject({
      code: "BadRequest",
      message: "/me request is only valid with delegated authentication flow.",
    });
    expect(Object.keys(body.error.innerError).sort()).toEqual(["client-request-id", "date", "request-id"]);
  });

  it("GET /v1.0/users returns an OData collection and follows $top paging", async () => {
    const res = await get("/v1.0/users?$top=1", appToken);
    expect(res.status).toBe(200);
    const first = (await res.json()) as {
      "@odata.context": string;
      value: { userPrincipalName: string }[];
      "@odata.nextLink"?: string;
    };
    expect(first["@odata.context"]).toBe(`${emulator.urls.graph}/v1.0/$metadata#users`);
    expect(first.value).toHaveLength(1);
    expect(first["@odata.nextLink"]).toMatch(new RegExp(`^${emulator.urls.graph}/v1.0/users\\?`));
    // Follow nextLink to the end: every user exactly once, one per page, and the last page has no link.
    const seen = [first.value[0]?.userPrincipalName];
    let link = first["@odata.nextLink"];
    while (link) {
      const next = await fetch(link, { headers: { authorization: `Bearer ${appToken}` } });
      const page = (await next.json()) as typeof first;
      expect(page.value).toHaveLength(1);
      seen.push(page.value[0]?.userPrincipalName);
      link = page["@odata.nextLink"];
    }
    expect(seen).toHaveLength(emulator.directory.listUsers().length);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("permissions, audience and missing tokens give Graph's 403 and 401 bodies", async () => {
    const denied = await get("/v1.0/users", noRolesToken);
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as GraphErrorBody).error.code).toBe("Authorization_RequestDenied");
    const delegatedWithoutUserReadAll = await get("/v1.0/users", userToken);
    expect(delegatedWithoutUserReadAll.status).toBe(403);

    const wrongAudience = await get("/v1.0/users", vaultToken);
    expect(wrongAudience.status).toBe(401);
    expect(((await wrongAudience.json()) as GraphErrorBody).error).toMatchObject({
      code: "InvalidAuthenticationToken",
      message: "Access token validation failure. Invalid audience.",
    });
    const none = await get("/v1.0/organization");
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toContain("Bearer");
    expect(((await none.json()) as GraphErrorBody).error.message).toBe("Access token is empty.");

    const forged = `${appToken.slice(0, appToken.lastIndexOf(".") + 1)}AAAA`;
    expect((await get("/v1.0/organization", forged)).status).toBe(401);
  });

  it("GET /v1.0/organization describes the tenant", async () => {
    const res = await get("/v1.0/organization", appToken);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { value: { id: string; verifiedDomains: { name: string }[] }[] };
    expect(body.value[0]?.id).toBe(emulator.tenant.tenantId);
    expect(body.value[0]?.verifiedDomains[0]?.name).toBe("contoso.test");
    const log = emulator.requests({ origin: "graph", path: "/v1.0/organization", status: 200 });
    expect(log.at(-1)).toMatchObject({
      aud: "https://graph.microsoft.com",
      appid: emulator.tenant.clientId,
      oid: emulator.tenant.spObjectId,
    });
  });
});
