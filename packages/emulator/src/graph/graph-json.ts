import type { DirectoryUser } from "../directory/directory-types.js";
import { nameBasedGuid } from "../ids.js";
import type {
  DirectoryDevice,
  DirectoryGroup,
  DirectoryRoleRecord,
  MailAddress,
  MailMessage,
  RegistrationRecord,
  RoleAssignmentRecord,
  SignInRecord,
} from "./graph-types.js";

// Resource shapes as Graph v1.0 serializes them. Each function returns every property the
// emulator knows; collections project them to the default set or to $select.

/** Properties Graph returns for a user when there is no $select. */
export const USER_DEFAULT_PROPERTIES = [
  "businessPhones",
  "displayName",
  "givenName",
  "jobTitle",
  "mail",
  "mobilePhone",
  "officeLocation",
  "preferredLanguage",
  "surname",
  "userPrincipalName",
  "id",
];

export function userJson(user: DirectoryUser): Record<string, unknown> {
  return {
    businessPhones: [],
    displayName: user.displayName,
    givenName: user.givenName ?? null,
    jobTitle: user.jobTitle ?? null,
    mail: user.mail ?? null,
    mobilePhone: user.mobilePhone ?? null,
    officeLocation: user.officeLocation ?? null,
    preferredLanguage: "en-US",
    surname: user.surname ?? null,
    userPrincipalName: user.upn,
    id: user.oid,
    accountEnabled: user.accountEnabled ?? true,
    city: user.city ?? null,
    companyName: null,
    country: user.country ?? null,
    createdDateTime: user.createdDateTime ?? null,
    department: user.department ?? null,
    employeeId: null,
    mailNickname: user.upn.split("@")[0] ?? user.upn,
    securityIdentifier: `S-1-12-1-${Number.parseInt(user.oid.slice(0, 8), 16)}`,
    usageLocation: user.country ? "US" : null,
    userType: "Member",
  };
}

/**
 * The basic profile (permissions reference, User.ReadBasic.All): what a caller without a full
 * user-read permission may see of other users.
 */
export const USER_BASIC_PROPERTIES = [
  "id",
  "displayName",
  "givenName",
  "surname",
  "mail",
  "userPrincipalName",
  "securityIdentifier",
];

const BASIC = new Set(USER_BASIC_PROPERTIES);

/** A user as a User.ReadBasic.All caller gets it: every other property is null. */
export function basicProfileJson(user: Record<string, unknown>): Record<string, unknown> {
  // A copy keeps the full profile's shape (fast to build), then the non-basic values are nulled.
  const basic = { ...user };
  for (const key of Object.keys(basic)) if (!BASIC.has(key)) basic[key] = null;
  return basic;
}

export function groupJson(group: DirectoryGroup): Record<string, unknown> {
  return {
    id: group.id,
    deletedDateTime: null,
    classification: null,
    createdDateTime: group.createdDateTime,
    description: group.description,
    displayName: group.displayName,
    expirationDateTime: null,
    groupTypes: group.groupTypes,
    isAssignableToRole: null,
    mail: group.mail,
    mailEnabled: group.mailEnabled,
    mailNickname: group.mailNickname,
    membershipRule: null,
    membershipRuleProcessingState: null,
    onPremisesSyncEnabled: null,
    preferredDataLocation: null,
    proxyAddresses: group.mail ? [`SMTP:${group.mail}`] : [],
    renewedDateTime: group.createdDateTime,
    resourceBehaviorOptions: [],
    resourceProvisioningOptions: group.groupTypes.includes("Unified") ? ["Team"] : [],
    securityEnabled: group.securityEnabled,
    securityIdentifier: `S-1-12-1-${Number.parseInt(group.id.slice(0, 8), 16)}`,
    theme: null,
    visibility: group.visibility,
  };
}

export function signInJson(s: SignInRecord): Record<string, unknown> {
  return {
    id: s.id,
    createdDateTime: s.createdDateTime,
    userDisplayName: s.userDisplayName,
    userPrincipalName: s.userPrincipalName,
    userId: s.userId,
    appId: s.appId,
    appDisplayName: s.appDisplayName,
    ipAddress: s.ipAddress,
    clientAppUsed: s.clientAppUsed,
    correlationId: nameBasedGuid("correlation", s.id),
    conditionalAccessStatus: "notApplied",
    isInteractive: s.isInteractive,
    riskDetail: "none",
    riskLevelAggregated: "none",
    riskLevelDuringSignIn: "none",
    riskState: "none",
    riskEventTypes: [],
    riskEventTypes_v2: [],
    resourceDisplayName: s.resourceDisplayName,
    resourceId: s.resourceId,
    status: {
      errorCode: s.errorCode,
      failureReason: s.failureReason ?? "Other.",
      additionalDetails: null,
    },
    deviceDetail: {
      deviceId: "",
      displayName: null,
      operatingSystem: s.operatingSystem,
      browser: s.browser,
      isCompliant: null,
      isManaged: null,
      trustType: null,
    },
    location: {
      city: s.city,
      state: null,
      countryOrRegion: s.countryOrRegion,
      geoCoordinates: { altitude: null, latitude: null, longitude: null },
    },
    appliedConditionalAccessPolicies: [],
  };
}

const recipient = (a: MailAddress) => ({ emailAddress: { name: a.name, address: a.address } });

export function messageJson(m: MailMessage): Record<string, unknown> {
  const text = m.body.contentType === "html" ? m.body.content.replace(/<[^>]+>/g, " ") : m.body.content;
  return {
    "@odata.etag": `W/"${Buffer.from(m.id).toString("base64").slice(0, 24)}"`,
    id: m.id,
    createdDateTime: m.receivedDateTime,
    lastModifiedDateTime: m.receivedDateTime,
    changeKey: Buffer.from(m.id).toString("base64").slice(0, 24),
    categories: [],
    receivedDateTime: m.receivedDateTime,
    sentDateTime: m.sentDateTime,
    hasAttachments: m.hasAttachments,
    internetMessageId: `<${m.id.slice(5, 21)}@contoso.test>`,
    subject: m.subject,
    bodyPreview: text.replace(/\s+/g, " ").trim().slice(0, 255),
    importance: m.importance,
    parentFolderId: "AAMkAInbox",
    conversationId: m.conversationId,
    isDeliveryReceiptRequested: false,
    isReadReceiptRequested: false,
    isRead: m.isRead,
    isDraft: false,
    webLink: `https://outlook.office365.com/owa/?ItemID=${encodeURIComponent(m.id)}&viewmodel=ReadMessageItem`,
    inferenceClassification: "focused",
    body: m.body,
    sender: recipient(m.from),
    from: recipient(m.from),
    toRecipients: m.toRecipients.map(recipient),
    ccRecipients: m.ccRecipients.map(recipient),
    bccRecipients: [],
    replyTo: [],
    flag: { flagStatus: "notFlagged" },
  };
}

export function deviceJson(d: DirectoryDevice): Record<string, unknown> {
  return {
    id: d.id,
    deletedDateTime: null,
    accountEnabled: d.accountEnabled,
    approximateLastSignInDateTime: d.approximateLastSignInDateTime,
    complianceExpirationDateTime: null,
    deviceCategory: null,
    deviceId: d.deviceId,
    deviceMetadata: null,
    deviceOwnership: d.trustType === "Workplace" ? "Personal" : "Company",
    deviceVersion: 2,
    displayName: d.displayName,
    enrollmentProfileName: null,
    enrollmentType: d.isManaged ? "AzureDomainJoined" : null,
    isCompliant: d.isCompliant,
    isManaged: d.isManaged,
    manufacturer: d.operatingSystem === "Windows" ? "Microsoft Corporation" : "Apple Inc.",
    mdmAppId: d.isManaged ? "0000000a-0000-0000-c000-000000000000" : null,
    model: d.operatingSystem === "Windows" ? "Surface Laptop 5" : "MacBookPro18,3",
    onPremisesLastSyncDateTime: null,
    onPremisesSyncEnabled: d.trustType === "ServerAd" ? true : null,
    operatingSystem: d.operatingSystem,
    operatingSystemVersion: d.operatingSystemVersion,
    physicalIds: [],
    profileType: "RegisteredDevice",
    registrationDateTime: d.registrationDateTime,
    systemLabels: [],
    trustType: d.trustType,
    alternativeSecurityIds: [],
  };
}

export function directoryRoleJson(r: DirectoryRoleRecord): Record<string, unknown> {
  return {
    id: r.id,
    deletedDateTime: null,
    description: r.description,
    displayName: r.displayName,
    roleTemplateId: r.roleTemplateId,
  };
}

export function roleAssignmentJson(a: RoleAssignmentRecord): Record<string, unknown> {
  return {
    id: a.id,
    principalId: a.principalId,
    roleDefinitionId: a.roleDefinitionId,
    directoryScopeId: a.directoryScopeId,
    appScopeId: null,
    condition: null,
  };
}

export function registrationJson(user: DirectoryUser, r: RegistrationRecord): Record<string, unknown> {
  const mfa = r.methodsRegistered.some((m) => m !== "email" && m !== "securityQuestion");
  return {
    id: user.oid,
    userPrincipalName: user.upn,
    userDisplayName: user.displayName,
    userType: "member",
    isAdmin: r.isAdmin,
    isSsprRegistered: r.isSsprRegistered,
    isSsprEnabled: true,
    isSsprCapable: r.isSsprRegistered,
    isMfaRegistered: mfa,
    isMfaCapable: mfa,
    isPasswordlessCapable: r.methodsRegistered.includes("fido2"),
    methodsRegistered: r.methodsRegistered,
    isSystemPreferredAuthenticationMethodEnabled: false,
    systemPreferredAuthenticationMethods: [],
    userPreferredMethodForSecondaryAuthentication: mfa ? "push" : "none",
    lastUpdatedDateTime: r.lastUpdatedDateTime,
  };
}
