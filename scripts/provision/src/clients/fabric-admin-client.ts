/**
 * The Fabric admin API, read only: provisioning never changes a tenant setting, it explains what an
 * administrator has to turn on.
 */
import { RestClient, type RestClientOptions } from "./rest.js";

export interface TenantSetting {
  settingName: string;
  title?: string;
  enabled: boolean;
  tenantSettingGroup?: string;
  enabledSecurityGroups?: { graphId: string; name?: string }[];
}

export class FabricAdminClient {
  private readonly rest: RestClient;

  constructor(options: Omit<RestClientOptions, "api" | "baseUrl"> & { endpoint: string }) {
    this.rest = new RestClient({ ...options, api: "Fabric admin", baseUrl: `${options.endpoint}/v1/admin` });
  }

  async tenantSettings(): Promise<TenantSetting[]> {
    const body = await this.rest.get<{ tenantSettings?: TenantSetting[]; value?: TenantSetting[] }>(
      "/tenantsettings",
    );
    return body.tenantSettings ?? body.value ?? [];
  }
}
