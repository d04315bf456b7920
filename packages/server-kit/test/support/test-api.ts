/**
 * A small Graph-like description for the server-kit's own tests: reads with paging, an output schema
 * and a name lookup, a delegated-only read, a write, and a second API ("jobs", Fabric-style paging
 * and long-running operations) served by a local test server.
 */
import { z } from "zod";
import type { ApiDescription } from "../../src/api-description.ts";

const user = z.object({
  id: z.string(),
  displayName: z.string(),
  userPrincipalName: z.string(),
  mail: z.string().nullable().optional(),
});

export const testApi: ApiDescription = {
  name: "test",
  title: "Test Graph",
  version: "0.0.1",
  instructions: "Test server for @entra-mcp/server-kit.",
  apis: {
    graph: { resource: "graph", basePath: "/v1.0", paging: "odata", title: "Microsoft Graph" },
    jobs: { resource: "jobs", basePath: "/v1", paging: "continuation", title: "Jobs API" },
  },
  defaultApi: "graph",
  operations: [
    {
      name: "list_users",
      title: "List users",
      description: "Lists users (id, name, UPN, mail).",
      method: "GET",
      path: "/users",
      input: {
        top: z.number().int().min(1).max(999).optional(),
        pageSize: z.number().int().min(1).max(999).optional(),
        filter: z.string().max(1000).optional(),
      },
      query: (args) => ({
        $top: (args.pageSize ?? args.top) as number | undefined,
        $filter: args.filter as string | undefined,
      }),
      access: "read",
      paging: true,
      outputSchema: { value: z.array(user) },
      permissions: {
        app: ["User.Read.All", "Directory.Read.All"],
        delegated: ["User.ReadBasic.All", "User.Read.All"],
      },
    },
    {
      name: "get_user",
      title: "Get user",
      description: "One user by ID, UPN or display name.",
      method: "GET",
      path: "/users/{userId}",
      input: { userId: z.string().min(1).max(300) },
      access: "read",
      lookups: { userId: { path: "/users", idField: "id", nameField: "displayName" } },
      outputSchema: user.shape,
      permissions: { app: ["User.Read.All"], delegated: ["User.Read.All"] },
    },
    {
      name: "get_me",
      title: "Get me",
      description: "The signed-in user.",
      method: "GET",
      path: "/me",
      input: {},
      access: "read",
      mode: "delegated",
      permissions: { delegated: ["User.Read"] },
    },
    {
      name: "get_organization",
      title: "Get organization",
      description: "The tenant's organization object.",
      method: "GET",
      path: "/organization",
      // No max length on purpose: the kit's own argument cap must catch huge strings.
      input: { select: z.string().optional() },
      query: (args) => ({ $select: args.select as string | undefined }),
      access: "read",
    },
    {
      name: "create_user",
      title: "Create user",
      description: "Creates a user.",
      method: "POST",
      path: "/users",
      input: { displayName: z.string().max(256), userPrincipalName: z.string().max(256) },
      body: (args) => ({ displayName: args.displayName, userPrincipalName: args.userPrincipalName }),
      access: "write",
      permissions: { app: ["User.ReadWrite.All"] },
    },
    {
      name: "list_jobs",
      title: "List jobs",
      description: "Lists jobs.",
      api: "jobs",
      method: "GET",
      path: "/jobs",
      input: {},
      access: "read",
      paging: true,
    },
    {
      name: "run_job",
      title: "Run job",
      description: "Starts a job and waits for it.",
      api: "jobs",
      method: "POST",
      path: "/jobs/{jobId}/run",
      input: { jobId: z.string().max(100) },
      access: "write",
      longRunning: true,
      destructive: false,
    },
  ],
  permissions: {
    app: {
      resources: [
        {
          resource: "Microsoft Graph",
          resourceAppId: "00000003-0000-0000-c000-000000000000",
          permissions: ["User.Read.All", "Organization.Read.All"],
        },
      ],
    },
    delegated: {
      resources: [
        {
          resource: "Microsoft Graph",
          resourceAppId: "00000003-0000-0000-c000-000000000000",
          permissions: ["User.Read", "User.ReadBasic.All"],
        },
      ],
    },
  },
};
