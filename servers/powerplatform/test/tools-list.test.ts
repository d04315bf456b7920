/**
 * What the model sees: the tools/list of this server, in-process over the SDK's InMemoryTransport,
 * read-only (the default) and with writes enabled. The committed snapshots make every change to names,
 * descriptions, schemas or annotations a reviewable diff.
 */
import { createEntraMcpServer } from "@entra-mcp/server-kit";
import { listToolsOf } from "@entra-mcp/test-support";
import { describe, expect, it } from "vitest";
import { powerPlatformApi as api } from "../src/description.js";

const READS = ["list_environments", "dataverse_whoami", "dataverse_query", "list_tables", "list_flows"];
const WRITES: string[] = [];
const KIT_TOOLS = ["request", "auth_status"];
const MAX_TOOLS_LIST_BYTES = 12 * 1024;

const listTools = (env: NodeJS.ProcessEnv) => listToolsOf(createEntraMcpServer(api, { env }));

describe(`${api.name} tools/list`, () => {
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
