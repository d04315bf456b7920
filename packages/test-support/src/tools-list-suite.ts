/**
 * The tools/list suite every server runs: what the model sees, in-process, read-only (the default) and
 * with writes enabled, with annotations checked and committed snapshots (next to the calling test file)
 * that make every change to names, descriptions, schemas or annotations a reviewable diff.
 */

import { readFileSync } from "node:fs";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { describe, expect, it } from "vitest";
import { listToolsOf } from "./tools-list.js";

const KIT_TOOLS = ["request", "auth_status"];
const MAX_TOOLS_LIST_BYTES = 12 * 1024;

export interface ToolsListSuite {
  name: string;
  createServer: (env: NodeJS.ProcessEnv) => McpServer;
  /** Read tools of the default list. */
  reads: string[];
  /** Write tools of the default list (shown with ENTRA_MCP_ALLOW_WRITES=true). */
  writes: string[];
  /** Per declared preset: the read tools it adds to the default list (ENTRA_MCP_TOOLS=<preset>). */
  presets?: Record<string, string[]>;
  /** The server's README: it must document each preset's size (see presetRow). */
  readme?: URL;
}

/**
 * The README row of one preset, e.g. | `admin` | 23 | 14.2 KB | (tools, tools/list size read-only). The
 * suite computes the rows, so a README whose figures went stale fails with the row to paste.
 */
export function presetRow(preset: string, tools: number, bytes: number): string {
  return `| \`${preset}\` | ${tools} | ${(bytes / 1024).toFixed(1)} KB |`;
}

/** Registers the tools/list tests for one server. */
export function toolsListSuite({
  name,
  createServer,
  reads: READS,
  writes: WRITES,
  presets = {},
  readme,
}: ToolsListSuite): void {
  const listTools = (env: NodeJS.ProcessEnv) => listToolsOf(createServer(env));

  describe(`${name} tools/list`, () => {
    it("read-only by default: every read tool, no write tool, within the size budget", async () => {
      const { tools, bytes } = await listTools({});
      expect(tools.map((tool) => tool.name).sort()).toEqual([...READS, ...KIT_TOOLS].sort());
      for (const tool of tools) {
        expect(tool.annotations, tool.name).toMatchObject({ readOnlyHint: true, destructiveHint: false });
        expect(typeof tool.annotations?.idempotentHint, tool.name).toBe("boolean");
        expect(typeof tool.annotations?.openWorldHint, tool.name).toBe("boolean");
      }
      expect(bytes).toBeLessThanOrEqual(MAX_TOOLS_LIST_BYTES);
      await expect(`${JSON.stringify(tools, null, 2)}\n`).toMatchFileSnapshot(
        "./__snapshots__/tools-list.read-only.json",
      );
    });

    it("ENTRA_MCP_ALLOW_WRITES=true adds the write tools (and request writes), annotated as destructive", async () => {
      const { tools, bytes } = await listTools({ ENTRA_MCP_ALLOW_WRITES: "true" });
      const names = tools.map((tool) => tool.name);
      for (const name of [...READS, ...WRITES, ...KIT_TOOLS]) expect(names).toContain(name);
      for (const name of [...WRITES, "request"]) {
        const tool = tools.find((candidate) => candidate.name === name);
        expect(tool?.annotations, name).toMatchObject({ readOnlyHint: false, destructiveHint: true });
      }
      expect(bytes).toBeLessThanOrEqual(MAX_TOOLS_LIST_BYTES);
      await expect(`${JSON.stringify(tools, null, 2)}\n`).toMatchFileSnapshot(
        "./__snapshots__/tools-list.writes.json",
      );
    });

    it("ENTRA_MCP_TOOLS=<preset> adds the preset's tools to the default list; all is every tool", async () => {
      const every = new Set([...READS, ...KIT_TOOLS]);
      for (const [preset, extra] of Object.entries(presets)) {
        const { tools } = await listTools({ ENTRA_MCP_TOOLS: preset });
        expect(tools.map((tool) => tool.name).sort(), preset).toEqual(
          [...READS, ...extra, ...KIT_TOOLS].sort(),
        );
        for (const tool of extra) every.add(tool);
      }
      const { tools } = await listTools({ ENTRA_MCP_TOOLS: "all" });
      expect(tools.map((tool) => tool.name).sort()).toEqual([...every].sort());
    });

    it.runIf(readme)("the README documents each preset's size", async () => {
      const text = readFileSync(readme as URL, "utf8");
      for (const preset of ["default", ...Object.keys(presets), "all"]) {
        const { tools, bytes } = await listTools(preset === "default" ? {} : { ENTRA_MCP_TOOLS: preset });
        expect(text, `README preset row for ${preset}`).toContain(presetRow(preset, tools.length, bytes));
      }
    });
  });
}
