import type { DirectoryState } from "../directory/directory-state.js";
import type { EmptyTenant } from "./seeded-tenant.js";

/** Just the tenant with its first-party resource principals and an empty vault; provisioning fills it. */
export function applyEmptySeed(directory: DirectoryState): EmptyTenant {
  return { tenantId: directory.tenant.tenantId };
}
