import { newGuid } from "../ids.js";
import type {
  DirectoryDevice,
  DirectoryGroup,
  DirectoryRoleRecord,
  MailMessage,
  RegistrationRecord,
  RoleAssignmentRecord,
  SentMail,
  SignInRecord,
} from "./graph-types.js";

/**
 * Graph data beyond users and apps (which live in DirectoryState): groups, devices, managers,
 * directory roles, the sign-in and audit logs, tenant policy records, mailboxes and the mail
 * the emulator was asked to send.
 */
export class GraphState {
  private readonly groups = new Map<string, DirectoryGroup>();
  private readonly devices = new Map<string, DirectoryDevice>();
  /** user oid -> manager oid. */
  private readonly managers = new Map<string, string>();
  readonly directoryRoles: DirectoryRoleRecord[] = [];
  readonly roleAssignments: RoleAssignmentRecord[] = [];
  /** unifiedRoleDefinition resources (built-in roles) in Graph's shape, keyed by id = template id. */
  readonly roleDefinitions: Record<string, unknown>[] = [];
  /** directoryAudit resources, already in Graph's shape (newest first when listed). */
  readonly directoryAudits: Record<string, unknown>[] = [];
  /** conditionalAccessPolicy resources in Graph's shape. */
  readonly conditionalAccessPolicies: Record<string, unknown>[] = [];
  /** subscribedSku resources in Graph's shape. */
  readonly subscribedSkus: Record<string, unknown>[] = [];
  readonly registrations = new Map<string, RegistrationRecord>();
  private readonly signIns: SignInRecord[] = [];
  private readonly mailboxes = new Map<string, MailMessage[]>();
  private readonly sent: SentMail[] = [];

  addGroup(input: Omit<DirectoryGroup, "id"> & { id?: string }): DirectoryGroup {
    const group: DirectoryGroup = { ...input, id: input.id ?? newGuid(), memberIds: [...input.memberIds] };
    this.groups.set(group.id, group);
    return group;
  }

  getGroup(id: string): DirectoryGroup | undefined {
    return this.groups.get(id.toLowerCase());
  }

  listGroups(): DirectoryGroup[] {
    return [...this.groups.values()];
  }

  addDevice(device: DirectoryDevice): DirectoryDevice {
    this.devices.set(device.id, { ...device, registeredOwnerIds: [...device.registeredOwnerIds] });
    return device;
  }

  getDevice(id: string): DirectoryDevice | undefined {
    return this.devices.get(id.toLowerCase());
  }

  listDevices(): DirectoryDevice[] {
    return [...this.devices.values()];
  }

  setManager(userOid: string, managerOid: string): void {
    this.managers.set(userOid, managerOid);
  }

  managerOf(userOid: string): string | undefined {
    return this.managers.get(userOid);
  }

  directReportsOf(managerOid: string): string[] {
    return [...this.managers].filter(([, manager]) => manager === managerOid).map(([user]) => user);
  }

  /** Groups with this object among their direct members. */
  groupsWithMember(objectId: string): DirectoryGroup[] {
    return this.listGroups().filter((g) => g.memberIds.includes(objectId));
  }

  addSignIn(record: SignInRecord): void {
    this.signIns.push(record);
  }

  /** Newest first, as auditLogs/signIns returns them. */
  listSignIns(): SignInRecord[] {
    return [...this.signIns].sort((a, b) => b.createdDateTime.localeCompare(a.createdDateTime));
  }

  addMessage(userOid: string, message: Omit<MailMessage, "id"> & { id?: string }): MailMessage {
    const full: MailMessage = { ...message, id: message.id ?? mailId() };
    const box = this.mailboxes.get(userOid) ?? [];
    box.push(full);
    this.mailboxes.set(userOid, box);
    return full;
  }

  /** A user's inbox, newest first (Graph's default order for /me/messages). */
  listMessages(userOid: string): MailMessage[] {
    return [...(this.mailboxes.get(userOid) ?? [])].sort((a, b) =>
      b.receivedDateTime.localeCompare(a.receivedDateTime),
    );
  }

  recordSent(mail: Omit<SentMail, "id">): SentMail {
    const full = { ...mail, id: newGuid() };
    this.sent.push(full);
    return full;
  }

  /** Everything POST /me/sendMail accepted, oldest first. */
  sentMail(): SentMail[] {
    return this.sent.map((m) => structuredClone(m));
  }

  clearSentMail(): void {
    this.sent.length = 0;
  }
}

/** Exchange message ids are long base64 strings; a shorter one of the same alphabet will do. */
function mailId(): string {
  return `AAMkA${Buffer.from(newGuid().replaceAll("-", ""), "hex").toString("base64url")}AAA=`;
}
