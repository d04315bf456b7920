/**
 * What the model sees: the tools/list of this server, in-process over the SDK's InMemoryTransport,
 * read-only (the default) and with writes enabled. The committed snapshots make every change to names,
 * descriptions, schemas or annotations a reviewable diff.
 */
import { createEntraMcpServer } from "@entra-mcp/server-kit";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { serializeMessage } from "@modelcontextprotocol/sdk/shared/stdio.js";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { graphApi as api } from "../src/description.js";

const READS = [
  "get_me",
  "list_users",
  "get_user",
  "list_groups",
  "list_group_members",
  "list_applications",
  "list_sign_ins",
  "list_messages",
];
const WRITES = ["send_mail"];
const KIT_TOOLS = ["request", "auth_status"];
const MAX_TOOLS_LIST_BYTES = 12 * 1024;

/** tools/list as the client receives it, plus the size of the response message on the wire. */
async function listTools(env: NodeJS.ProcessEnv): Promise<{ tools: Tool[]; bytes: number }> {
  const server = createEntraMcpServer(api, { env });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  let bytes = 0;
  const send = serverSide.send.bind(serverSide);
  serverSide.send = async (message, options) => {
    if ("result" in message && Array.isArray(message.result.tools)) bytes = serializeMessage(message).length;
    return send(message, options);
  };
  await server.connect(serverSide);
  const client = new Client({ name: "tools-list-test", version: "0.0.0" });
  await client.connect(clientSide);
  const { tools } = await client.listTools();
  await client.close();
  await server.close();
  return { tools, bytes };
}

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
