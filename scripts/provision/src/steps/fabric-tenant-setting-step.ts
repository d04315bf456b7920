/**
 * The Fabric tenant setting that lets service principals call Power BI / Fabric APIs. Checked and
 * explained, never changed: it is a tenant-wide decision for a Fabric administrator.
 */
import type { TenantSetting } from "../clients/fabric-admin-client.js";
import { ApiError } from "../errors.js";
import type { ProvisionContext } from "./provision-context.js";
import type { Step } from "./step.js";

const WHERE = "Fabric admin portal → Tenant settings → Developer settings";

export const fabricTenantSettingStep: Step<ProvisionContext> = {
  id: "fabric-tenant-setting",
  title: () => "Fabric tenant setting for service principals",
  why: "with it off, Power BI and Fabric reject every app-only call even with workspace access",
  applies: (ctx) =>
    ctx.options.workspaces.length > 0 || ctx.options.servers.some((s) => s === "powerbi" || s === "fabric"),
  async run(ctx, r) {
    const client = ctx.clients.fabricAdmin;
    if (!client) {
      r.skip(`the ${ctx.cloud.name} cloud profile has no Fabric endpoint; check "${WHERE}" by hand`);
      return;
    }
    let settings: TenantSetting[];
    try {
      settings = await client.tenantSettings();
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
        r.warn(
          `could not read the tenant settings (${error.status}${error.code ? ` ${error.code}` : ""}; it needs a Fabric administrator). Ask one to check that "Service principals can use Fabric APIs" is enabled in ${WHERE}.`,
        );
        return;
      }
      throw error;
    }
    const relevant = settings.filter((s) => /^ServicePrincipalAccess/i.test(s.settingName));
    if (relevant.length === 0) {
      r.warn(
        `no service principal setting found among ${settings.length} tenant settings; check "${WHERE}" by hand`,
      );
      return;
    }
    for (const setting of relevant) {
      const title = setting.title ?? setting.settingName;
      if (!setting.enabled) {
        r.saw(`"${title}" (${setting.settingName}): off`);
        r.warn(
          `"${title}" is off, so Power BI / Fabric refuse app-only tokens. A Fabric administrator turns it on in ${WHERE}, for the whole organization or for a security group that contains the app's service principal. entra-mcp never changes tenant settings.`,
        );
        continue;
      }
      const groups = setting.enabledSecurityGroups ?? [];
      if (groups.length === 0) {
        r.saw(`"${title}" (${setting.settingName}): on for the whole organization`);
        continue;
      }
      const names = groups.map((g) => g.name ?? g.graphId).join(", ");
      r.saw(`"${title}" (${setting.settingName}): on for security groups ${names}`);
      r.note(`the app's service principal must be a member of one of these security groups: ${names}`);
    }
  },
};
