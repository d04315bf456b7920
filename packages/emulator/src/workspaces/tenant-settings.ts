/** A Fabric / Power BI tenant setting as the admin API lists it. */
export interface TenantSetting {
  settingName: string;
  title: string;
  enabled: boolean;
  canSpecifySecurityGroups: boolean;
  tenantSettingGroup: string;
  /** Set when the setting applies to these groups only; the emulator records them, it does not expand them. */
  enabledSecurityGroups?: { graphId: string; name: string }[];
}

/**
 * The setting that lets service principals call the Fabric and Power BI REST APIs protected by
 * workspace roles (listing workspaces, datasets, items...). When it is off, every app-only
 * call to those APIs is refused, whatever the workspace roles say.
 */
export const SERVICE_PRINCIPAL_API_ACCESS = "ServicePrincipalAccessPermissionAPIs";
/** Lets service principals call the admin APIs (GET /v1/admin/tenantsettings among them). */
export const SERVICE_PRINCIPAL_ADMIN_API_ACCESS = "AllowServicePrincipalsUseReadAdminAPIs";

const DEVELOPER = "Developer settings";
const ADMIN_API = "Admin API settings";

// Real settingNames, titles and groups; every one enabled for the whole organization, like a
// tenant whose admin has already allowed service principals (tests switch them off).
const DEFAULTS: TenantSetting[] = [
  {
    settingName: "ServicePrincipalAccessGlobalAPIs",
    title: "Service principals can create workspaces, connections, and deployment pipelines",
    enabled: true,
    canSpecifySecurityGroups: true,
    tenantSettingGroup: DEVELOPER,
  },
  {
    settingName: SERVICE_PRINCIPAL_API_ACCESS,
    title: "Service principals can call Fabric public APIs",
    enabled: true,
    canSpecifySecurityGroups: true,
    tenantSettingGroup: DEVELOPER,
  },
  {
    settingName: "AllowServicePrincipalsCreateAndUseProfiles",
    title: "Allow service principals to create and use profiles",
    enabled: false,
    canSpecifySecurityGroups: true,
    tenantSettingGroup: DEVELOPER,
  },
  {
    settingName: SERVICE_PRINCIPAL_ADMIN_API_ACCESS,
    title: "Service principals can access read-only admin APIs",
    enabled: true,
    canSpecifySecurityGroups: true,
    tenantSettingGroup: ADMIN_API,
  },
  {
    settingName: "AdminApisIncludeDetailedMetadata",
    title: "Enhance admin APIs responses with detailed metadata",
    enabled: true,
    canSpecifySecurityGroups: true,
    tenantSettingGroup: ADMIN_API,
  },
];

/** The tenant's Fabric settings and its Fabric administrators (users who may call admin APIs). */
export class TenantSettings {
  private readonly settings = new Map<string, TenantSetting>(
    DEFAULTS.map((s) => [s.settingName.toLowerCase(), { ...s }]),
  );
  private readonly admins = new Set<string>();

  list(): TenantSetting[] {
    return [...this.settings.values()].map((s) => ({ ...s }));
  }

  get(settingName: string): TenantSetting | undefined {
    return this.settings.get(settingName.toLowerCase());
  }

  isEnabled(settingName: string): boolean {
    return this.get(settingName)?.enabled ?? false;
  }

  /** Switches a setting on or off (for the whole organization, or recorded security groups). */
  set(settingName: string, enabled: boolean, groups?: { graphId: string; name: string }[]): TenantSetting {
    const setting = this.get(settingName);
    if (!setting) throw new Error(`tenant settings: no setting "${settingName}".`);
    setting.enabled = enabled;
    if (groups?.length) setting.enabledSecurityGroups = groups.map((g) => ({ ...g }));
    else delete setting.enabledSecurityGroups;
    return { ...setting };
  }

  /** Makes a user a Fabric administrator (the Entra "Fabric Administrator" role). */
  addFabricAdmin(userOid: string): void {
    this.admins.add(userOid);
  }

  isFabricAdmin(userOid: string): boolean {
    return this.admins.has(userOid);
  }
}
