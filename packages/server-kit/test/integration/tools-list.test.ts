/** Which tools exist and what they promise: read-only by default, ENTRA_MCP_TOOLS, annotations. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { type Connected, connect } from "../support/connect.js";

let session: Connected | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
  vi.restoreAllMocks();
});

async function toolsWith(env: NodeJS.ProcessEnv) {
  session = await connect(env);
  return (await session.client.listTools()).tools;
}

describe("tools/list", () => {
  it("is read-only by default: no write tools, request is GET-only", async () => {
    const tools = await toolsWith({});
    expect(tools.map((t) => t.name)).toEqual([
      "list_users",
      "get_user",
      "get_me",
      "get_organization",
      "list_jobs",
      "request",
      "auth_status",
    ]);
    for (const tool of tools) {
      expect(tool.annotations).toMatchObject({
        readOnlyHint: true,
        destructiveHint: false,
        openWorldHint: true,
      });
      expect(tool.annotations?.idempotentHint).toBe(true);
    }
    const request = tools.find((t) => t.name === "request");
    const props = request?.inputSchema.properties as Record<string, { enum?: string[] }>;
    expect(props.method?.enum).toEqual(["GET"]);
    expect(props.body).toBeUndefined();
    expect(Object.keys(props.api ?? {})).not.toHaveLength(0); // two APIs: the caller may pick one
  });

  it("registers write tools when ENTRA_MCP_ALLOW_WRITES=true, annotated as writes", async () => {
    const tools = await toolsWith({ ENTRA_MCP_ALLOW_WRITES: "true" });
    const byName = new Map(tools.map((t) => [t.name, t]));
    expect(byName.get("create_user")?.annotations).toEqual({
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: false,
      openWorldHint: true,
    });
    expect(byName.get("run_job")?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: false });
    expect(byName.get("request")?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    const props = byName.get("request")?.inputSchema.properties as Record<string, { enum?: string[] }>;
    expect(props.method?.enum).toEqual(["GET", "POST", "PUT", "PATCH", "DELETE"]);
    expect(props.body).toBeDefined();
  });

  it("describes inputs, outputs, cursors and titles", async () => {
    const tools = await toolsWith({});
    const listUsers = tools.find((t) => t.name === "list_users");
    expect(listUsers?.title).toBe("List users");
    expect(Object.keys(listUsers?.inputSchema.properties ?? {})).toEqual([
      "top",
      "pageSize",
      "filter",
      "cursor",
    ]);
    expect(Object.keys(listUsers?.outputSchema?.properties ?? {})).toEqual(["value", "note", "nextCursor"]);
    expect(tools.find((t) => t.name === "get_me")?.inputSchema.properties ?? {}).not.toHaveProperty("cursor");
  });

  it("narrows the list with ENTRA_MCP_TOOLS and warns about unknown and write-disabled names", async () => {
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const tools = await toolsWith({ ENTRA_MCP_TOOLS: "list_users, auth_status,lsit_groups,create_user" });
    expect(tools.map((t) => t.name)).toEqual(["list_users", "auth_status"]);
    const written = stderr.mock.calls.map((call) => String(call[0])).join("");
    expect(written).toMatch(/ENTRA_MCP_TOOLS: unknown tool lsit_groups \(ignored\)/);
    expect(written).toMatch(/create_user writes; set ENTRA_MCP_ALLOW_WRITES=true/);
  });

  it("answers initialize with the server's identity and instructions", async () => {
    session = await connect({});
    expect(session.client.getServerVersion()).toMatchObject({ name: "entra-mcp-test", version: "0.0.1" });
    expect(session.client.getInstructions()).toBe("Test server for @entra-mcp/server-kit.");
    expect(session.client.getServerCapabilities()).toMatchObject({ tools: {}, logging: {} });
  });
});
