import type { DirectoryState } from "../directory/directory-state.js";
import type { DirectoryUser } from "../directory/directory-types.js";
import type { GraphState } from "../graph/graph-state.js";
import { nameBasedGuid } from "../ids.js";
import { SAMPLE } from "./sample-ids.js";

const id = (...parts: string[]) => nameBasedGuid("entra-mcp-emulator-directory", ...parts);
const named = <N extends string>(name: N, ...parts: string[]) => ({ id: id(...parts), name });

/** Names and ids of the directory depth the default seed adds (devices, roles, policies). */
export const DIRECTORY_SAMPLE = {
  devices: {
    /** Adele's Entra-joined, compliant Windows laptop. */
    adeleLaptop: named("ADELE-SURFACE", "device", "adele-surface"),
    /** Megan's registered (Workplace) Mac. */
    meganMac: named("MEGAN-MACBOOK", "device", "megan-macbook"),
    /** An IT admin laptop; member of IT Admins. */
    adminLaptop: named("ADMIN-LAPTOP-01", "device", "admin-laptop"),
    /** A hybrid-joined kiosk that is not compliant and is disabled. */
    kiosk: named("KIOSK-SLC-01", "device", "kiosk-slc"),
  },
  /** Built-in role template ids are Microsoft's (the same in every tenant). */
  roleTemplates: {
    globalAdministrator: "62e90394-69f5-4237-9190-012177145e10",
    globalReader: "f2ef992c-3afb-46b9-b7cf-a126ee74c451",
    userAdministrator: "fe930be7-5e62-47db-91af-98c3a49a38b1",
    securityReader: "5d6b6bb7-de71-4623-b4af-96380a352509",
    reportsReader: "4a5d8f65-41da-4de4-8968-e035b65339cf",
  },
  conditionalAccess: {
    mfaForAdmins: named("Require MFA for administrators", "ca", "mfa-admins"),
    blockLegacyAuth: named("Block legacy authentication", "ca", "block-legacy"),
    compliantFinance: named("Require compliant device for Finance", "ca", "compliant-finance"),
  },
} as const;

const SKUS = [
  {
    skuId: "6fd2c87f-b296-42f0-b197-1e91e994b900",
    skuPartNumber: "ENTERPRISEPACK",
    enabled: 50,
    plans: [
      ["efb87545-963c-4e0d-99df-69c6916d9eb0", "EXCHANGE_S_ENTERPRISE"],
      ["5dbe027f-2339-4123-9542-606e4d348a72", "SHAREPOINTENTERPRISE"],
    ],
  },
  {
    skuId: "078d2b04-f1bd-4111-bbd4-b4b1b354cef4",
    skuPartNumber: "AAD_PREMIUM",
    enabled: 30,
    plans: [["41781fb2-bc02-4b7c-bd55-b576c07bb09d", "AAD_PREMIUM"]],
  },
  {
    skuId: "f8a1db68-be16-40ed-86d5-cb42ce701560",
    skuPartNumber: "POWER_BI_PRO",
    enabled: 10,
    plans: [["70d33638-9c74-4d01-bfd3-562de28bd4ba", "BI_AZURE_P2"]],
  },
] as const;

const iso = (hoursAgo: number) =>
  new Date(Date.now() - hoursAgo * 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z");

/**
 * The directory beyond users and groups: an org chart (managers), groups with nested groups,
 * devices and a service principal among their members, owners, devices, activated directory
 * roles with assignments, a directory audit log, Conditional Access policies, licences and
 * the authentication-methods registration report. Call after seedGraphData.
 */
export function seedDirectoryData(
  directory: DirectoryState,
  graph: GraphState,
  app: { clientId: string },
): void {
  const domain = directory.tenant.defaultDomain;
  const users = directory.listUsers();
  const find = (alias: string) => users.find((u) => u.upn === `${alias}@${domain}`);
  const user = (alias: string) => find(alias) as DirectoryUser;
  const oid = (alias: string) => find(alias)?.oid;
  const appSp = directory.servicePrincipalOf(app.clientId);

  // Org chart: Patti (President) -> directors -> their teams.
  const reports: Record<string, string[]> = {
    pattif: ["miriamg", "nestorw", "irvins", "leeg", "debrab", "diegos"],
    miriamg: ["adele", "megan", "alexw", "lenoras", "brianj"],
    brianj: ["isaiahl", "raulr"],
    nestorw: ["alland", "gerhartm", "omarh", "emilyb"],
    irvins: ["gradya", "henriettam", "johannal", "lidiah"],
  };
  for (const [manager, team] of Object.entries(reports)) {
    for (const member of team) {
      const m = oid(manager);
      const u = oid(member);
      if (m && u) graph.setManager(u, m);
    }
  }

  const devices = DIRECTORY_SAMPLE.devices;
  const device = (
    d: { id: string; name: string },
    os: [string, string],
    trustType: "AzureAd" | "ServerAd" | "Workplace",
    flags: { compliant: boolean; enabled?: boolean; owner?: string; lastSeenHours: number },
  ) =>
    graph.addDevice({
      id: d.id,
      deviceId: nameBasedGuid("device-id", d.name),
      displayName: d.name,
      operatingSystem: os[0],
      operatingSystemVersion: os[1],
      trustType,
      isCompliant: flags.compliant,
      isManaged: trustType !== "Workplace",
      accountEnabled: flags.enabled ?? true,
      registrationDateTime: iso(24 * 300),
      approximateLastSignInDateTime: iso(flags.lastSeenHours),
      registeredOwnerIds: flags.owner && oid(flags.owner) ? [oid(flags.owner) as string] : [],
    });
  device(devices.adeleLaptop, ["Windows", "10.0.22631.3880"], "AzureAd", {
    compliant: true,
    owner: "adele",
    lastSeenHours: 3,
  });
  device(devices.meganMac, ["MacMDM", "14.5"], "Workplace", {
    compliant: true,
    owner: "megan",
    lastSeenHours: 30,
  });
  device(devices.adminLaptop, ["Windows", "10.0.22631.3880"], "AzureAd", {
    compliant: true,
    owner: "alland",
    lastSeenHours: 1,
  });
  device(devices.kiosk, ["Windows", "10.0.19045.4529"], "ServerAd", {
    compliant: false,
    enabled: false,
    lastSeenHours: 24 * 45,
  });

  // Members of every kind: IT Admins holds a device and the app's service principal; Sales and
  // Marketing holds the Retail group (nested), so transitive queries differ from direct ones.
  const groups = SAMPLE.graph.groups;
  const itAdmins = graph.getGroup(groups.itAdmins.id);
  if (itAdmins) {
    itAdmins.memberIds.push(devices.adminLaptop.id);
    if (appSp) itAdmins.memberIds.push(appSp.objectId);
  }
  graph.getGroup(groups.salesAndMarketing.id)?.memberIds.push(groups.retail.id);
  const owners: [{ id: string }, string[]][] = [
    [groups.allCompany, ["pattif"]],
    [groups.salesAndMarketing, ["miriamg"]],
    [groups.finance, ["emilyb"]],
    [groups.itAdmins, ["alland"]],
    [groups.retail, ["adele"]],
  ];
  for (const [g, aliases] of owners) {
    const found = graph.getGroup(g.id);
    if (found) found.ownerIds = aliases.map(oid).filter(isString);
  }
  const it = graph.getGroup(groups.itAdmins.id);
  if (it && appSp) it.ownerIds = [...(it.ownerIds ?? []), appSp.objectId];

  // Activated directory roles (directoryRoles) and the same grants as unified role assignments.
  const templates = DIRECTORY_SAMPLE.roleTemplates;
  const roles: [string, string, string, string[]][] = [
    [
      templates.globalAdministrator,
      "Global Administrator",
      "Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft Entra identities.",
      ["pattif"],
    ],
    [
      templates.globalReader,
      "Global Reader",
      "Can read everything that a Global Administrator can, but not update anything.",
      ["alland"],
    ],
    [
      templates.userAdministrator,
      "User Administrator",
      "Can manage all aspects of users and groups, including resetting passwords for limited admins.",
      ["omarh"],
    ],
    [
      templates.securityReader,
      "Security Reader",
      "Can read security information and reports in Microsoft Entra ID and Office 365.",
      ["gerhartm"],
    ],
    [templates.reportsReader, "Reports Reader", "Can read sign-in and audit reports.", ["adele"]],
  ];
  // Role definitions: one per built-in role, its id the template id (as for built-in roles).
  const actions: Record<string, string[]> = {
    [templates.globalAdministrator]: ["microsoft.directory/*/allTasks"],
    [templates.globalReader]: ["microsoft.directory/*/standard/read"],
    [templates.userAdministrator]: [
      "microsoft.directory/users/allProperties/allTasks",
      "microsoft.directory/groups/allProperties/allTasks",
    ],
    [templates.securityReader]: [
      "microsoft.directory/auditLogs/allProperties/read",
      "microsoft.directory/signInReports/allProperties/read",
    ],
    [templates.reportsReader]: [
      "microsoft.directory/auditLogs/allProperties/read",
      "microsoft.directory/signInReports/allProperties/read",
    ],
  };
  for (const [templateId, displayName, description] of roles) {
    graph.roleDefinitions.push({
      id: templateId,
      templateId,
      displayName,
      description,
      isBuiltIn: true,
      isEnabled: true,
      resourceScopes: ["/"],
      version: "1",
      rolePermissions: [
        { allowedResourceActions: actions[templateId] ?? [], condition: null, excludedResourceActions: [] },
      ],
    });
  }
  for (const [templateId, displayName, description, aliases] of roles) {
    const members = aliases.map(oid).filter(isString);
    graph.directoryRoles.push({
      id: id("role", templateId),
      roleTemplateId: templateId,
      displayName,
      description,
      memberIds: members,
    });
    for (const principalId of members) {
      graph.roleAssignments.push({
        id: roleAssignmentId(templateId, principalId),
        principalId,
        roleDefinitionId: templateId,
        directoryScopeId: "/",
      });
    }
  }
  if (appSp) {
    graph.roleAssignments.push({
      id: roleAssignmentId(templates.globalReader, appSp.objectId),
      principalId: appSp.objectId,
      roleDefinitionId: templates.globalReader,
      directoryScopeId: "/",
    });
    graph.directoryRoles
      .find((r) => r.roleTemplateId === templates.globalReader)
      ?.memberIds.push(appSp.objectId);
  }

  seedAudits(
    graph,
    user,
    appSp ? { appId: app.clientId, spId: appSp.objectId, name: appSp.displayName } : undefined,
  );
  seedConditionalAccess(graph);
  seedSkus(graph, directory.tenant.tenantId, users.length);
  users.forEach((u, i) => {
    const admin = graph.directoryRoles.some((r) => r.memberIds.includes(u.oid));
    const methods =
      i % 4 === 3
        ? []
        : i % 3 === 0
          ? ["microsoftAuthenticatorPush", "softwareOneTimePasscode"]
          : ["microsoftAuthenticatorPush"];
    graph.registrations.set(u.oid, {
      userId: u.oid,
      methodsRegistered: admin ? ["microsoftAuthenticatorPush", "fido2"] : methods,
      isAdmin: admin,
      isSsprRegistered: methods.length > 0,
      lastUpdatedDateTime: iso(24 * (i + 1)),
    });
  });
}

const isString = (v: unknown): v is string => typeof v === "string";

/** Graph's role assignment ids are base64url of the role definition and principal ids plus "-1". */
function roleAssignmentId(roleDefinitionId: string, principalId: string): string {
  const bytes = (guid: string) => Buffer.from(guid.replaceAll("-", ""), "hex").toString("base64url");
  return `${bytes(roleDefinitionId)}${bytes(principalId)}-1`;
}

function seedAudits(
  graph: GraphState,
  user: (alias: string) => DirectoryUser,
  app: { appId: string; spId: string; name: string } | undefined,
): void {
  const by = (alias: string) => {
    const u = user(alias);
    return {
      user: { id: u.oid, displayName: u.displayName, userPrincipalName: u.upn, ipAddress: "203.0.113.40" },
      app: null,
    };
  };
  const target = (
    type: string,
    targetId: string,
    displayName: string,
    upn: string | null = null,
    changes: [string, string, string][] = [],
  ) => ({
    id: targetId,
    displayName,
    type,
    userPrincipalName: upn,
    groupType: null,
    modifiedProperties: changes.map(([name, oldValue, newValue]) => ({
      displayName: name,
      oldValue,
      newValue,
    })),
  });
  const megan = user("megan");
  const adele = user("adele");
  const entries = [
    {
      hours: 2,
      category: "GroupManagement",
      activity: "Add member to group",
      operationType: "Assign",
      initiatedBy: by("alland"),
      targets: [
        target("User", adele.oid, adele.displayName, adele.upn),
        target("Group", SAMPLE.graph.groups.retail.id, "Retail"),
      ],
    },
    {
      hours: 6,
      category: "UserManagement",
      activity: "Update user",
      operationType: "Update",
      initiatedBy: by("omarh"),
      targets: [
        target("User", megan.oid, megan.displayName, megan.upn, [
          ["JobTitle", '["Marketing Manager"]', '["Marketing Director"]'],
        ]),
      ],
    },
    {
      hours: 20,
      category: "UserManagement",
      activity: "Reset user password",
      operationType: "Update",
      initiatedBy: by("omarh"),
      targets: [target("User", adele.oid, adele.displayName, adele.upn)],
    },
    {
      hours: 30,
      category: "ApplicationManagement",
      activity: "Consent to application",
      operationType: "Assign",
      initiatedBy: by("pattif"),
      targets: app ? [target("ServicePrincipal", app.spId, app.name)] : [],
    },
    {
      hours: 50,
      category: "Policy",
      activity: "Update conditional access policy",
      operationType: "Update",
      loggedByService: "Conditional Access",
      initiatedBy: by("pattif"),
      targets: [
        target(
          "Policy",
          DIRECTORY_SAMPLE.conditionalAccess.mfaForAdmins.id,
          DIRECTORY_SAMPLE.conditionalAccess.mfaForAdmins.name,
        ),
      ],
    },
    {
      hours: 70,
      category: "GroupManagement",
      activity: "Remove member from group",
      operationType: "Unassign",
      result: "failure",
      resultReason: "Insufficient privileges to complete the operation.",
      initiatedBy: app
        ? {
            user: null,
            app: {
              appId: app.appId,
              displayName: app.name,
              servicePrincipalId: app.spId,
              servicePrincipalName: app.name,
            },
          }
        : by("pattif"),
      targets: [target("Group", SAMPLE.graph.groups.finance.id, "Finance")],
    },
  ];
  entries.forEach((e, i) => {
    graph.directoryAudits.push({
      id: `Directory_${nameBasedGuid("audit", String(i))}`,
      category: e.category,
      correlationId: nameBasedGuid("audit-correlation", String(i)),
      result: e.result ?? "success",
      resultReason: e.resultReason ?? "",
      activityDisplayName: e.activity,
      activityDateTime: iso(e.hours),
      loggedByService: e.loggedByService ?? "Core Directory",
      operationType: e.operationType,
      initiatedBy: e.initiatedBy,
      targetResources: e.targets,
      additionalDetails: [],
    });
  });
}

function seedConditionalAccess(graph: GraphState): void {
  const ca = DIRECTORY_SAMPLE.conditionalAccess;
  const t = DIRECTORY_SAMPLE.roleTemplates;
  const users = (over: Partial<Record<string, string[]>>) => ({
    includeUsers: [],
    excludeUsers: [],
    includeGroups: [],
    excludeGroups: [],
    includeRoles: [],
    excludeRoles: [],
    includeGuestsOrExternalUsers: null,
    excludeGuestsOrExternalUsers: null,
    ...over,
  });
  const policy = (
    p: { id: string; name: string },
    state: string,
    clientAppTypes: string[],
    usersCondition: ReturnType<typeof users>,
    grant: { operator: string; builtInControls: string[] },
  ) => ({
    id: p.id,
    templateId: null,
    displayName: p.name,
    createdDateTime: iso(24 * 200),
    modifiedDateTime: iso(50),
    state,
    sessionControls: null,
    conditions: {
      userRiskLevels: [],
      signInRiskLevels: [],
      clientAppTypes,
      servicePrincipalRiskLevels: [],
      insiderRiskLevels: null,
      platforms: null,
      locations: null,
      devices: null,
      clientApplications: null,
      authenticationFlows: null,
      applications: {
        includeApplications: ["All"],
        excludeApplications: [],
        includeUserActions: [],
        includeAuthenticationContextClassReferences: [],
        applicationFilter: null,
      },
      users: usersCondition,
    },
    grantControls: { ...grant, customAuthenticationFactors: [], termsOfUse: [] },
  });
  graph.conditionalAccessPolicies.push(
    policy(
      ca.mfaForAdmins,
      "enabled",
      ["all"],
      users({ includeRoles: [t.globalAdministrator, t.userAdministrator] }),
      {
        operator: "OR",
        builtInControls: ["mfa"],
      },
    ),
    policy(ca.blockLegacyAuth, "enabled", ["exchangeActiveSync", "other"], users({ includeUsers: ["All"] }), {
      operator: "OR",
      builtInControls: ["block"],
    }),
    policy(
      ca.compliantFinance,
      "enabledForReportingButNotEnforced",
      ["browser", "mobileAppsAndDesktopClients"],
      users({ includeGroups: [SAMPLE.graph.groups.finance.id] }),
      { operator: "AND", builtInControls: ["mfa", "compliantDevice"] },
    ),
  );
}

function seedSkus(graph: GraphState, tenantId: string, userCount: number): void {
  for (const sku of SKUS) {
    graph.subscribedSkus.push({
      id: `${tenantId}_${sku.skuId}`,
      accountId: tenantId,
      accountName: "contoso",
      appliesTo: "User",
      capabilityStatus: "Enabled",
      consumedUnits: Math.min(sku.enabled, userCount),
      prepaidUnits: { enabled: sku.enabled, suspended: 0, warning: 0, lockedOut: 0 },
      skuId: sku.skuId,
      skuPartNumber: sku.skuPartNumber,
      subscriptionIds: [nameBasedGuid("subscription", sku.skuPartNumber)],
      servicePlans: sku.plans.map(([servicePlanId, servicePlanName]) => ({
        servicePlanId,
        servicePlanName,
        provisioningStatus: "Success",
        appliesTo: "User",
      })),
    });
  }
}
