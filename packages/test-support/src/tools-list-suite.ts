/**
 * The tools/list suite every server runs: what the model sees, in-process, read-only (the default) and
 * with writes enabled, with annotations checked and committed snapshots (next to the calling test file)
 * that make every change to names, descriptions, schemas or annotations a reviewable diff.
 */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { describe, expect, it } from "vitest";
import { listToolsOf } from "./tools-list.js";

const KIT_TOOLS = ["request", "auth_status"];
const MAX_TOOLS_LIST_BYTES = 12 * 1024;

export interface ToolsListSuite {
  name: string;
  createServer: (env: NodeJS.ProcessEnv) => McpServer;
  reads: string[];
  writes: string[];
}

/** Registers the tools/list tests for one server. */
export function toolsListSuite({ name, createServer, reads: READS, writes: WRITES }: ToolsListSuite): void {
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
  });
}
