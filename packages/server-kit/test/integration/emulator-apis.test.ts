/**
 * The kit against the emulator's other APIs: Fabric (continuation paging, a long-running job run
 * resolved by names), Power Platform discovery and Dataverse, whose token audience is the environment.
 */

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { ApiDescription } from "../../src/api-description.js";
import { type Connected, connect, dataOf } from "../support/connect.js";
import { startTestEmulator, type TestEmulator } from "../support/test-emulator.js";

const ENVIRONMENTS = "/environmentmanagement/environments?api-version=2022-03-01-preview";

const platform: ApiDescription = {
  name: "platform",
  title: "Platform test",
  version: "0.0.1",
  apis: {
    admin: { resource: "powerplatform", basePath: "", paging: "odata", title: "Power Platform API" },
    fabric: { resource: "fabric", basePath: "/v1", paging: "continuation", title: "Microsoft Fabric" },
    dataverse: {
      resource: "dataverse",
      basePath: "/api/data/v9.2",
      paging: "odata",
      title: "Dataverse",
      dynamic: "environment-url",
      discovery: {
        api: "admin",
        path: ENVIRONMENTS,
        urlField: "url",
        idField: "id",
        nameField: "displayName",
      },
      headers: { "OData-Version": "4.0", "OData-MaxVersion": "4.0" },
    },
  },
  defaultApi: "fabric",
  operations: [
    {
      name: "whoami",
      title: "WhoAmI",
      description: "The caller in a Dataverse environment.",
      api: "dataverse",
      method: "GET",
      path: "/WhoAmI",
      input: {},
      access: "read",
    },
    {
      name: "run_item_job",
      title: "Run item job",
      description: "Runs a Fabric item job and waits for it.",
      method: "POST",
      path: "/workspaces/{workspaceId}/items/{itemId}/jobs/instances",
      input: { workspaceId: z.string().max(200), itemId: z.string().max(200), jobType: z.string().max(100) },
      query: (args) => ({ jobType: args.jobType as string }),
      access: "write",
      longRunning: true,
      lookups: {
        workspaceId: { path: "/workspaces", idField: "id", nameField: "displayName" },
        itemId: { path: "/workspaces/{workspaceId}/items", idField: "id", nameField: "displayName" },
      },
    },
  ],
  permissions: { app: { resources: [] }, delegated: { resources: [] } },
};

let t: TestEmulator;
let session: Connected | undefined;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(async () => {
  await t?.emulator.stop();
});
afterEach(async () => {
  await session?.close();
  session = undefined;
  t.emulator.clearRequests();
});

describe("Fabric", () => {
  it("follows continuationUri paging", async () => {
    session = await connect(t.env(), platform);
    // List Workspaces has no maxResults parameter: the emulator's page size stands in for the service's.
    t.emulator.workspaces.fabric.listPageSize = 1;
    const result = await session.call("request", { path: "/workspaces" }).finally(() => {
      t.emulator.workspaces.fabric.listPageSize = 100;
    });
    expect(result.isError, result.text).toBeFalsy();
    const content = dataOf(result) as Record<string, unknown> & { value: unknown[] };
    const pages = t.emulator.requests({ origin: "fabric", path: "/v1/workspaces" });
    expect(content.value.length).toBe(pages.length);
    expect(pages.length).toBeGreaterThan(1);
    expect(content).not.toHaveProperty("continuationToken");
    expect(content).not.toHaveProperty("continuationUri");
  });

  it("runs a job by workspace and item names, polling the instance to completion", async () => {
    session = await connect(t.env({ ENTRA_MCP_ALLOW_WRITES: "true" }), platform);
    const result = await session.call("run_item_job", {
      workspaceId: "Sales Analytics",
      itemId: "load sales",
      jobType: "RunNotebook",
    });
    expect(result.isError, result.text).toBeFalsy();
    expect(dataOf(result)).toMatchObject({ jobType: "RunNotebook", status: "Completed" });
    const fabric = t.emulator.requests({ origin: "fabric" }).map((r) => r.method);
    expect(fabric.filter((m) => m === "POST")).toHaveLength(1);
    expect(fabric.filter((m) => m === "GET").length).toBeGreaterThanOrEqual(3); // 2 lookups + polls
  });

  it("reports a failed job with Fabric's failure reason", async () => {
    session = await connect(t.env({ ENTRA_MCP_ALLOW_WRITES: "true" }), platform);
    const result = await session.call("run_item_job", {
      workspaceId: "Sales Analytics",
      itemId: "Broken Notebook",
      jobType: "RunNotebook",
    });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/the Microsoft Fabric operation ended with status Failed \w+: .+/);
  });
});

describe("Dataverse", () => {
  it("discovers environments through the Power Platform API and calls one by name, with its URL as audience", async () => {
    session = await connect(t.env({ ENTRA_MCP_DATAVERSE_URLS: undefined }), platform);
    const result = await session.call("whoami", { environment: "contoso sales (sandbox)" });
    expect(result.isError, result.text).toBeFalsy();
    expect(dataOf(result)).toHaveProperty("UserId");
    expect(t.emulator.requests({ origin: "powerplatform" }).map((r) => r.path)).toEqual([ENVIRONMENTS]);
    const [call] = t.emulator.requests({ origin: "dataverse2" });
    expect(call?.path).toBe("/api/data/v9.2/WhoAmI");
    expect(call?.aud).toBe(t.emulator.urls.dataverse2);
    expect(t.emulator.requests({ origin: "dataverse" })).toEqual([]);
  });

  it("uses a configured environment URL without discovery", async () => {
    session = await connect(t.env({ ENTRA_MCP_DATAVERSE_URLS: `${t.emulator.urls.dataverse}/` }), platform);
    const result = await session.call("whoami", {});
    expect(result.isError, result.text).toBeFalsy();
    expect(t.emulator.requests({ origin: "powerplatform" })).toEqual([]);
    expect(t.emulator.requests({ origin: "dataverse" })[0]?.aud).toBe(t.emulator.urls.dataverse);
  });

  it("refuses an environment that is neither configured nor discovered, listing the allowed ones", async () => {
    session = await connect(t.env({ ENTRA_MCP_DATAVERSE_URLS: undefined }), platform);
    const result = await session.call("whoami", { environment: t.emulator.urls.canary });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(
      /is not one this server may call\. Allowed: Contoso \(default\) \(https:.*\), Contoso Sales/,
    );
    expect(t.emulator.requests({ origin: "canary" })).toEqual([]);
  });
});
