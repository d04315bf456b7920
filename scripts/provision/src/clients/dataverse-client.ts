/**
 * The Dataverse Web API of one environment (token audience = the environment URL): application users
 * and their security roles.
 */
import { RestClient, type RestClientOptions } from "./rest.js";

export interface SystemUser {
  systemuserid: string;
  applicationid?: string | null;
  fullname?: string | null;
}

export interface SecurityRole {
  roleid: string;
  name: string;
  _businessunitid_value?: string;
}

const API = "/api/data/v9.2";
const HEADERS = { "OData-Version": "4.0", "OData-MaxVersion": "4.0" };

export class DataverseClient {
  private readonly rest: RestClient;
  readonly environmentUrl: string;

  constructor(options: Omit<RestClientOptions, "api" | "baseUrl" | "audience"> & { environmentUrl: string }) {
    this.environmentUrl = new URL(options.environmentUrl).origin;
    this.rest = new RestClient({
      ...options,
      api: `Dataverse (${new URL(this.environmentUrl).host})`,
      baseUrl: `${this.environmentUrl}${API}`,
      audience: this.environmentUrl,
      headers: { ...HEADERS, ...options.headers },
    });
  }

  /** The application user of `appId`, or undefined. */
  async findApplicationUser(appId: string): Promise<SystemUser | undefined> {
    const users = await this.rest.list<SystemUser>("/systemusers", {
      query: { $filter: `applicationid eq ${appId}`, $select: "systemuserid,applicationid,fullname" },
    });
    return users[0];
  }

  /** The root business unit (the one without a parent). */
  async rootBusinessUnitId(): Promise<string | undefined> {
    const units = await this.rest.list<{ businessunitid: string }>("/businessunits", {
      query: { $filter: "parentbusinessunitid eq null", $select: "businessunitid" },
    });
    return units[0]?.businessunitid;
  }

  /** Creates the application user in `businessUnitId`; returns its systemuserid. */
  async createApplicationUser(appId: string, businessUnitId: string): Promise<string> {
    const response = await this.rest.send<SystemUser>("POST", "/systemusers", {
      body: { applicationid: appId, "businessunitid@odata.bind": `/businessunits(${businessUnitId})` },
      headers: { prefer: "return=representation" },
    });
    const fromBody = response.body?.systemuserid;
    const fromHeader = /systemusers\(([0-9a-f-]{36})\)/i.exec(
      response.headers.get("odata-entityid") ?? "",
    )?.[1];
    const id = fromBody ?? fromHeader;
    if (id) return id;
    const created = await this.findApplicationUser(appId);
    if (!created)
      throw new Error(`${this.rest.api}: the application user was not found after it was created.`);
    return created.systemuserid;
  }

  /** Security roles with this exact name (one per business unit). */
  async rolesNamed(name: string): Promise<SecurityRole[]> {
    return this.rest.list<SecurityRole>("/roles", {
      query: {
        $filter: `name eq '${name.replaceAll("'", "''")}'`,
        $select: "roleid,name,_businessunitid_value",
      },
    });
  }

  /** Role ids the user holds. */
  async userRoleIds(systemUserId: string): Promise<string[]> {
    const roles = await this.rest.list<{ roleid: string }>(
      `/systemusers(${systemUserId})/systemuserroles_association`,
      { query: { $select: "roleid" } },
    );
    return roles.map((role) => role.roleid);
  }

  async assignRole(systemUserId: string, roleId: string): Promise<void> {
    await this.rest.send("POST", `/systemusers(${systemUserId})/systemuserroles_association/$ref`, {
      body: { "@odata.id": `${this.environmentUrl}${API}/roles(${roleId})` },
    });
  }
}
