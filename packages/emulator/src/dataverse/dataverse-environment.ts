import { newGuid } from "../ids.js";
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

/** One emulated Dataverse environment: its users, tables and rows. */
export class DataverseEnvironment {
  private readonly users: SystemUser[] = [];
  private readonly rows = new Map<string, DataverseRecord[]>();
  private versionCounter = 2_310_000;

  constructor(readonly info: EnvironmentInfo) {}

  /** Registers an app as an application user (what "Add app user" in the admin center does). */
  addApplicationUser(appId: string, fullname = `# ${appId}`): SystemUser {
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
    return user;
  }

  removeApplicationUser(appId: string): void {
    const index = this.users.findIndex((u) => u.applicationid === appId.toLowerCase());
    if (index >= 0) this.users.splice(index, 1);
  }

  addUser(input: { oid: string; fullname: string; upn: string }): SystemUser {
    const user: SystemUser = {
      systemuserid: newGuid(),
      fullname: input.fullname,
      domainname: input.upn,
      azureactivedirectoryobjectid: input.oid,
      applicationid: null,
    };
    this.users.push(user);
    return user;
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
