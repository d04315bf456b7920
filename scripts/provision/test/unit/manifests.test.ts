import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { closest } from "../../src/manifests/did-you-mean.js";
import { loadManifests, selectServers } from "../../src/manifests/load-manifests.js";
import { ManifestError } from "../../src/manifests/manifest-error.js";
import { type ResourceCatalog, resolvePermissions } from "../../src/manifests/resolve-permissions.js";

const GRAPH = "00000003-0000-0000-c000-000000000000";
const POWER_BI = "00000009-0000-0000-c000-000000000000";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temp repository root with servers/<name>/permissions.{app,delegated}.json. */
function repo(servers: Record<string, { app?: unknown; delegated?: unknown }>): string {
  const root = mkdtempSync(join(tmpdir(), "entra-mcp-manifests-"));
  dirs.push(root);
  for (const [name, files] of Object.entries(servers)) {
    mkdirSync(join(root, "servers", name), { recursive: true });
    for (const kind of ["app", "delegated"] as const) {
      const content = files[kind] ?? { resources: [] };
      writeFileSync(
        join(root, "servers", name, `permissions.${kind}.json`),
        typeof content === "string" ? content : JSON.stringify(content, null, 2),
      );
    }
  }
  return root;
}

function problemsOf(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ManifestError);
    return (error as ManifestError).problems;
  }
  throw new Error("expected a ManifestError");
}

const catalog = (appId: string, displayName: string, roles: string[], scopes: string[]): ResourceCatalog => ({
  appId,
  displayName,
  spId: `sp-${appId}`,
  appRoles: new Map(roles.map((name, i) => [name, `role-${i}-${name}`])),
  scopes: new Map(scopes.map((name, i) => [name, `scope-${i}-${name}`])),
});

const CATALOGS = new Map<string, ResourceCatalog | undefined>([
  [
    GRAPH,
    catalog(
      GRAPH,
      "Microsoft Graph",
      ["User.Read.All", "Group.Read.All"],
      ["openid", "User.Read", "Mail.Send"],
    ),
  ],
  [
    POWER_BI,
    catalog(
      POWER_BI,
      "Power BI Service",
      ["Tenant.Read.All"],
      ["Dataset.Read.All", "Report.Read.All", "Workspace.Read.All"],
    ),
  ],
]);

describe("manifest validation", () => {
  it("names an unknown permission with the file, its index, the resource and the closest real name", () => {
    const root = repo({
      powerbi: {
        app: {
          resources: [
            { resource: "Power BI Service", resourceAppId: POWER_BI, permissions: ["Tenant.Read.All"] },
          ],
        },
        delegated: {
          resources: [
            {
              resource: "Power BI Service",
              resourceAppId: POWER_BI,
              permissions: ["Workspace.Read.All", "Report.Read.All", "Dataset.ReadAll"],
            },
          ],
        },
      },
    });
    const files = loadManifests(root, ["powerbi"]);
    expect(problemsOf(() => resolvePermissions(files, CATALOGS))).toEqual([
      'servers/powerbi/permissions.delegated.json: permissions[2]: unknown permission "Dataset.ReadAll" for Power BI Service — did you mean "Dataset.Read.All"?',
    ]);
  });

  it("the issue's example: an app manifest naming a delegated-looking typo", () => {
    const root = repo({
      powerbi: {
        app: {
          resources: [
            {
              resource: "Power BI Service",
              resourceAppId: POWER_BI,
              permissions: ["Tenant.Read.All", "Tenant.Read.All2", "Dataset.ReadAll"],
            },
          ],
        },
      },
    });
    const withRole = new Map(CATALOGS);
    withRole.set(
      POWER_BI,
      catalog(POWER_BI, "Power BI Service", ["Tenant.Read.All", "Dataset.Read.All"], []),
    );
    const problems = problemsOf(() => resolvePermissions(loadManifests(root, ["powerbi"]), withRole));
    expect(problems).toContain(
      'servers/powerbi/permissions.app.json: permissions[2]: unknown permission "Dataset.ReadAll" for Power BI Service — did you mean "Dataset.Read.All"?',
    );
  });

  it("says when a permission is of the other kind", () => {
    const root = repo({
      graph: {
        app: {
          resources: [{ resource: "Microsoft Graph", resourceAppId: GRAPH, permissions: ["Mail.Send"] }],
        },
      },
    });
    expect(problemsOf(() => resolvePermissions(loadManifests(root, ["graph"]), CATALOGS))).toEqual([
      'servers/graph/permissions.app.json: permissions[0]: "Mail.Send" is a delegated permission of Microsoft Graph, not an application permission — move it to permissions.delegated.json',
    ]);
  });

  it("no suggestion when nothing is close", () => {
    const root = repo({
      graph: {
        delegated: {
          resources: [
            { resource: "Microsoft Graph", resourceAppId: GRAPH, permissions: ["Sites.FullControl.All"] },
          ],
        },
      },
    });
    expect(problemsOf(() => resolvePermissions(loadManifests(root, ["graph"]), CATALOGS))).toEqual([
      'servers/graph/permissions.delegated.json: permissions[0]: unknown permission "Sites.FullControl.All" for Microsoft Graph',
    ]);
  });

  it("reports duplicate permissions and duplicate resources", () => {
    const root = repo({
      graph: {
        delegated: {
          resources: [
            {
              resource: "Microsoft Graph",
              resourceAppId: GRAPH,
              permissions: ["openid", "User.Read", "Mail.Send", "user.read"],
            },
            { resource: "Microsoft Graph", resourceAppId: GRAPH.toUpperCase(), permissions: [] },
          ],
        },
      },
    });
    expect(problemsOf(() => loadManifests(root, ["graph"]))).toEqual([
      'servers/graph/permissions.delegated.json: permissions[3]: duplicate permission "user.read" for Microsoft Graph (also permissions[1])',
      `servers/graph/permissions.delegated.json: resources[1]: duplicate resource ${GRAPH.toUpperCase()} (Microsoft Graph), also resources[0] — list each resource API once`,
    ]);
  });

  it("reports bad JSON with the file path", () => {
    const root = repo({ fabric: { app: '{ "resources": [ }' } });
    const problems = problemsOf(() => loadManifests(root, ["fabric"]));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^servers\/fabric\/permissions\.app\.json: not valid JSON \(.+\)$/);
  });

  it("reports schema problems with their path, and every file's problems at once", () => {
    const root = repo({
      graph: {
        app: {
          resources: [
            { resource: "Microsoft Graph", resourceAppId: "graph", permissions: ["User.Read.All", ""] },
          ],
        },
      },
      powerbi: {
        delegated: {
          resources: [{ resource: "Power BI Service", resourceAppId: POWER_BI, permissions: [], extra: 1 }],
        },
      },
    });
    const problems = problemsOf(() => loadManifests(root, ["graph", "powerbi"]));
    expect(problems).toEqual([
      "servers/graph/permissions.app.json: resources[0].resourceAppId: must be the resource API's appId (a GUID)",
      "servers/graph/permissions.app.json: resources[0].permissions[1]: must not be empty",
      expect.stringMatching(/^servers\/powerbi\/permissions\.delegated\.json: resources\[0\]: .*extra$/),
    ]);
  });

  it("a missing manifest file is named", () => {
    const root = repo({ graph: {} });
    rmSync(join(root, "servers", "graph", "permissions.delegated.json"));
    expect(problemsOf(() => loadManifests(root, ["graph"]))[0]).toMatch(
      /^servers\/graph\/permissions\.delegated\.json: missing/,
    );
  });

  it("the ManifestError message lists every problem and ends with the fix", () => {
    const root = repo({ fabric: { app: "nope" } });
    try {
      loadManifests(root, ["fabric"]);
      throw new Error("expected an error");
    } catch (error) {
      expect((error as Error).message).toMatch(
        /^A permission manifest has a problem:\n {2}servers\/fabric\/permissions\.app\.json: not valid JSON/,
      );
      expect((error as ManifestError).fix).toMatch(/correct the manifest/);
    }
  });
});

describe("merging and resolving", () => {
  it("merges per resource API across servers and files, resolving names to IDs", () => {
    const root = repo({
      graph: {
        app: {
          resources: [{ resource: "Microsoft Graph", resourceAppId: GRAPH, permissions: ["User.Read.All"] }],
        },
        delegated: {
          resources: [
            { resource: "Microsoft Graph", resourceAppId: GRAPH, permissions: ["openid", "User.Read"] },
          ],
        },
      },
      powerbi: {
        delegated: {
          resources: [
            { resource: "Microsoft Graph", resourceAppId: GRAPH, permissions: ["openid"] },
            { resource: "Power BI Service", resourceAppId: POWER_BI, permissions: ["Dataset.Read.All"] },
          ],
        },
      },
    });
    const resolved = resolvePermissions(loadManifests(root, ["graph", "powerbi"]), CATALOGS);
    expect(resolved).toEqual([
      {
        resourceAppId: GRAPH,
        resource: "Microsoft Graph",
        spId: `sp-${GRAPH}`,
        appRoles: [{ name: "User.Read.All", id: "role-0-User.Read.All", servers: ["graph"] }],
        scopes: [
          { name: "openid", id: "scope-0-openid", servers: ["graph", "powerbi"] },
          { name: "User.Read", id: "scope-1-User.Read", servers: ["graph"] },
        ],
      },
      {
        resourceAppId: POWER_BI,
        resource: "Power BI Service",
        spId: `sp-${POWER_BI}`,
        appRoles: [],
        scopes: [{ name: "Dataset.Read.All", id: "scope-0-Dataset.Read.All", servers: ["powerbi"] }],
      },
    ]);
  });

  it("a resource without a service principal in the tenant is reported with the command that creates it", () => {
    const root = repo({
      graph: {
        app: {
          resources: [{ resource: "Microsoft Graph", resourceAppId: GRAPH, permissions: ["User.Read.All"] }],
        },
      },
    });
    expect(
      problemsOf(() => resolvePermissions(loadManifests(root, ["graph"]), new Map([[GRAPH, undefined]]))),
    ).toEqual([
      `servers/graph/permissions.app.json: resources[0]: Microsoft Graph (${GRAPH}) has no service principal in this tenant — an admin creates it with \`az ad sp create --id ${GRAPH}\``,
    ]);
  });

  it("the repository's own manifests are valid", () => {
    const root = join(import.meta.dirname, "..", "..", "..", "..");
    const servers = selectServers(root, undefined);
    expect(servers).toEqual(["fabric", "graph", "powerbi", "powerplatform"]);
    expect(loadManifests(root, servers)).toHaveLength(8);
  });
});

describe("--servers", () => {
  it("rejects an unknown server with a suggestion", () => {
    const root = repo({ graph: {}, powerbi: {} });
    expect(() => selectServers(root, ["grpah"])).toThrow(
      '--servers: unknown server "grpah" (did you mean "graph"?); available: graph, powerbi.',
    );
    expect(selectServers(root, [])).toEqual(["graph", "powerbi"]);
    expect(selectServers(root, ["powerbi", "powerbi"])).toEqual(["powerbi"]);
  });

  it("did-you-mean finds close names, case-insensitively", () => {
    expect(closest("Dataset.ReadAll", ["Dataset.Read.All", "Report.Read.All"])).toBe("Dataset.Read.All");
    expect(closest("user.read.all", ["User.Read.All"])).toBe("User.Read.All");
    expect(closest("Completely.Different", ["User.Read"])).toBeUndefined();
  });
});
