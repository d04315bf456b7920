/**
 * The Fabric and Power BI checkers must be able to fail: wrong paths, parameters, scopes and bodies
 * are reported, the right forms pass. Runs against the real swaggers (skipped without them).
 */
import { describe, expect, it } from "vitest";
import type { ApiChecker } from "../src/api-checker.js";
import { checkerFor } from "../src/checkers.js";
import { swaggerChecker } from "../src/swagger/swagger-checker.js";
import { swaggerSet } from "../src/swagger/swagger-docs.js";
import { op, parts, specsPresent } from "./support.js";

const checker = (resource: "fabric" | "powerbi"): ApiChecker => {
  const choice = checkerFor({
    resource,
    basePath: resource === "fabric" ? "/v1" : "/v1.0/myorg",
    paging: "none",
  });
  if (!("checker" in choice)) throw new Error(choice.uncovered);
  return choice.checker;
};

describe.skipIf(!specsPresent)("fabric checker against the Fabric swaggers", () => {
  const items = op("GET", "/workspaces/{workspaceId}/items", {
    permissions: { delegated: ["Workspace.Read.All", "Workspace.ReadWrite.All"] },
  });

  it("a path that is not in the spec is reported (the old run-job path), the canonical one passes", () => {
    const old = checker("fabric").path(op("POST", "/workspaces/{w}/items/{i}/jobs/instances"));
    expect(old.problems.join()).toMatch(
      /POST is not an operation of \/v1\/workspaces\/\{workspaceId\}\/items\/\{itemId\}\/jobs\/instances \(methods: GET\)/,
    );
    expect(
      checker("fabric").path(op("POST", "/workspaces/{w}/items/{i}/jobs/{jobType}/instances")).status,
    ).toBe("pass");
    expect(checker("fabric").path(op("DELETE", "/workspaces/{w}/items")).problems.join()).toMatch(
      /DELETE is not an operation of/,
    );
    expect(checker("fabric").path(op("GET", "/workspaces/{w}/lakehouses/{l}/tables")).status).toBe("pass");
  });

  it("an invalid query parameter or value is reported; defined ones pass", () => {
    expect(
      checker("fabric")
        .parameters(items, parts({ kind: "Lakehouse" }))
        .problems.join(),
    ).toMatch(/"kind" is not defined.*defined: type, recursive/);
    expect(
      checker("fabric")
        .parameters(items, parts({ recursive: "yes" }))
        .problems.join(),
    ).toMatch(/recursive="yes" is not a boolean/);
    expect(checker("fabric").parameters(items, parts({ type: "Lakehouse", recursive: true })).status).toBe(
      "pass",
    );
    const tables = op("GET", "/workspaces/{w}/lakehouses/{l}/tables");
    expect(
      checker("fabric")
        .parameters(tables, parts({ maxResults: 500 }))
        .problems.join(),
    ).toMatch(/above the maximum 100/);
  });

  it("a scope the operation does not list, a write scope first, and app permissions are reported", () => {
    const wrongScope = checker("fabric").permissions({
      ...items,
      permissions: { delegated: ["Item.Read.All"] },
    });
    expect(wrongScope.problems.join()).toMatch(/Item\.Read\.All is not among the scopes the spec lists/);
    const writeFirst = checker("fabric").permissions({
      ...items,
      permissions: { delegated: ["Workspace.ReadWrite.All", "Workspace.Read.All"] },
    });
    expect(writeFirst.problems.join()).toMatch(
      /least-privileged documented scope \(Workspace\.Read\.All\), not Workspace\.ReadWrite\.All/,
    );
    const app = checker("fabric").permissions({
      ...items,
      permissions: { ...items.permissions, app: ["Tenant.Read.All"] },
    });
    expect(app.problems.join()).toMatch(/app: Tenant\.Read\.All: .* documents delegated scopes only/);
    expect(checker("fabric").permissions(items).status).toBe("pass");
  });

  it("item APIs accept the generic scope and an *itemType* specific one, not another operation's", () => {
    const item = op("GET", "/workspaces/{w}/items/{i}");
    expect(
      checker("fabric").permissions({
        ...item,
        permissions: { delegated: ["Item.Read.All", "Notebook.Read.All"] },
      }).status,
    ).toBe("pass");
    const execute = checker("fabric").permissions({
      ...item,
      permissions: { delegated: ["Item.Execute.All"] },
    });
    expect(execute.problems.join()).toMatch(/Item\.Execute\.All is not among/);
  });

  it("a body with an invented property fails, naming the JSON path and the schema", () => {
    const body = {
      value: [{ id: "1", displayName: "W", type: "Workspace", capacityId: "c", bestBefore: "x" }],
    };
    const result = checker("fabric").body(op("GET", "/workspaces"), 200, body, "app");
    expect(result.problems).toEqual(['$.value[0].bestBefore: Workspace has no property "bestBefore"']);
    const fine = { value: [{ id: "1", displayName: "W", type: "Workspace" }], continuationToken: null };
    expect(checker("fabric").body(op("GET", "/workspaces"), 200, fine, "app").status).toBe("pass");
    expect(checker("fabric").body(op("GET", "/workspaces"), 201, fine, "app").problems.join()).toMatch(
      /status 201 is not a documented response/,
    );
  });
});

describe.skipIf(!specsPresent)("fabric request bodies", () => {
  it("run job: executionData and parameters are the spec's; anything else is reported; GET takes none", () => {
    const run = op("POST", "/workspaces/{w}/items/{i}/jobs/{jobType}/instances");
    const good = { executionData: { a: 1 }, parameters: [{ name: "p", value: "1", type: "Text" }] };
    expect(checker("fabric").requestBody(run, [{ label: "sample", body: good }]).status).toBe("pass");
    expect(
      checker("fabric").requestBody(run, [{ label: "sample", body: { jobPayload: {} } }]).problems,
    ).toEqual(['sample: $.jobPayload: RunOnDemandItemJobRequest has no property "jobPayload"']);
    const list = op("GET", "/workspaces/{w}/items");
    expect(
      checker("fabric")
        .requestBody(list, [{ label: "sample", body: {} }])
        .problems.join(),
    ).toMatch(/takes no request body/);
  });
});

describe.skipIf(!specsPresent)("fabric long-running operation states", () => {
  it("a state with an invented property fails; the spec's state passes", () => {
    const state = op("GET", "/operations/{operationId}");
    const good = {
      status: "Running",
      createdTimeUtc: "2025-01-01T00:00:00Z",
      lastUpdatedTimeUtc: "2025-01-01T00:00:01Z",
      percentComplete: 50,
    };
    expect(checker("fabric").body(state, 200, good, "app").status).toBe("pass");
    expect(checker("fabric").body(state, 200, { ...good, progressText: "half" }, "app").problems).toEqual([
      '$.progressText: OperationState has no property "progressText"',
    ]);
  });
});

describe.skipIf(!specsPresent)("documented response headers", () => {
  it("a 202 without the Location and x-ms-operation-id Fabric documents is reported", () => {
    const getDefinition = op("POST", "/workspaces/{w}/items/{i}/getDefinition");
    const check = (headers: Record<string, string>) =>
      checker("fabric").responseHeaders?.(getDefinition, 202, new Headers(headers));
    expect(check({ "retry-after": "1" })?.problems).toEqual([
      "202 lacks the Location header the spec documents for POST /v1/workspaces/{workspaceId}/items/{itemId}/getDefinition",
      "202 lacks the x-ms-operation-id header the spec documents for POST /v1/workspaces/{workspaceId}/items/{itemId}/getDefinition",
    ]);
    expect(
      check({ location: "https://x/v1/operations/1", "x-ms-operation-id": "1", "retry-after": "1" })?.status,
    ).toBe("pass");
  });

  it("Power BI's refresh 202 headers are conditional (only with a payload beyond notifyOption)", () => {
    const refresh = op("POST", "/groups/{g}/datasets/{d}/refreshes");
    expect(checker("powerbi").responseHeaders?.(refresh, 202, new Headers())?.status).toBe("pass");
  });
});

describe.skipIf(!specsPresent)("fabric discriminators", () => {
  it("a principal's type picks its subtype (x-ms-discriminator-value), across the definition files", () => {
    const list = op("GET", "/workspaces/{w}/roleAssignments");
    const user = { id: "1", displayName: "Adele", type: "User", userDetails: { userPrincipalName: "a@b" } };
    const body = (principal: unknown) => ({ value: [{ id: "r", role: "Admin", principal }] });
    expect(checker("fabric").body(list, 200, body(user), "app").status).toBe("pass");
    const group = { ...user, type: "Group" };
    expect(checker("fabric").body(list, 200, body(group), "app").problems).toEqual([
      '$.value[0].principal.userDetails: Principal has no property "userDetails"',
    ]);
    const groupPrincipal = {
      id: "2",
      displayName: "Sales",
      type: "Group",
      groupDetails: { groupType: "SecurityGroup" },
    };
    expect(checker("fabric").body(list, 200, body(groupPrincipal), "app").status).toBe("pass");
  });
});

describe.skipIf(!specsPresent)("power bi checker against the Power BI swagger", () => {
  const datasets = op("GET", "/groups/{groupId}/datasets", {
    permissions: { delegated: ["Dataset.Read.All", "Dataset.ReadWrite.All"] },
  });

  it("paths under /v1.0/myorg resolve; others are reported", () => {
    expect(checker("powerbi").path(datasets).status).toBe("pass");
    expect(checker("powerbi").path(op("GET", "/groups/{g}/semanticModels")).status).toBe("fail");
  });

  it("query parameters are checked against the operation's own ($filter on /groups, none on datasets)", () => {
    expect(checker("powerbi").parameters(op("GET", "/groups"), parts({ $filter: "x", $top: 5 })).status).toBe(
      "pass",
    );
    expect(
      checker("powerbi")
        .parameters(datasets, parts({ $top: 5 }))
        .problems.join(),
    ).toMatch(/"\$top" is not defined/);
  });

  it("Required Scope: a write scope first is reported; the read-first list passes", () => {
    expect(checker("powerbi").permissions(datasets).status).toBe("pass");
    const writeFirst = checker("powerbi").permissions({
      ...datasets,
      permissions: { delegated: ["Dataset.ReadWrite.All", "Dataset.Read.All"] },
    });
    expect(writeFirst.problems.join()).toMatch(/least-privileged documented scope \(Dataset\.Read\.All\)/);
    const other = checker("powerbi").permissions({
      ...datasets,
      permissions: { delegated: ["Report.Read.All"] },
    });
    expect(other.problems.join()).toMatch(/Report\.Read\.All is not among/);
  });

  it("a body with an invented property fails", () => {
    const body = {
      "@odata.context": "x",
      value: [{ id: "1", name: "Sales", isRefreshable: true, refreshCount: 3 }],
    };
    expect(checker("powerbi").body(datasets, 200, body, "app").problems).toEqual([
      '$.value[0].refreshCount: Dataset has no property "refreshCount"',
    ]);
  });
});

describe("swagger path matching (hand-written swagger)", () => {
  it("a literal template wins over a placeholder one that also matches, whatever their order", () => {
    const get = { responses: { "200": { description: "OK" } } };
    const set = swaggerSet("Test", [
      {
        source: "swagger.json",
        json: { basePath: "/v1", paths: { "/things/{thingId}": { get }, "/things/latest": { get } } },
      },
    ]);
    const c = swaggerChecker({ set, prefix: "/v1" });
    expect(c.path(op("GET", "/things/latest")).notes).toEqual(["/v1/things/latest in swagger.json"]);
    expect(c.path(op("GET", "/things/{id}")).notes).toEqual(["/v1/things/{thingId} in swagger.json"]);
    expect(c.path(op("POST", "/things/latest")).problems.join()).toMatch(/POST is not an operation of/);
  });
});
