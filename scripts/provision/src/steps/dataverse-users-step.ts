/**
 * Dataverse application users (--environment <url>): app-only Dataverse calls need the app to exist
 * as an application user with a security role in each environment; permissions alone do not give it.
 */
import { ProvisionError } from "../errors.js";
import type { ProvisionContext } from "./provision-context.js";
import type { Step } from "./step.js";

export const dataverseUsersStep: Step<ProvisionContext> = {
  id: "dataverse-users",
  title: () => "Dataverse application users",
  why: "app-only Dataverse calls are refused unless the app is an application user with a security role",
  applies: (ctx) => ctx.options.environments.length > 0,
  async run(ctx, r) {
    const app = ctx.state.app;
    const roleName = ctx.options.dataverseRole;
    for (const url of ctx.options.environments) {
      const dataverse = ctx.clients.dataverse(url);
      const where = dataverse.environmentUrl;
      if (!app) {
        await r.change(
          `create the app's application user in ${where} with security role "${roleName}"`,
          noop,
        );
        continue;
      }
      const user = await dataverse.findApplicationUser(app.appId);
      const roles = await dataverse.rolesNamed(roleName);
      const root = await dataverse.rootBusinessUnitId();
      if (!root)
        throw new ProvisionError(`${where}: no root business unit found.`, {
          fix: "check the environment URL.",
        });
      const role = roles.find((candidate) => candidate._businessunitid_value === root) ?? roles[0];
      if (!role) {
        throw new ProvisionError(`${where}: no security role named "${roleName}".`, {
          fix: "pass --dataverse-role with a role that exists in the environment (Settings → Security roles).",
        });
      }
      if (!user) {
        r.saw(`${where}: the app is not an application user`);
        await r.change(
          `create the app's application user in ${where} with security role "${role.name}"`,
          async () => {
            const id = await dataverse.createApplicationUser(app.appId, root);
            await dataverse.assignRole(id, role.roleid);
          },
        );
        continue;
      }
      const held = await dataverse.userRoleIds(user.systemuserid);
      if (held.some((id) => id.toLowerCase() === role.roleid.toLowerCase())) {
        r.saw(`${where}: application user ${user.systemuserid} has "${role.name}"`);
        continue;
      }
      r.saw(`${where}: application user ${user.systemuserid} lacks "${role.name}"`);
      await r.change(`give the application user in ${where} the security role "${role.name}"`, () =>
        dataverse.assignRole(user.systemuserid, role.roleid),
      );
    }
  },
};

const noop = async (): Promise<void> => undefined;
