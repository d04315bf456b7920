/**
 * End to end, the directory tools: the BUILT bin over stdio (MCP SDK client) against the emulator's
 * Entra ID, Key Vault and Graph. Advanced queries, the least-privileged permissions (and what the
 * emulator refuses without them), and every directory tool of the default list and the presets.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DIRECTORY_SAMPLE, RESOURCE_APP_IDS, SAMPLE } from "@entra-mcp/emulator";
import {
  callTool as call,
  dataOf,
  startTestEmulator,
  type TestEmulator,
  textOf,
  valuesOf,
  withChildServer,
} from "@entra-mcp/test-support";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../dist/package/dist/launch.mjs", import.meta.url));
const names = (rows: Record<string, unknown>[]) => rows.map((r) => String(r.displayName)).sort();

let t: TestEmulator;
beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npx turbo run build\` first.`);
  t = await startTestEmulator();
});
afterAll(async () => t?.emulator.stop());
beforeEach(() => t.emulator.clearRequests());

/** Runs `fn` with the seeded app holding exactly `roles` on Graph, then restores its consent. */
async function withAppRoles(roles: string[], fn: () => Promise<void>): Promise<void> {
  const { directory, tenant } = t.emulator;
  const sp = directory.servicePrincipalOf(tenant.clientId);
  const graphSp = directory.servicePrincipalOf(RESOURCE_APP_IDS.graph);
  const before = directory.consent.appRolesOf(sp?.objectId ?? "", graphSp?.objectId ?? "");
  directory.revokeAppRoles(tenant.clientId, RESOURCE_APP_IDS.graph);
  directory.grantAppRoles(tenant.clientId, RESOURCE_APP_IDS.graph, roles);
  try {
    await fn();
  } finally {
    directory.revokeAppRoles(tenant.clientId, RESOURCE_APP_IDS.graph);
    directory.grantAppRoles(tenant.clientId, RESOURCE_APP_IDS.graph, before);
  }
}

describe("graph directory tools (built bin over stdio) against the emulator", () => {
  it("a filter-only endswith(mail, ...) works: the tool sends ConsistencyLevel: eventual and $count=true", async () => {
    await withChildServer(BIN, t.appEnv(), async (server) => {
      const result = await call(server, "list_users", {
        filter: "endswith(mail,'@contoso.test') and not(startswith(displayName,'A'))",
        select: "displayName,mail",
        top: 999,
      });
      expect(result.isError, textOf(result)).toBeFalsy();
      const users = valuesOf(result);
      expect(users.length).toBeGreaterThan(20);
      expect(users.every((u) => String(u.mail).endsWith("@contoso.test"))).toBe(true);
      expect(users.some((u) => String(u.displayName).startsWith("A"))).toBe(false);
      // A plain eq filter stays a basic query (no $count).
      const plain = await call(server, "list_groups", { filter: "displayName eq 'Finance'" });
      expect(valuesOf(plain).map((g) => g.displayName)).toEqual(["Finance"]);
    });
    const [advanced, plain] = t.emulator
      .requests({ origin: "graph" })
      .map((e) => new URL(e.path, e.url).searchParams);
    expect(advanced?.get("$count")).toBe("true");
    expect(plain?.has("$count")).toBe(false);
  });

  it("list_user_member_of (default list) shows groups and roles with their @odata.type", async () => {
    await withChildServer(BIN, t.appEnv(), async (server) => {
      const result = await call(server, "list_user_member_of", { userId: t.emulator.tenant.user.upn });
      expect(result.isError, textOf(result)).toBeFalsy();
      const types = valuesOf(result).map((o) => [o["@odata.type"], o.displayName]);
      expect(types).toContainEqual(["#microsoft.graph.group", "Retail"]);
      expect(types).toContainEqual(["#microsoft.graph.directoryRole", "Reports Reader"]);
      // Preset tools are not registered by default.
      const hidden = await call(server, "list_devices");
      expect(hidden.isError).toBe(true);
    });
  });

  it("the manifest's least-privileged roles (User.ReadBasic.All, Group.ReadBasic.All) run the default directory tools", async () => {
    await withAppRoles(["User.ReadBasic.All", "Group.ReadBasic.All", "Application.Read.All"], async () => {
      await withChildServer(BIN, t.appEnv(), async (server) => {
        const megan = await call(server, "get_user", {
          userId: `megan@${t.emulator.tenant.user.upn.split("@")[1]}`,
          select: "displayName,jobTitle",
        });
        expect(megan.isError, textOf(megan)).toBeFalsy();
        // The basic profile only: Graph nulls jobTitle (the result drops nulls); it needs User.Read.All,
        // as the tool's description says.
        expect(dataOf(megan)?.displayName).toBe("Megan Bowen");
        expect(dataOf(megan)?.jobTitle ?? null).toBeNull();
        for (const [tool, args] of [
          ["list_groups", {}],
          ["list_group_members", { groupId: SAMPLE.graph.groups.itAdmins.id }],
          ["list_user_member_of", { userId: t.emulator.tenant.user.upn }],
        ] as const) {
          const result = await call(server, tool, args);
          expect(result.isError, `${tool}: ${textOf(result)}`).toBeFalsy();
        }
      });
    });
  });

  it("analyst preset: manager, direct reports, owners, nested memberships", async () => {
    await withChildServer(BIN, t.appEnv({ ENTRA_MCP_TOOLS: "analyst" }), async (server) => {
      const upn = t.emulator.tenant.user.upn;
      const manager = await call(server, "get_user_manager", { userId: upn });
      expect(manager.isError, textOf(manager)).toBeFalsy();
      expect(dataOf(manager)).toMatchObject({ displayName: "Miriam Graham" });
      const miriam = String(dataOf(manager)?.id);
      const reports = await call(server, "list_direct_reports", { userId: miriam });
      expect(names(valuesOf(reports))).toContain("Adele Vance");
      const owners = await call(server, "list_group_owners", { groupId: SAMPLE.graph.groups.itAdmins.id });
      expect(
        valuesOf(owners)
          .map((o) => o["@odata.type"])
          .sort(),
      ).toEqual(["#microsoft.graph.servicePrincipal", "#microsoft.graph.user"]);
      const nested = await call(server, "list_group_transitive_members", {
        groupId: SAMPLE.graph.groups.salesAndMarketing.id,
        top: 999,
      });
      expect(names(valuesOf(nested))).toEqual(expect.arrayContaining(["Retail", "Christie Cline"]));
      const memberOf = await call(server, "list_user_transitive_member_of", { userId: upn });
      expect(names(valuesOf(memberOf))).toContain("Sales and Marketing");
    });
  });

  it("admin preset: service principals and grants, roles, audits, Conditional Access, devices, licences, MFA report", async () => {
    await withChildServer(BIN, t.appEnv({ ENTRA_MCP_TOOLS: "admin" }), async (server) => {
      const ok = async (tool: string, args: Record<string, unknown> = {}) => {
        const result = await call(server, tool, args);
        expect(result.isError, `${tool}: ${textOf(result)}`).toBeFalsy();
        return result;
      };
      const sps = await ok("list_service_principals", { filter: `appId eq '${t.emulator.tenant.clientId}'` });
      const sp = valuesOf(sps)[0];
      expect(sp).toMatchObject({ displayName: "entra-mcp" });
      const one = await ok("get_service_principal", { servicePrincipalId: sp?.id });
      expect(dataOf(one)).toMatchObject({ appId: t.emulator.tenant.clientId });
      const graphSp = valuesOf(
        await ok("list_service_principals", { filter: `appId eq '${RESOURCE_APP_IDS.graph}'` }),
      )[0];
      const assigned = await ok("list_app_role_assigned_to", { servicePrincipalId: graphSp?.id, top: 999 });
      expect(valuesOf(assigned).map((a) => a.principalDisplayName)).toContain("entra-mcp");
      const grants = await ok("list_sp_permission_grants", { servicePrincipalId: sp?.id });
      expect(valuesOf(grants)[0]).toMatchObject({ consentType: "AllPrincipals" });
      const audits = await ok("list_directory_audits", { filter: "category eq 'UserManagement'" });
      expect(valuesOf(audits).map((a) => a.activityDisplayName)).toEqual([
        "Update user",
        "Reset user password",
      ]);
      const roles = await ok("list_directory_roles");
      expect(names(valuesOf(roles))).toContain("Global Administrator");
      const admin = valuesOf(roles).find((r) => r.displayName === "Global Administrator");
      const assignments = await ok("list_role_assignments", {
        filter: `roleDefinitionId eq '${admin?.roleTemplateId}'`,
      });
      expect(valuesOf(assignments)).toHaveLength(1);
      const policies = await ok("list_conditional_access_policies");
      expect(names(valuesOf(policies))).toContain(DIRECTORY_SAMPLE.conditionalAccess.blockLegacyAuth.name);
      const devices = await ok("list_devices", { filter: "isCompliant eq false" });
      expect(names(valuesOf(devices))).toEqual(["KIOSK-SLC-01"]);
      // ne is an advanced query: the tool adds the parameters, so this works too.
      const notWindows = await ok("list_devices", { filter: "operatingSystem ne 'Windows'" });
      expect(names(valuesOf(notWindows))).toEqual(["MEGAN-MACBOOK"]);
      const org = await ok("get_organization");
      expect(valuesOf(org)[0]).toMatchObject({ id: t.emulator.tenant.tenantId });
      const skus = await ok("list_subscribed_skus");
      expect(valuesOf(skus).map((s) => s.skuPartNumber)).toContain("ENTERPRISEPACK");
      const report = await ok("list_auth_method_registrations", { filter: "isMfaRegistered eq false" });
      expect(valuesOf(report).length).toBeGreaterThan(0);
    });
  });

  it("without Policy.Read.All, list_conditional_access_policies fails with the permission to grant", async () => {
    await withAppRoles(["User.Read.All"], async () => {
      await withChildServer(
        BIN,
        t.appEnv({ ENTRA_MCP_TOOLS: "list_conditional_access_policies" }),
        async (server) => {
          const result = await call(server, "list_conditional_access_policies");
          expect(result.isError).toBe(true);
          expect(textOf(result)).toContain("Policy.Read.All");
        },
      );
    });
  });

  it("delegated: list_user_member_of for yourself", async () => {
    await withChildServer(BIN, t.delegatedEnv(), async (server) => {
      const result = await call(server, "list_user_member_of", { userId: t.emulator.tenant.user.oid });
      expect(result.isError, textOf(result)).toBeFalsy();
      expect(names(valuesOf(result))).toContain("Retail");
    });
  });
});
