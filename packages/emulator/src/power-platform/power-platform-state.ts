import type { DataverseEnvironment } from "../dataverse/dataverse-environment.js";

/**
 * The tenant's Power Platform: its environments (each backed by an emulated Dataverse origin)
 * and the apps registered as management applications — the registration Power Platform
 * requires before a service principal may call the admin APIs.
 */
export class PowerPlatformState {
  private readonly managementApps = new Set<string>();

  constructor(readonly environments: DataverseEnvironment[]) {}

  /** Like `pac admin application register` / New-PowerAppManagementApp. */
  registerManagementApp(appId: string): void {
    this.managementApps.add(appId.toLowerCase());
  }

  unregisterManagementApp(appId: string): void {
    this.managementApps.delete(appId.toLowerCase());
  }

  isManagementApp(appId: string | undefined): boolean {
    return appId !== undefined && this.managementApps.has(appId.toLowerCase());
  }

  /** An environment by its name (id) or display name, case-insensitive. */
  findEnvironment(nameOrDisplayName: string): DataverseEnvironment | undefined {
    const wanted = nameOrDisplayName.toLowerCase();
    return this.environments.find(
      (e) => e.info.name.toLowerCase() === wanted || e.info.displayName.toLowerCase() === wanted,
    );
  }
}
