/** Power BI REST: workspaces by name or id, and their users (a service principal is added as an "App"). */
import { RestClient, type RestClientOptions } from "./rest.js";

export interface PowerBiWorkspace {
  id: string;
  name: string;
}

export interface PowerBiGroupUser {
  identifier: string;
  principalType: string;
  groupUserAccessRight: string;
  graphId?: string;
  displayName?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class PowerBiClient {
  private readonly rest: RestClient;

  constructor(options: Omit<RestClientOptions, "api" | "baseUrl"> & { endpoint: string }) {
    this.rest = new RestClient({ ...options, api: "Power BI", baseUrl: `${options.endpoint}/v1.0/myorg` });
  }

  /** A workspace by id or by exact name, or undefined. */
  async findWorkspace(nameOrId: string): Promise<PowerBiWorkspace | undefined> {
    if (GUID.test(nameOrId)) {
      return this.rest.find<PowerBiWorkspace>(`/groups/${nameOrId}`);
    }
    const found = await this.rest.list<PowerBiWorkspace>("/groups", {
      query: { $filter: `name eq '${nameOrId.replaceAll("'", "''")}'` },
    });
    return found.find((workspace) => workspace.name === nameOrId) ?? found[0];
  }

  async workspaceUsers(workspaceId: string): Promise<PowerBiGroupUser[]> {
    return this.rest.list<PowerBiGroupUser>(`/groups/${encodeURIComponent(workspaceId)}/users`);
  }

  /** Adds a service principal (by its object id) to the workspace. */
  async addServicePrincipal(workspaceId: string, spObjectId: string, accessRight: string): Promise<void> {
    await this.rest.send("POST", `/groups/${encodeURIComponent(workspaceId)}/users`, {
      body: { identifier: spObjectId, principalType: "App", groupUserAccessRight: accessRight },
    });
  }
}
