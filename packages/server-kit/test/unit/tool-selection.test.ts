/** ENTRA_MCP_TOOLS: presets (default, declared ones, all) and tool names; unknown names reported. */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { ApiDescription, OperationDescription } from "../../src/api-description.ts";
import { presetTools, selectTools } from "../../src/tools/tool-selection.ts";
import { validateDescription } from "../../src/validate-description.ts";

const read = (name: string, presets?: string[]): OperationDescription => ({
  name,
  title: name,
  description: name,
  method: "GET",
  path: `/${name}`,
  input: { top: z.number().optional() },
  access: "read",
  ...(presets ? { presets } : {}),
});

const api: ApiDescription = {
  name: "t",
  title: "T",
  version: "0.0.1",
  apis: { main: { resource: "graph", basePath: "/v1.0", paging: "odata" } },
  defaultApi: "main",
  operations: [read("list_users"), read("list_audits", ["admin"]), read("list_roles", ["admin", "analyst"])],
  presets: { admin: "tenant configuration and audit", analyst: "reporting" },
  permissions: { app: { resources: [] }, delegated: { resources: [] } },
};

const chosen = (requested?: string[]) => {
  const selection = selectTools(api, requested);
  return [...(presetTools(api).get("all") ?? [])].filter(selection.includes);
};

describe("tool selection (ENTRA_MCP_TOOLS)", () => {
  it("unset: the default list only (no preset tool), with the kit tools", () => {
    expect(chosen(undefined)).toEqual(["list_users", "request", "auth_status"]);
    expect(chosen(["default"])).toEqual(["list_users", "request", "auth_status"]);
  });

  it("a preset adds its tools to the default list; all is every tool", () => {
    expect(chosen(["admin"])).toEqual(["list_users", "list_audits", "list_roles", "request", "auth_status"]);
    expect(chosen(["analyst"])).toEqual(["list_users", "list_roles", "request", "auth_status"]);
    expect(chosen(["all"])).toEqual(["list_users", "list_audits", "list_roles", "request", "auth_status"]);
  });

  it("tool names select exactly those tools, also next to a preset", () => {
    expect(chosen(["list_audits"])).toEqual(["list_audits"]);
    expect(chosen(["analyst", "list_audits"])).toEqual([
      "list_users",
      "list_audits",
      "list_roles",
      "request",
      "auth_status",
    ]);
    expect(selectTools(api, ["list_audits", "admin"]).named("list_audits")).toBe(true);
    expect(selectTools(api, ["admin"]).named("list_audits")).toBe(false);
  });

  it("unknown names are reported with the presets and tools to pick from", () => {
    const selection = selectTools(api, ["admn", "list_users"]);
    expect(selection.includes("list_users")).toBe(true);
    expect(selection.warnings).toEqual([
      expect.stringMatching(
        /^ENTRA_MCP_TOOLS: unknown tool admn \(ignored\)\. Presets: default, admin, analyst, all\. This server's tools: list_users, list_audits, list_roles, request, auth_status\.$/,
      ),
    ]);
  });

  it("the description must declare every preset it uses, and not reuse built-in or tool names", () => {
    expect(() => validateDescription({ ...api, presets: { admin: "x" } })).toThrow(
      /operations\[2\] \(list_roles\)\.presets: "analyst" is not in the description's presets/,
    );
    expect(() =>
      validateDescription({ ...api, presets: { ...api.presets, all: "x", list_users: "y" } }),
    ).toThrow(/presets\.all: built in, pick another name; presets\.list_users: also a tool name/);
  });
});
