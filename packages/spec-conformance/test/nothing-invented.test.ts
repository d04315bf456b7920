/**
 * Nothing invented: every permission the emulator defines for Microsoft Graph exists in Microsoft's
 * provisioningInfo.json with the same ID and type (app role -> Application, scope -> DelegatedWork).
 */
import { RESOURCE_APP_IDS, RESOURCE_PRINCIPALS } from "@entra-mcp/emulator";
import { describe, expect, it } from "vitest";
import { graphPermissionIndex } from "../src/graph/graph-permissions.js";
import { specsPresent } from "./support.js";

// OpenID Connect scopes are Graph scopes too, but provisioningInfo lists only Graph's own permissions.
const OIDC = new Set(["openid", "profile", "email", "offline_access"]);

describe.skipIf(!specsPresent)("the emulator invents no Microsoft Graph permission", () => {
  it("every app role and delegated scope of the emulator's Microsoft Graph has Microsoft's ID and type", () => {
    const index = graphPermissionIndex();
    if (!index) throw new Error("graph-permissions.json is missing");
    const graph = RESOURCE_PRINCIPALS.find((p) => p.appId === RESOURCE_APP_IDS.graph);
    if (!graph) throw new Error("the emulator has no Microsoft Graph principal");
    const defined = [
      ...graph.appRoles.map((r) => ({ name: r.value, id: r.id, scheme: "Application" })),
      ...graph.oauth2PermissionScopes
        .filter((s) => !OIDC.has(s.value))
        .map((s) => ({ name: s.value, id: s.id, scheme: "DelegatedWork" })),
    ];
    expect(defined.length).toBeGreaterThan(10);
    const mismatches = defined.flatMap(({ name, id, scheme }) => {
      const ids = index.ids.get(name);
      if (!ids) return [`${name}: not a Microsoft Graph permission (provisioningInfo.json)`];
      const real = ids.find((i) => i.scheme === scheme);
      if (!real)
        return [`${name}: has no ${scheme} form (Microsoft's: ${ids.map((i) => i.scheme).join(", ")})`];
      return real.id === id ? [] : [`${name} (${scheme}): id ${id}, Microsoft's is ${real.id}`];
    });
    expect(mismatches).toEqual([]);
  });
});
