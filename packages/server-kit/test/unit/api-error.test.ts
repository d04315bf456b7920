import { describe, expect, it } from "vitest";
import { resolveCloudApi } from "../../src/http/api-endpoint.js";
import { apiError, parseApiError } from "../../src/http/api-error.js";

const token = (claims: Record<string, unknown>) =>
  `eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.sig`;

describe("parseApiError", () => {
  it.each([
    [
      "Graph",
      { error: { code: "Authorization_RequestDenied", message: "Insufficient privileges." } },
      "Authorization_RequestDenied",
      "Insufficient privileges.",
    ],
    [
      "Fabric",
      { requestId: "r", errorCode: "ItemNotFound", message: "The requested item was not found" },
      "ItemNotFound",
      "The requested item was not found",
    ],
    [
      "Power BI",
      {
        error: { code: "PowerBIEntityNotFound", "pbi.error": { code: "PowerBIEntityNotFound", details: [] } },
      },
      "PowerBIEntityNotFound",
      undefined,
    ],
    [
      "Dataverse",
      { error: { code: "0x80060888", message: "Resource not found for the segment 'x'." } },
      "0x80060888",
      "Resource not found for the segment 'x'.",
    ],
    ["text", "Service Unavailable", undefined, "Service Unavailable"],
  ])("reads %s errors", (_name, body, code, message) => {
    expect(parseApiError(body)).toEqual({ code, message });
  });
});

describe("apiError", () => {
  const cloud = {
    name: "t",
    authorityHost: "https://login.example",
    keyVault: { audience: "https://vault.azure.net", dnsSuffix: "v.example" },
    resources: { graph: { endpoint: "https://graph.example", audience: "https://graph.microsoft.com" } },
    disableInstanceDiscovery: true,
    disableChallengeResourceVerification: true,
  };
  const api = resolveCloudApi(
    "graph",
    { resource: "graph", basePath: "/v1.0", paging: "odata", title: "Microsoft Graph" },
    cloud,
    "delegated",
  );
  const manifest = {
    app: { resources: [{ resource: "Microsoft Graph", resourceAppId: "g", permissions: ["User.Read.All"] }] },
    delegated: {
      resources: [
        { resource: "Microsoft Graph", resourceAppId: "g", permissions: ["User.Read", "Mail.Read"] },
      ],
    },
  };
  const forbidden = {
    status: 403,
    url: new URL("https://graph.example/v1.0/me/messages"),
    headers: new Headers(),
    body: { error: { code: "ErrorAccessDenied", message: "Access is denied." } },
  };

  it("names the delegated scopes the token has and the manifest's list when the operation does not say", () => {
    const error = apiError(forbidden, {
      api,
      method: "GET",
      mode: "delegated",
      token: token({
        scp: "User.Read openid",
        upn: "adele@contoso.example",
        aud: "https://graph.microsoft.com",
      }),
      permissions: undefined,
      manifest,
    });
    expect(error.code).toBe("ErrorAccessDenied");
    expect(error.message).toBe(
      "Microsoft Graph answered HTTP 403 ErrorAccessDenied: Access is denied. This server's permissions.delegated.json lists: User.Read, Mail.Read; the token (delegated, adele@contoso.example) has scopes: User.Read, openid. Fix: consent the delegated permission for the app (`npx -y @entra-mcp/cli provision`), then sign in again.",
    );
  });

  it("says when the token already has a permission that allows the call", () => {
    const error = apiError(forbidden, {
      api,
      method: "GET",
      mode: "delegated",
      token: token({ scp: "Mail.Read" }),
      permissions: { delegated: ["Mail.ReadBasic", "Mail.Read"] },
      manifest,
    });
    expect(error.message).toMatch(
      /Needs delegated Mail\.ReadBasic or Mail\.Read; .* already carries a permission that allows this/,
    );
  });

  it("adds the audience and expiry on 401", () => {
    const error = apiError(
      {
        ...forbidden,
        status: 401,
        body: { error: { code: "InvalidAuthenticationToken", message: "Invalid audience." } },
      },
      {
        api,
        method: "GET",
        mode: "delegated",
        token: token({ aud: "https://wrong.example", exp: 2_000_000_000 }),
        permissions: undefined,
        manifest,
      },
    );
    expect(error.message).toMatch(
      /Token audience: https:\/\/wrong\.example; expires 2033-05-18T03:33:20\.000Z\./,
    );
  });
});
