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
  /** Object ids of member users. */
  memberIds: string[];
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
