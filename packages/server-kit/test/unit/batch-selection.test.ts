/** Where the batch tool sits in the tool selection, and what the description check says about it. */
import { describe, expect, it } from "vitest";
import type { ApiDescription, ApiTarget } from "../../src/api-description.js";
import { presetTools, selectTools } from "../../src/tools/tool-selection.js";
import { validateDescription } from "../../src/validate-description.js";
import { testApi } from "../support/test-api.js";

const withBatch = (presets?: string[]): ApiDescription => ({
  ...testApi,
  presets: { admin: "tenant configuration" },
  apis: {
    ...testApi.apis,
    graph: {
      ...(testApi.apis.graph as ApiTarget),
      batch: { path: "/$batch", maxRequests: 20, ...(presets ? { presets } : {}) },
    },
  },
});

describe("batch tool selection", () => {
  it("is in the default list of a description whose API batches, and in no list otherwise", () => {
    expect(presetTools(withBatch()).get("default")).toContain("batch");
    expect(presetTools(testApi).get("all")).not.toContain("batch");
    expect(selectTools(withBatch(), undefined).includes("batch")).toBe(true);
    expect(selectTools(withBatch(), ["list_users"]).includes("batch")).toBe(false);
    expect(selectTools(withBatch(), ["batch"]).includes("batch")).toBe(true);
  });

  it("with presets it leaves the default list and joins those presets (and all)", () => {
    const tools = presetTools(withBatch(["admin"]));
    expect(tools.get("default")).not.toContain("batch");
    expect(tools.get("admin")).toContain("batch");
    expect(tools.get("all")).toContain("batch");
  });

  it("the description check names an undeclared preset and a tool that takes the name", () => {
    expect(() => validateDescription(withBatch(["analyst"]))).toThrow(
      'apis.graph.batch.presets: "analyst" is not in the description\'s presets',
    );
    const clash = withBatch();
    clash.operations = [
      ...clash.operations,
      { ...(clash.operations[0] as ApiDescription["operations"][0]), name: "batch" },
    ];
    expect(() => validateDescription(clash)).toThrow('"batch" is also a tool name');
  });
});
