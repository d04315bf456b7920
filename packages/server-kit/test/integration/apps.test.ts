/**
 * The apps/ room in-process (InMemoryTransport) against the emulator's Graph: app tools with
 * `_meta.ui` and visibility, the ui:// resource, per-session grants, API calls through the kit's
 * pipeline, the rule that only app-only tools carry `_meta`, ENTRA_MCP_TOOLS, description checks,
 * and the view build (one HTML file, script inline).
 */

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { ApiDescription } from "../../src/api-description.js";
import type { AppDescription } from "../../src/apps/app-description.js";
import { buildViewHtml } from "../../src/apps/build-view.js";
import { closestNames } from "../../src/apps/closest-names.js";
import { ToolError } from "../../src/tools/tool-error.js";
import { validateDescription } from "../../src/validate-description.js";
import { type Connected, connect } from "../support/connect.js";
import { testApi } from "../support/test-api.js";
import { startTestEmulator, type TestEmulator } from "../support/test-emulator.js";

const URI = "ui://test/view.html";

const app: AppDescription = {
  uri: URI,
  name: "test-view",
  title: "Test view",
  description: "A view for server-kit's tests.",
  view: "powerbi-report",
  csp: (cloud) => ({ frameDomains: [`https://frame.${cloud.name}.test`], connectDomains: [] }),
  tools: [
    {
      name: "open_user",
      title: "Open a user",
      description: "Opens a user in the view.",
      visibility: ["model", "app"],
      input: { id: z.string().min(1) },
      async run(args, ctx) {
        const user = (await ctx.call({ method: "GET", path: "/users/{id}", params: { id: args.id } })) as {
          id: string;
          displayName: string;
        };
        ctx.grants.grant(`user:${user.id}`, { name: user.displayName });
        return { structured: { id: user.id, name: user.displayName }, text: `Opened ${user.displayName}.` };
      },
    },
    {
      name: "user_secret",
      title: "A user's secret (view only)",
      description: "For the view only.",
      visibility: ["app"],
      input: { id: z.string().min(1) },
      async run(args, ctx) {
        const granted = ctx.grants.lookup(`user:${String(args.id)}`);
        if (!granted)
          throw new ToolError("NotOpened", `user ${String(args.id)} was not opened in this session.`);
        return {
          structured: { id: args.id },
          text: "Secret for the view.",
          meta: { "test/secret": "s3cret" },
        };
      },
    },
    {
      name: "leaky",
      title: "Leaky",
      description: "A model-visible tool that tries to return _meta.",
      visibility: ["model"],
      input: {},
      async run() {
        return { structured: {}, text: "", meta: { "test/secret": "s3cret" } };
      },
    },
  ],
};

const withApp: ApiDescription = { ...testApi, apps: [app] };

let t: TestEmulator;
let session: Connected | undefined;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(async () => t?.emulator.stop());
afterEach(async () => {
  await session?.close();
  session = undefined;
});

const userId = async (): Promise<string> => {
  session ??= await connect(t.env(), withApp);
  const list = await session.call("list_users");
  if (list.isError) throw new Error(list.text);
  return (list.structuredContent as { value: { id: string }[] }).value[0]?.id ?? "";
};

describe("apps: MCP App resources and tools", () => {
  it("lists app tools with _meta.ui (resourceUri, visibility) and the ui:// resource as text/html;profile=mcp-app", async () => {
    session = await connect(t.env(), withApp);
    const { tools } = await session.client.listTools();
    const meta = (name: string) => tools.find((tool) => tool.name === name)?._meta;
    expect(meta("open_user")).toMatchObject({ ui: { resourceUri: URI, visibility: ["model", "app"] } });
    expect(meta("user_secret")).toMatchObject({ ui: { resourceUri: URI, visibility: ["app"] } });
    expect(tools.find((tool) => tool.name === "open_user")?.annotations).toMatchObject({
      readOnlyHint: true,
    });
    const { resources } = await session.client.listResources();
    expect(resources).toEqual([expect.objectContaining({ uri: URI, mimeType: "text/html;profile=mcp-app" })]);
  });

  it("resources/read from unbuilt sources: a clear error naming the build that writes the view", async () => {
    session = await connect(t.env(), withApp);
    await expect(session.client.readResource({ uri: URI })).rejects.toThrow(
      /the powerbi-report view is not in this build .*entra-mcp-bundle writes dist\/views/,
    );
  });

  it("an app-only tool serves only what this session's model-visible tool opened; the secret rides in _meta", async () => {
    const id = await userId();
    const active = session as Connected;
    const before = await active.call("user_secret", { id });
    expect(before.isError).toBe(true);
    expect(before.text).toContain("was not opened in this session");
    const opened = await active.call("open_user", { id });
    expect(opened.isError, opened.text).toBeFalsy();
    expect(opened.structuredContent).toMatchObject({ id });
    // The call went through the kit's pipeline: the emulator's Graph with a Graph token.
    expect(t.emulator.requests({ origin: "graph", path: `/v1.0/users/${id}` })).toHaveLength(1);
    const after = await active.call("user_secret", { id });
    expect(after.isError, after.text).toBeFalsy();
    expect(after._meta).toEqual({ "test/secret": "s3cret" });
    expect(
      JSON.stringify({ content: after.content, structuredContent: after.structuredContent }),
    ).not.toContain("s3cret");
    // Another server instance (a new session) starts with nothing granted.
    const other = await connect(t.env(), withApp);
    try {
      const fresh = await other.call("user_secret", { id });
      expect(fresh.isError).toBe(true);
    } finally {
      await other.close();
    }
  });

  it("a model-visible tool may not return _meta (a credential there could reach the model)", async () => {
    session = await connect(t.env(), withApp);
    const result = await session.call("leaky");
    expect(result.isError).toBe(true);
    expect(result.text).toContain("only app-only tools may return _meta");
    expect(JSON.stringify(result)).not.toContain("s3cret");
  });

  it("ENTRA_MCP_TOOLS selects app tools like operations (no 'unknown tool' warning for them)", async () => {
    session = await connect(t.env({ ENTRA_MCP_TOOLS: "open_user,list_users" }), withApp);
    const { tools } = await session.client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(["list_users", "open_user"]);
    expect(session.logs.map((entry) => String(entry.data))).not.toContainEqual(
      expect.stringContaining("unknown tool"),
    );
  });

  it("validateDescription names every app problem", () => {
    const bad: ApiDescription = {
      ...testApi,
      apps: [
        {
          ...app,
          uri: "https://example.test/view.html",
          tools: [
            { ...(app.tools[0] as AppDescription["tools"][number]), name: "list_users" },
            { ...(app.tools[1] as AppDescription["tools"][number]), name: "request" },
            { ...(app.tools[2] as AppDescription["tools"][number]), visibility: [] },
          ],
        },
      ],
    };
    expect(() => validateDescription(bad)).toThrow(
      /apps\[0\]\.uri: must start with "ui:\/\/".*apps\[0\]\.tools\[0\] \(list_users\)\.name: duplicate.*apps\[0\]\.tools\[1\] \(request\)\.name: "request" is a built-in tool.*apps\[0\]\.tools\[2\] \(leaky\)\.visibility/,
    );
  });
});

describe("apps: helpers", () => {
  it("closestNames: substring matches first, then by edit distance", () => {
    const names = ["Sales Overview", "Profit and Loss", "Campaign Performance", "Sales by Region"];
    expect(closestNames("Sales Overveiw", names)).toEqual([
      "Sales Overview",
      "Sales by Region",
      "Profit and Loss",
    ]);
    expect(closestNames("profit", names, 1)).toEqual(["Profit and Loss"]);
    expect(closestNames("x", [])).toEqual([]);
  });

  it("buildViewHtml: one HTML file, one inline script, nothing fetched from anywhere", async () => {
    const html = await buildViewHtml("powerbi-report");
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html.match(/<script\b[^>]*>/g)).toEqual(["<script>"]);
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    expect(html).not.toMatch(/<script[^>]+src=|<link\b/);
    expect(html).not.toContain("/*VIEW_SCRIPT*/");
    // powerbi-client and ext-apps' App are bundled in.
    expect(html).toContain("powerbi.com/product/schema#basic");
    expect(html).toContain("ui/initialize");
  });
});
