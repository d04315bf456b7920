/**
 * Graph directory depth against the real MSAL tokens: advanced-query strictness, the basic
 * profile of User.ReadBasic.All, mixed-type memberships, the org chart, devices, roles, audits,
 * Conditional Access, licences and the registration report, each with its permission check.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type DefaultTenant,
  DIRECTORY_SAMPLE,
  type Emulator,
  RESOURCE_APP_IDS,
  RESOURCE_PRINCIPALS,
  SAMPLE,
  startEmulator,
} from "../src/index.js";
import { appToken, call, userToken } from "./support/tokens.js";

const GRAPH = "https://graph.microsoft.com/.default";
const EVENTUAL = { headers: { ConsistencyLevel: "eventual" } };
const advancedMissing = (operator: string) =>
  `Operator '${operator}' is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more info`;

describe("Graph directory depth", () => {
  let emulator: Emulator<DefaultTenant>;
  let app: string;
  const graph = (path: string) => `${emulator.urls.graph}${path}`;
  const names = (body: { value: { displayName: string }[] }) => body.value.map((o) => o.displayName).sort();
  /** An app-only token of the seeded app holding exactly `roles` on Graph (consent restored after). */
  const appTokenWith = async (roles: string[]) => {
    const { clientId } = emulator.tenant;
    emulator.directory.revokeAppRoles(clientId, RESOURCE_APP_IDS.graph);
    emulator.directory.grantAppRoles(clientId, RESOURCE_APP_IDS.graph, roles);
    try {
      return await appToken(emulator, GRAPH);
    } finally {
      emulator.directory.revokeAppRoles(clientId, RESOURCE_APP_IDS.graph);
      emulator.directory.grantAppRoles(clientId, RESOURCE_APP_IDS.graph, defaultRoles);
    }
  };
  let defaultRoles: string[];

  beforeAll(async () => {
    emulator = await startEmulator();
    const sp = emulator.directory.servicePrincipalOf(emulator.tenant.clientId);
    const graphSp = emulator.directory.servicePrincipalOf(RESOURCE_APP_IDS.graph);
    defaultRoles = emulator.directory.consent.appRolesOf(sp?.objectId ?? "", graphSp?.objectId ?? "");
    app = await appToken(emulator, GRAPH);
  });
  afterAll(() => emulator.stop());

  describe("advanced queries", () => {
    it("endsWith needs ConsistencyLevel: eventual and $count=true; with both it filters", async () => {
      const url = graph("/v1.0/users?$filter=endswith(mail,'@contoso.test')&$select=mail");
      for (const [label, res] of [
        ["neither", await call(url, app)],
        ["header only", await call(url, app, EVENTUAL)],
        ["$count only", await call(`${url}&$count=true`, app)],
      ] as const) {
        expect(res.status, label).toBe(400);
        expect(res.body.error, label).toMatchObject({
          code: "Request_UnsupportedQuery",
          message: advancedMissing("endsWith"),
        });
      }
      const ok = await call(`${url}&$count=true`, app, EVENTUAL);
      expect(ok.status).toBe(200);
      expect(ok.body["@odata.count"]).toBe(30);
      expect(ok.body.value.every((u: { mail: string }) => u.mail.endsWith("@contoso.test"))).toBe(true);
      const none = await call(
        graph("/v1.0/users?$filter=endswith(mail,'@fabrikam.test')&$count=true"),
        app,
        EVENTUAL,
      );
      expect(none.body.value).toEqual([]);
    });

    it("ne and not(...) are advanced too; eq and startswith are not", async () => {
      const ne = graph("/v1.0/users?$filter=department ne 'Finance'");
      expect((await call(ne, app)).body.error.message).toBe(advancedMissing("ne"));
      const neOk = await call(`${ne}&$count=true`, app, EVENTUAL);
      expect(neOk.body["@odata.count"]).toBe(26);
      const not = graph("/v1.0/users?$filter=not(startswith(displayName,'A'))");
      expect((await call(not, app)).body.error.message).toBe(advancedMissing("not"));
      const notOk = await call(`${not}&$count=true&$top=999`, app, EVENTUAL);
      expect(notOk.status).toBe(200);
      expect(notOk.body.value.some((u: { displayName: string }) => u.displayName.startsWith("A"))).toBe(
        false,
      );
      // Basic filters need neither.
      expect((await call(graph("/v1.0/users?$filter=startswith(displayName,'A')"), app)).status).toBe(200);
      // Groups follow the same rules.
      const groups = graph("/v1.0/groups?$filter=endswith(mail,'@contoso.test')");
      expect((await call(groups, app)).status).toBe(400);
      const groupsOk = await call(`${groups}&$count=true`, app, EVENTUAL);
      expect(names(groupsOk.body)).toEqual(["All Company", "Retail", "Sales and Marketing"]);
    });

    it("$orderby together with $filter is an advanced query", async () => {
      const url = graph("/v1.0/users?$filter=startswith(displayName,'A')&$orderby=displayName desc");
      const refused = await call(url, app);
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({
        code: "Request_UnsupportedQuery",
        message: "Sorting not supported for current query.",
      });
      const sorted = await call(`${url}&$count=true`, app, EVENTUAL);
      expect(sorted.body.value.map((u: { displayName: string }) => u.displayName)).toEqual([
        "Allan Deyoung",
        "Alex Wilber",
        "Adele Vance",
      ]);
      // $orderby alone works by default.
      expect((await call(graph("/v1.0/users?$orderby=displayName"), app)).status).toBe(200);
    });
  });

  describe("User.ReadBasic.All, Group.ReadBasic.All, GroupMember.ReadBasic.All", () => {
    it("exist as application roles and delegated scopes with Microsoft's ids", () => {
      const graphSp = RESOURCE_PRINCIPALS.find((p) => p.appId === RESOURCE_APP_IDS.graph);
      const role = (value: string) => graphSp?.appRoles.find((r) => r.value === value)?.id;
      const scope = (value: string) => graphSp?.oauth2PermissionScopes.find((s) => s.value === value)?.id;
      expect(role("User.ReadBasic.All")).toBe("97235f07-e226-4f63-ace3-39588e11d3a1");
      expect(role("Group.ReadBasic.All")).toBe("07d67222-3a10-4d3b-9ddc-b8aa43198a00");
      expect(role("GroupMember.ReadBasic.All")).toBe("8222c640-cae5-4860-8d11-b32cfad95e03");
      expect(scope("Group.ReadBasic.All")).toBe("ba1917bc-a64b-4c71-b66d-229d4a520e66");
      expect(scope("GroupMember.ReadBasic.All")).toBe("28539367-358c-4ed9-b7f0-793eccb8fd34");
    });

    it("an app with only User.ReadBasic.All lists users but sees only the basic profile", async () => {
      const basic = await appTokenWith(["User.ReadBasic.All"]);
      const megan = await call(
        graph("/v1.0/users/megan@contoso.test?$select=displayName,mail,jobTitle,department"),
        basic,
      );
      expect(megan.status).toBe(200);
      expect(megan.body).toMatchObject({
        displayName: "Megan Bowen",
        mail: "megan@contoso.test",
        jobTitle: null,
        department: null,
      });
      const list = await call(graph("/v1.0/users?$top=3"), basic);
      expect(list.status).toBe(200);
      for (const u of list.body.value) {
        expect(u.userPrincipalName).toEqual(expect.any(String));
        expect(u.officeLocation).toBeNull();
      }
      // The seeded app (User.Read.All) sees the full profile.
      const full = await call(graph("/v1.0/users/megan@contoso.test?$select=jobTitle,department"), app);
      expect(full.body).toMatchObject({ department: "Marketing" });
      expect(full.body.jobTitle).toEqual(expect.any(String));
    });

    it("delegated User.ReadBasic.All: other users' basic profile, your own in full", async () => {
      const token = await userToken(emulator, ["User.Read", "User.ReadBasic.All"]);
      const other = await call(graph("/v1.0/users/megan@contoso.test?$select=displayName,department"), token);
      expect(other.body).toMatchObject({ displayName: "Megan Bowen", department: null });
      const self = await call(graph(`/v1.0/users/${emulator.tenant.user.upn}?$select=department`), token);
      expect(self.body.department).toBe("Retail");
    });

    it("Group.ReadBasic.All lists groups and members; GroupMember.ReadBasic.All members but not groups", async () => {
      const groupBasic = await appTokenWith(["Group.ReadBasic.All"]);
      expect((await call(graph("/v1.0/groups"), groupBasic)).status).toBe(200);
      const members = graph(`/v1.0/groups/${SAMPLE.graph.groups.finance.id}/members`);
      expect((await call(members, groupBasic)).status).toBe(200);
      const memberBasic = await appTokenWith(["GroupMember.ReadBasic.All"]);
      expect((await call(members, memberBasic)).status).toBe(200);
      expect((await call(graph("/v1.0/groups"), memberBasic)).status).toBe(403);
      // Owners are not in the basic set.
      expect(
        (await call(graph(`/v1.0/groups/${SAMPLE.graph.groups.finance.id}/owners`), groupBasic)).status,
      ).toBe(403);
    });
  });

  describe("memberships and the org chart", () => {
    it("group members are users, groups, devices and service principals; transitiveMembers expands nesting", async () => {
      const direct = await call(
        graph(`/v1.0/groups/${SAMPLE.graph.groups.salesAndMarketing.id}/members?$top=999`),
        app,
      );
      const types = new Set(direct.body.value.map((m: Record<string, unknown>) => m["@odata.type"]));
      expect(types).toEqual(new Set(["#microsoft.graph.user", "#microsoft.graph.group"]));
      expect(
        direct.body.value.find((m: { id: string }) => m.id === SAMPLE.graph.groups.retail.id),
      ).toMatchObject({
        "@odata.type": "#microsoft.graph.group",
        displayName: "Retail",
      });
      const nested = await call(
        graph(`/v1.0/groups/${SAMPLE.graph.groups.salesAndMarketing.id}/transitiveMembers?$top=999`),
        app,
      );
      const directIds = new Set(direct.body.value.map((m: { id: string }) => m.id));
      const extra = nested.body.value.filter((m: { id: string }) => !directIds.has(m.id));
      // Retail's users (none of them is a direct member of Sales and Marketing).
      expect(names({ value: extra })).toEqual([
        "Adele Vance",
        "Cameron White",
        "Christie Cline",
        "Lynne Robbins",
      ]);
      const owners = await call(graph(`/v1.0/groups/${SAMPLE.graph.groups.itAdmins.id}/owners`), app);
      expect(owners.body.value.map((o: Record<string, unknown>) => o["@odata.type"]).sort()).toEqual([
        "#microsoft.graph.servicePrincipal",
        "#microsoft.graph.user",
      ]);
    });

    it("members of a type the caller cannot read come back with only @odata.type and id", async () => {
      const url = graph(`/v1.0/groups/${SAMPLE.graph.groups.itAdmins.id}/members`);
      const membershipOnly = await appTokenWith(["GroupMember.Read.All"]);
      const limited = await call(url, membershipOnly);
      expect(limited.status).toBe(200);
      const byType = (body: { value: Record<string, unknown>[] }, type: string) =>
        body.value.filter((m) => m["@odata.type"] === `#microsoft.graph.${type}`);
      expect(byType(limited.body, "user").every((u) => typeof u.displayName === "string")).toBe(true);
      for (const type of ["device", "servicePrincipal"]) {
        const [member] = byType(limited.body, type);
        expect(member?.id, type).toEqual(expect.any(String));
        expect(member?.displayName, type).toBeNull();
      }
      // With the permission to read those types, they come back in full.
      const full = await call(
        url,
        await appTokenWith(["GroupMember.Read.All", "Device.Read.All", "Application.Read.All"]),
      );
      expect(byType(full.body, "device")[0]?.displayName).toBe("ADMIN-LAPTOP-01");
      expect(byType(full.body, "servicePrincipal")[0]?.displayName).toBe("entra-mcp");
    });

    it("memberOf lists direct groups and roles; transitiveMemberOf adds the groups that nest them", async () => {
      const direct = await call(graph(`/v1.0/users/${emulator.tenant.user.upn}/memberOf`), app);
      expect(direct.status).toBe(200);
      expect(direct.body["@odata.context"]).toBe(`${emulator.urls.graph}/v1.0/$metadata#directoryObjects`);
      expect(
        direct.body.value.map((o: Record<string, unknown>) => [o["@odata.type"], o.displayName]).sort(),
      ).toEqual(
        [
          ["#microsoft.graph.directoryRole", "Reports Reader"],
          ["#microsoft.graph.group", "All Company"],
          ["#microsoft.graph.group", "Retail"],
        ].sort(),
      );
      // $search works on memberships too, as an advanced query.
      const searched = await call(
        graph(`/v1.0/users/${emulator.tenant.user.upn}/memberOf?$search="displayName:ret"&$count=true`),
        app,
        EVENTUAL,
      );
      expect(names(searched.body)).toEqual(["Retail"]);
      expect(searched.body["@odata.count"]).toBe(1);
      const nested = await call(graph(`/v1.0/users/${emulator.tenant.user.upn}/transitiveMemberOf`), app);
      expect(names(nested.body)).toEqual(["All Company", "Reports Reader", "Retail", "Sales and Marketing"]);
    });

    it("memberOf follows the permissions reference: GroupMember.Read.All alone is not enough app-only", async () => {
      const url = graph(`/v1.0/users/${emulator.tenant.user.upn}/memberOf`);
      expect((await call(url, await appTokenWith(["GroupMember.Read.All"]))).status).toBe(403);
      expect((await call(url, await appTokenWith(["Group.ReadBasic.All"]))).status).toBe(200);
      // Delegated User.Read reads only the signed-in user's own memberships.
      const userRead = await userToken(emulator, ["User.Read"]);
      expect((await call(url, userRead)).status).toBe(200);
      expect((await call(graph("/v1.0/users/megan@contoso.test/memberOf"), userRead)).status).toBe(403);
    });

    it("/me/memberOf, /me/transitiveMemberOf and /me/manager for the signed-in user; app-only is the /me 400", async () => {
      const token = await userToken(emulator, ["User.Read"]);
      const memberOf = await call(graph("/v1.0/me/memberOf"), token);
      expect(names(memberOf.body)).toEqual(["All Company", "Reports Reader", "Retail"]);
      const nested = await call(graph("/v1.0/me/transitiveMemberOf"), token);
      expect(names(nested.body)).toContain("Sales and Marketing");
      const manager = await call(graph("/v1.0/me/manager"), token);
      expect(manager.body.displayName).toBe("Miriam Graham");
      const appOnly = await call(graph("/v1.0/me/memberOf"), app);
      expect(appOnly.status).toBe(400);
      expect(appOnly.body.error.message).toBe(
        "/me request is only valid with delegated authentication flow.",
      );
    });

    it("manager and directReports; a user without a manager is 404", async () => {
      const manager = await call(graph(`/v1.0/users/${emulator.tenant.user.upn}/manager`), app);
      expect(manager.body).toMatchObject({
        "@odata.type": "#microsoft.graph.user",
        displayName: "Miriam Graham",
      });
      const reports = await call(graph("/v1.0/users/miriamg@contoso.test/directReports"), app);
      expect(names(reports.body)).toEqual([
        "Adele Vance",
        "Alex Wilber",
        "Brian Johnson",
        "Lenora Sanders",
        "Megan Bowen",
      ]);
      const top = await call(graph("/v1.0/users/pattif@contoso.test/manager"), app);
      expect(top.status).toBe(404);
      expect(top.body.error.code).toBe("Request_ResourceNotFound");
      // The org chart is not in the basic profile.
      const basic = await appTokenWith(["User.ReadBasic.All"]);
      expect((await call(graph("/v1.0/users/miriamg@contoso.test/directReports"), basic)).status).toBe(403);
    });
  });

  describe("devices, roles, audit, policies, licences, registration report", () => {
    it("devices need Device.Read.All (or Directory.Read.All)", async () => {
      const all = await call(graph("/v1.0/devices"), app);
      expect(names(all.body)).toEqual(["ADELE-SURFACE", "ADMIN-LAPTOP-01", "KIOSK-SLC-01", "MEGAN-MACBOOK"]);
      const noncompliant = await call(graph("/v1.0/devices?$filter=isCompliant eq false"), app);
      expect(names(noncompliant.body)).toEqual(["KIOSK-SLC-01"]);
      const one = await call(graph(`/v1.0/devices/${DIRECTORY_SAMPLE.devices.adeleLaptop.id}`), app);
      expect(one.body).toMatchObject({ trustType: "AzureAd", operatingSystem: "Windows", isCompliant: true });
      expect((await call(graph("/v1.0/devices"), await appTokenWith(["User.Read.All"]))).status).toBe(403);
    });

    it("directory roles with members, and unified role assignments filtered by principal", async () => {
      const roles = await call(graph("/v1.0/directoryRoles"), app);
      const admin = roles.body.value.find(
        (r: { roleTemplateId: string }) =>
          r.roleTemplateId === DIRECTORY_SAMPLE.roleTemplates.globalAdministrator,
      );
      expect(admin).toMatchObject({ displayName: "Global Administrator" });
      const members = await call(graph(`/v1.0/directoryRoles/${admin.id}/members`), app);
      expect(names(members.body)).toEqual(["Patti Fernandez"]);
      const patti = emulator.directory.findUser("pattif@contoso.test")?.oid;
      const assignments = await call(
        graph(`/v1.0/roleManagement/directory/roleAssignments?$filter=principalId eq '${patti}'`),
        app,
      );
      expect(assignments.body.value).toEqual([
        expect.objectContaining({
          principalId: patti,
          roleDefinitionId: DIRECTORY_SAMPLE.roleTemplates.globalAdministrator,
          directoryScopeId: "/",
        }),
      ]);
      // roleDefinitions name the roles; $expand=roleDefinition,principal names them inline.
      const definitions = await call(graph("/v1.0/roleManagement/directory/roleDefinitions"), app);
      expect(definitions.body.value.map((d: { id: string }) => d.id)).toContain(
        DIRECTORY_SAMPLE.roleTemplates.globalAdministrator,
      );
      const expanded = await call(
        graph(
          `/v1.0/roleManagement/directory/roleAssignments?$filter=principalId eq '${patti}'&$expand=roleDefinition,principal`,
        ),
        app,
      );
      expect(expanded.body.value[0]).toMatchObject({
        roleDefinition: { displayName: "Global Administrator", isBuiltIn: true },
        principal: { "@odata.type": "#microsoft.graph.user", displayName: "Patti Fernandez" },
      });
      const badExpand = await call(
        graph("/v1.0/roleManagement/directory/roleAssignments?$expand=owner"),
        app,
      );
      expect(badExpand.status).toBe(400);
      const roleOnly = await appTokenWith(["RoleManagement.Read.Directory"]);
      expect((await call(graph("/v1.0/directoryRoles"), roleOnly)).status).toBe(200);
      expect((await call(graph("/v1.0/directoryRoles"), await appTokenWith(["User.Read.All"]))).status).toBe(
        403,
      );
    });

    it("directory audits newest first, filterable by category", async () => {
      const audits = await call(graph("/v1.0/auditLogs/directoryAudits"), app);
      const times = audits.body.value.map((a: { activityDateTime: string }) => a.activityDateTime);
      expect(times).toEqual([...times].sort().reverse());
      const users = await call(
        graph("/v1.0/auditLogs/directoryAudits?$filter=category eq 'UserManagement'"),
        app,
      );
      expect(users.body.value.map((a: { activityDisplayName: string }) => a.activityDisplayName)).toEqual([
        "Update user",
        "Reset user password",
      ]);
      expect(users.body.value[0].initiatedBy.user.userPrincipalName).toBe("omarh@contoso.test");
    });

    it("Conditional Access policies need Policy.Read.All", async () => {
      const policies = await call(graph("/v1.0/identity/conditionalAccess/policies"), app);
      expect(names(policies.body)).toEqual([
        "Block legacy authentication",
        "Require MFA for administrators",
        "Require compliant device for Finance",
      ]);
      const mfa = policies.body.value.find(
        (p: { id: string }) => p.id === DIRECTORY_SAMPLE.conditionalAccess.mfaForAdmins.id,
      );
      expect(mfa).toMatchObject({
        state: "enabled",
        grantControls: { operator: "OR", builtInControls: ["mfa"] },
      });
      expect(mfa.conditions.users.includeRoles).toContain(DIRECTORY_SAMPLE.roleTemplates.globalAdministrator);
      const noPolicy = await appTokenWith(["Directory.Read.All"]);
      expect((await call(graph("/v1.0/identity/conditionalAccess/policies"), noPolicy)).status).toBe(403);
    });

    it("organization reads with any permission the reference lists, User.Read.All included", async () => {
      const org = await call(graph("/v1.0/organization"), await appTokenWith(["User.Read.All"]));
      expect(org.status).toBe(200);
      expect(org.body.value[0].id).toBe(emulator.tenant.tenantId);
      expect((await call(graph("/v1.0/organization"), await appTokenWith(["Device.Read.All"]))).status).toBe(
        403,
      );
    });

    it("subscribed SKUs and the authentication-methods registration report", async () => {
      const skus = await call(graph("/v1.0/subscribedSkus"), app);
      expect(skus.body.value.map((s: { skuPartNumber: string }) => s.skuPartNumber).sort()).toEqual([
        "AAD_PREMIUM",
        "ENTERPRISEPACK",
        "POWER_BI_PRO",
      ]);
      expect(skus.body.value[0]).toMatchObject({
        prepaidUnits: { enabled: expect.any(Number) },
        capabilityStatus: "Enabled",
      });
      const licenceOnly = await appTokenWith(["LicenseAssignment.Read.All"]);
      expect((await call(graph("/v1.0/subscribedSkus"), licenceOnly)).status).toBe(200);
      const report = graph("/v1.0/reports/authenticationMethods/userRegistrationDetails");
      const unregistered = await call(`${report}?$filter=isMfaRegistered eq false`, app);
      expect(unregistered.body.value.length).toBeGreaterThan(0);
      for (const r of unregistered.body.value) expect(r.methodsRegistered).toEqual([]);
      const admins = await call(`${report}?$filter=isAdmin eq true`, app);
      expect(admins.body.value.map((r: { userPrincipalName: string }) => r.userPrincipalName)).toContain(
        "pattif@contoso.test",
      );
      expect((await call(report, await appTokenWith(["User.Read.All"]))).status).toBe(403);
    });
  });
});
