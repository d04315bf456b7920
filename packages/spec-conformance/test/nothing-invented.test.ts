/**
 * Nothing invented: every permission the emulator defines for Microsoft Graph exists in Microsoft's
 * provisioningInfo.json with the same ID and type (app role -> Application, scope -> DelegatedWork).
 */
import { RESOURCE_APP_IDS, RESOURCE_PRINCIPALS } from "@entra-mcp/emulator";
import { describe, expect, it } from "vitest";
import { graphPermissionIndex } from "../src/graph/graph-permissions.js";
import { inventedGraphPermissions } from "../src/graph/invented-permissions.js";
import { undocumentedScopes } from "../src/swagger/invented-scopes.js";
import { FABRIC_FILES, loadSwaggerSet, POWERBI_FILES } from "../src/swagger/swagger-docs.js";
import { specsPresent } from "./support.js";

describe.skipIf(!specsPresent)("the emulator invents no Microsoft Graph permission", () => {
  const index = () => {
    const built = graphPermissionIndex();
    if (!built) throw new Error("graph-permissions.json is missing");
    return built;
  };

  it("every app role and delegated scope of the emulator's Microsoft Graph has Microsoft's ID and type", () => {
    const graph = RESOURCE_PRINCIPALS.find((p) => p.appId === RESOURCE_APP_IDS.graph);
    if (!graph) throw new Error("the emulator has no Microsoft Graph principal");
    expect(graph.appRoles.length + graph.oauth2PermissionScopes.length).toBeGreaterThan(10);
    expect(inventedGraphPermissions(graph, index())).toEqual([]);
  });

  it("reports a wrong ID, a wrong type and an invented name", () => {
    const found = inventedGraphPermissions(
      {
        // User.Read.All's real app role id, and Mail.Send's real delegated id.
        appRoles: [
          { value: "User.Read.All", id: "df021288-bdef-4463-88db-98f22de89214" },
          { value: "User.Read", id: "e1fe6dd8-ba31-4d61-89e7-88639da4683d" },
          { value: "Group.Read.All", id: "00000000-0000-0000-0000-000000000001" },
        ],
        oauth2PermissionScopes: [
          { value: "openid", id: "37f7f235-527c-4136-accd-4a02d197296e" },
          { value: "Mail.Send", id: "e383f46e-2787-4529-855e-0e479a3ffac0" },
          { value: "Environments.Read.Everything", id: "00000000-0000-0000-0000-000000000002" },
        ],
      },
      index(),
    );
    expect(found).toEqual([
      "User.Read: has no Application form (Microsoft's: DelegatedWork)",
      "Group.Read.All (Application): id 00000000-0000-0000-0000-000000000001, Microsoft's is 5b567255-7703-4780-807c-7be8301ae99b",
      "Environments.Read.Everything: not a Microsoft Graph permission (provisioningInfo.json)",
    ]);
  });
});

describe.skipIf(!specsPresent)("the emulator invents no Power BI or Fabric scope", () => {
  const sets = () => {
    const fabric = loadSwaggerSet("Fabric REST", FABRIC_FILES);
    const powerbi = loadSwaggerSet("Power BI REST", POWERBI_FILES, { caseInsensitive: true });
    if (!fabric || !powerbi) throw new Error("the swaggers are missing");
    return [fabric, powerbi];
  };

  it("every scope and app role of the Power BI Service principal is one some operation documents", () => {
    const pbi = RESOURCE_PRINCIPALS.find((p) => p.appId === RESOURCE_APP_IDS.powerBi);
    if (!pbi) throw new Error("the emulator has no Power BI Service principal");
    const names = [...pbi.oauth2PermissionScopes.map((s) => s.value), ...pbi.appRoles.map((r) => r.value)];
    expect(names.length).toBeGreaterThan(10);
    expect(undocumentedScopes(names, sets())).toEqual([]);
  });

  it("reports a name no operation documents; accepts an *itemType* specific one", () => {
    expect(
      undocumentedScopes(
        ["Workspace.Read.All", "Notebook.Execute.All", "Report.Everything.All", "Dashboards.Read"],
        sets(),
      ),
    ).toEqual(["Report.Everything.All", "Dashboards.Read"]);
  });
});
