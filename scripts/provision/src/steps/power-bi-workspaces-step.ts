/**
 * Power BI / Fabric workspace access for the service principal (--workspace <name|id>): app-only calls
 * see only workspaces the app is a member of; API permissions alone do not give it.
 */
import { ProvisionError } from "../errors.js";
import type { ProvisionContext } from "./provision-context.js";
import type { Step } from "./step.js";

export const powerBiWorkspacesStep: Step<ProvisionContext> = {
  id: "power-bi-workspaces",
  title: () => "Power BI workspace access",
  why: "app-only Power BI and Fabric calls see only the workspaces the service principal belongs to",
  applies: (ctx) => ctx.options.workspaces.length > 0,
  async run(ctx, r) {
    const client = ctx.clients.powerBi;
    if (!client) {
      throw new ProvisionError(
        `The ${ctx.cloud.name} cloud profile has no Power BI endpoint (resources.powerbi).`,
        {
          fix: "drop --workspace, or use a cloud profile with resources.powerbi.",
        },
      );
    }
    const sp = ctx.state.servicePrincipal;
    const access = ctx.options.workspaceAccess;
    for (const wanted of ctx.options.workspaces) {
      const workspace = await client.findWorkspace(wanted);
      if (!workspace) {
        throw new ProvisionError(`--workspace ${wanted}: no such workspace visible to your login.`, {
          fix: "check the name (or pass the workspace id); your login must be an Admin of the workspace to add members.",
        });
      }
      if (!sp) {
        await r.change(
          `add the app's service principal to workspace "${workspace.name}" as ${access}`,
          async () => undefined,
        );
        continue;
      }
      const ids = [sp.id, sp.appId].map((id) => id.toLowerCase());
      const member = (await client.workspaceUsers(workspace.id)).find((user) =>
        [user.identifier, user.graphId].some((id) => id && ids.includes(id.toLowerCase())),
      );
      if (member) {
        r.saw(`"${workspace.name}": the service principal is ${member.groupUserAccessRight}`);
        continue;
      }
      r.saw(`"${workspace.name}" (${workspace.id}): the service principal is not a member`);
      await r.change(`add the app's service principal to workspace "${workspace.name}" as ${access}`, () =>
        client.addServicePrincipal(workspace.id, sp.id, access),
      );
    }
  },
};
