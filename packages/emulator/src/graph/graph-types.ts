/** A directory group (Microsoft 365 "Unified" or security group). */
export interface DirectoryGroup {
  id: string;
  displayName: string;
  description: string;
  mailNickname: string;
  mail: string | null;
  /** ["Unified"] for Microsoft 365 groups, [] for security groups. */
  groupTypes: string[];
  mailEnabled: boolean;
  securityEnabled: boolean;
  visibility: "Public" | "Private" | null;
  createdDateTime: string;
  /** Object ids of the direct members: users, groups, devices or service principals. */
  memberIds: string[];
  /** Object ids of the owners (users or service principals). */
  ownerIds?: string[];
}

/** One Entra sign-in log entry (auditLogs/signIns). */
export interface SignInRecord {
  id: string;
  createdDateTime: string;
  userId: string;
  userPrincipalName: string;
  userDisplayName: string;
  appId: string;
  appDisplayName: string;
  ipAddress: string;
  clientAppUsed: string;
  isInteractive: boolean;
  resourceDisplayName: string;
  resourceId: string;
  /** 0 for success, an AADSTS number otherwise. */
  errorCode: number;
  failureReason: string | null;
  city: string;
  countryOrRegion: string;
  browser: string;
  operatingSystem: string;
}

export interface MailAddress {
  name: string;
  address: string;
}

/** A message in a user's mailbox. */
export interface MailMessage {
  id: string;
  subject: string;
  body: { contentType: "text" | "html"; content: string };
  from: MailAddress;
  toRecipients: MailAddress[];
  ccRecipients: MailAddress[];
  receivedDateTime: string;
  sentDateTime: string;
  isRead: boolean;
  importance: "low" | "normal" | "high";
  hasAttachments: boolean;
  conversationId: string;
}

/** What POST /me/sendMail recorded, so tests can see what an agent sent. */
export interface SentMail {
  id: string;
  senderOid: string;
  senderUpn: string;
  subject: string;
  body: { contentType: string; content: string };
  toRecipients: MailAddress[];
  ccRecipients: MailAddress[];
  bccRecipients: MailAddress[];
  saveToSentItems: boolean;
  sentDateTime: string;
}

/** A device registered or joined to the directory (devices). */
export interface DirectoryDevice {
  /** Object id. */
  id: string;
  /** The device's own id (deviceId), not the object id. */
  deviceId: string;
  displayName: string;
  operatingSystem: string;
  operatingSystemVersion: string;
  trustType: "AzureAd" | "ServerAd" | "Workplace";
  isCompliant: boolean;
  isManaged: boolean;
  accountEnabled: boolean;
  registrationDateTime: string;
  approximateLastSignInDateTime: string;
  /** Object ids of the users who registered / own it. */
  registeredOwnerIds: string[];
}

/** An activated directory role (directoryRoles) and its members' object ids. */
export interface DirectoryRoleRecord {
  id: string;
  roleTemplateId: string;
  displayName: string;
  description: string;
  memberIds: string[];
}

/** A unified role assignment (roleManagement/directory/roleAssignments). */
export interface RoleAssignmentRecord {
  id: string;
  principalId: string;
  roleDefinitionId: string;
  directoryScopeId: string;
}

/** Per user: what the authentication-methods registration report says about them. */
export interface RegistrationRecord {
  userId: string;
  methodsRegistered: string[];
  isAdmin: boolean;
  isSsprRegistered: boolean;
  lastUpdatedDateTime: string;
}
