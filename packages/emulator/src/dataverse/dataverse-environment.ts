import { newGuid } from "../ids.js";
import { BASIC_USER, builtInRoles, type SecurityRole, SYSTEM_ADMINISTRATOR } from "./dataverse-security.js";
import { definitionBySet, ENTITY_DEFINITIONS, type EntityDefinition } from "./entity-definitions.js";

/** What the Power Platform admin APIs say about an environment and its Dataverse organization. */
export interface EnvironmentInfo {
  /** Environment id (a GUID; "Default-<tenantId>" for the tenant's default environment). */
  name: string;
  displayName: string;
  /** The Dataverse organization URL (this emulator's origin), no trailing slash. */
  url: string;
  organizationId: string;
  businessUnitId: string;
  uniqueName: string;
  domainName: string;
  type: "Production" | "Sandbox" | "Developer" | "Trial" | "Default";
  isDefault: boolean;
  createdTime: string;
}

/** A Dataverse user: a person (azureactivedirectoryobjectid) or an application user (applicationid). */
export interface SystemUser {
  systemuserid: string;
  fullname: string;
  domainname: string;
  azureactivedirectoryobjectid: string | null;
  applicationid: string | null;
}

type DataverseRecord = Record<string, unknown>;

/**
 * One emulated Dataverse environment: its users and their security roles, the root business
 * unit, tables and rows. A systemuser with no role may call WhoAmI but read no rows.
 */
export class DataverseEnvironment {
  private readonly users: SystemUser[] = [];
  private readonly rows = new Map<string, DataverseRecord[]>();
  private readonly securityRoles: SecurityRole[];
  private readonly userRoles = new Map<string, Set<string>>();
  private versionCounter = 2_310_000;

  constructor(readonly info: EnvironmentInfo) {
    this.securityRoles = builtInRoles(info.name, info.businessUnitId);
  }

  /**
   * Registers an app as an application user with the given security roles (by default System
   * Administrator, what an admin usually picks in "Add app user" in the admin center).
   */
  addApplicationUser(
    appId: string,
    fullname = `# ${appId}`,
    roles: string[] = [SYSTEM_ADMINISTRATOR],
  ): SystemUser {
    const existing = this.users.find((u) => u.applicationid === appId.toLowerCase());
    if (existing) return existing;
    const user: SystemUser = {
      systemuserid: newGuid(),
      fullname,
      domainname: `${appId.toLowerCase()}@${this.info.domainName}.onmicrosoft.com`,
      azureactivedirectoryobjectid: null,
      applicationid: appId.toLowerCase(),
    };
    this.users.push(user);
    for (const role of roles) this.assignRole(user.systemuserid, this.requireRole(role).roleid);
    return user;
  }

  removeApplicationUser(appId: string): void {
    const index = this.users.findIndex((u) => u.applicationid === appId.toLowerCase());
    if (index >= 0) this.users.splice(index, 1);
  }

  /** Adds a person (by Entra object id) with the given roles (Basic User by default). */
  addUser(input: { oid: string; fullname: string; upn: string }, roles: string[] = [BASIC_USER]): SystemUser {
    const user: SystemUser = {
      systemuserid: newGuid(),
      fullname: input.fullname,
      domainname: input.upn,
      azureactivedirectoryobjectid: input.oid,
      applicationid: null,
    };
    this.users.push(user);
    for (const role of roles) this.assignRole(user.systemuserid, this.requireRole(role).roleid);
    return user;
  }

  getUserById(systemuserid: string): SystemUser | undefined {
    return this.users.find((u) => u.systemuserid === systemuserid.toLowerCase());
  }

  roles(): SecurityRole[] {
    return this.securityRoles.map((r) => ({ ...r }));
  }

  roleByName(name: string): SecurityRole | undefined {
    return this.securityRoles.find((r) => r.name.toLowerCase() === name.toLowerCase());
  }

  /** Associates a role with a user (systemuserroles_association); false when it already was. */
  assignRole(systemuserid: string, roleid: string): boolean {
    const set = this.userRoles.get(systemuserid) ?? new Set<string>();
    if (set.has(roleid.toLowerCase())) return false;
    set.add(roleid.toLowerCase());
    this.userRoles.set(systemuserid, set);
    return true;
  }

  removeRole(systemuserid: string, roleid: string): boolean {
    return this.userRoles.get(systemuserid)?.delete(roleid.toLowerCase()) ?? false;
  }

  rolesOf(systemuserid: string): SecurityRole[] {
    const ids = this.userRoles.get(systemuserid) ?? new Set<string>();
    return this.securityRoles.filter((r) => ids.has(r.roleid));
  }

  hasRole(systemuserid: string, name: string): boolean {
    return this.rolesOf(systemuserid).some((r) => r.name.toLowerCase() === name.toLowerCase());
  }

  private requireRole(name: string): SecurityRole {
    const role = this.roleByName(name);
    if (!role) throw new Error(`dataverse: no security role "${name}" in ${this.info.displayName}.`);
    return role;
  }

  /** The systemuser a token maps to: by appid for app tokens, by oid for user tokens. */
  findCaller(claims: { idtyp?: string; oid: string; appid?: string }): SystemUser | undefined {
    if (claims.idtyp === "app") {
      const appId = (claims.appid ?? "").toLowerCase();
      return this.users.find((u) => u.applicationid === appId);
    }
    return this.users.find((u) => u.azureactivedirectoryobjectid === claims.oid);
  }

  listUsers(): SystemUser[] {
    return [...this.users];
  }

  definitions(): EntityDefinition[] {
    return ENTITY_DEFINITIONS;
  }

  /** Adds a row, filling its id, timestamps and row version like Dataverse does on create. */
  addRecord(logicalName: string, values: DataverseRecord): DataverseRecord {
    const definition = ENTITY_DEFINITIONS.find((d) => d.logicalName === logicalName);
    if (!definition) throw new Error(`dataverse: no table ${logicalName}.`);
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
    this.versionCounter += 1;
    const record: DataverseRecord = {
      "@odata.etag": `W/"${this.versionCounter}"`,
      [definition.primaryIdAttribute]: newGuid(),
      statecode: 0,
      statuscode: 1,
      createdon: now,
      modifiedon: now,
      ...values,
    };
    const table = this.rows.get(logicalName) ?? [];
    table.push(record);
    this.rows.set(logicalName, table);
    return record;
  }

  /** Rows of an entity set, in creation order; systemusers are derived from the users. */
  recordsOf(entitySetName: string): DataverseRecord[] {
    const definition = definitionBySet(entitySetName);
    if (!definition) return [];
    if (definition.logicalName === "role") {
      return this.securityRoles.map((r) => ({ "@odata.etag": `W/"${r.roleid.slice(0, 6)}"`, ...r }));
    }
    if (definition.logicalName === "businessunit") {
      return [
        {
          "@odata.etag": 'W/"1000"',
          businessunitid: this.info.businessUnitId,
          name: this.info.domainName,
          _parentbusinessunitid_value: null,
          isdisabled: false,
          createdon: this.info.createdTime,
        },
      ];
    }
    if (definition.logicalName === "systemuser") {
      return this.users.map((u) => ({
        "@odata.etag": `W/"${u.systemuserid.slice(0, 6)}"`,
        ...u,
        internalemailaddress: u.applicationid ? null : u.domainname,
        accessmode: u.applicationid ? 4 : 0,
        isdisabled: false,
        _businessunitid_value: this.info.businessUnitId,
        createdon: this.info.createdTime,
      }));
    }
    return [...(this.rows.get(definition.logicalName) ?? [])];
  }
}
