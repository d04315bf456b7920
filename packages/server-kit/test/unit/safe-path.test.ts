import type { CloudProfile } from "@entra-mcp/auth-core";
import { describe, expect, it } from "vitest";
import { buildUrl, resolveCloudApi } from "../../src/http/api-endpoint.js";
import { checkRelativePath, fillPathTemplate } from "../../src/http/safe-path.js";
import { ATTACK_CASES } from "../support/attack-paths.js";

const cloud: CloudProfile = {
  name: "test",
  authorityHost: "https://login.example",
  keyVault: { audience: "https://vault.azure.net", dnsSuffix: "vault.example" },
  resources: { graph: { endpoint: "https://graph.example", audience: "https://graph.microsoft.com" } },
  disableInstanceDiscovery: true,
  disableChallengeResourceVerification: true,
};
const graph = resolveCloudApi(
  "graph",
  { resource: "graph", basePath: "/v1.0", paging: "odata" },
  cloud,
  "app",
);

describe("checkRelativePath", () => {
  it.each(ATTACK_CASES)("refuses %s", (_label, path) => {
    expect(() => checkRelativePath(path)).toThrow(/path /);
  });

  it.each([
    "/users",
    "/users/adele@contoso.com",
    "/users?$filter=startswith(displayName,'A')&$top=5",
    "/sites/contoso.sharepoint.com:/sites/team",
    "/me/drive/root:/Documents/a b.txt:/content",
    "/users/00000000-0000-0000-0000-000000000001/memberOf",
    "/accounts(00000000-0000-0000-0000-000000000001)",
    "/$metadata",
  ])("accepts %j", (path) => {
    expect(() => checkRelativePath(path)).not.toThrow();
  });

  it("keeps the URL on the API origin and under the base path", () => {
    const url = buildUrl(graph, checkRelativePath("/users?$top=2"), {
      $select: "id,displayName",
      x: undefined,
    });
    expect(url.href).toBe("https://graph.example/v1.0/users?$top=2&$select=id%2CdisplayName");
  });
});

describe("fillPathTemplate", () => {
  it("encodes values so they stay one segment", () => {
    expect(fillPathTemplate("/users/{id}", { id: "a/b?c#d" })).toBe("/users/a%2Fb%3Fc%23d");
  });

  it.each([".", "..", "%2e%2e", "%252e%252e"])("refuses %j as a value", (value) => {
    expect(() => fillPathTemplate("/users/{id}", { id: value })).toThrow(/cannot be/);
  });

  it("refuses a value that decodes to a traversal once in the path", () => {
    expect(() => checkRelativePath(fillPathTemplate("/users/{id}/x", { id: "../../evil" }))).toThrow(/\.\./);
  });

  it("requires every parameter", () => {
    expect(() => fillPathTemplate("/users/{id}", {})).toThrow(/required/);
  });
});
