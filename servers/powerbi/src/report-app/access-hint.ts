/**
 * A 401/403 from Power BI to a service principal almost never means a missing API permission: the
 * principal is not a member of the workspace, or the tenant setting that lets service principals use
 * the APIs is off. Say so, and name the provisioning command that fixes it.
 */
import type { AuthMode } from "@entra-mcp/server-kit";
import { ToolError } from "@entra-mcp/server-kit";

/** Runs `work`; an access refusal gets the workspace-membership / tenant-setting explanation. */
export async function withAccessHint<T>(
  mode: AuthMode,
  workspace: string,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const status = error instanceof ToolError ? error.details?.status : undefined;
    if (!(error instanceof ToolError) || (status !== 401 && status !== 403)) throw error;
    const hint =
      mode === "app"
        ? `The service principal has no access to workspace "${workspace}": it is not a member of it, or the Fabric tenant setting "Service principals can use Fabric APIs" is off. Fix: a workspace Admin runs \`npx -y @entra-mcp/cli provision --workspace "${workspace}"\` (adds the service principal as a Member); that command also checks the tenant setting and says which Fabric administrator setting to turn on.`
        : `Your account has no access to workspace "${workspace}" or this report. Fix: ask a workspace Admin to give you at least Viewer access.`;
    throw new ToolError(error.code, `${hint} (${error.message})`, error.details);
  }
}
