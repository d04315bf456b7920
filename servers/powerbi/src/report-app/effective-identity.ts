/**
 * Row-level security for app-only embedding ("app owns data"): a service principal sees every row, so
 * an embed token for an RLS model must carry an effective identity. It comes from the operator's
 * configuration, never from a tool argument, so the model cannot choose whose rows it sees.
 */
import { ToolError } from "@entra-mcp/server-kit";

export const RLS_USERNAME = "ENTRA_MCP_POWERBI_RLS_USERNAME";
export const RLS_ROLES = "ENTRA_MCP_POWERBI_RLS_ROLES";

export interface EffectiveIdentity {
  username: string;
  roles: string[];
}

export interface RlsFlags {
  isEffectiveIdentityRequired: boolean;
  isEffectiveIdentityRolesRequired: boolean;
}

/** The configured identity, or undefined when none is set. */
export function configuredIdentity(env: NodeJS.ProcessEnv): EffectiveIdentity | undefined {
  const username = env[RLS_USERNAME]?.trim();
  if (!username) return undefined;
  const roles = (env[RLS_ROLES] ?? "")
    .split(",")
    .map((role) => role.trim())
    .filter(Boolean);
  return { username, roles };
}

/**
 * The identity an app-only embed token for this model needs: none for a model without RLS; the
 * configured one for an RLS model; a refusal (never a token that shows everyone's rows) without it.
 */
export function identityFor(
  flags: RlsFlags,
  env: NodeJS.ProcessEnv,
  what: { report: string; dataset: string },
): EffectiveIdentity | undefined {
  if (!flags.isEffectiveIdentityRequired) return undefined;
  const identity = configuredIdentity(env);
  const why = `report "${what.report}" uses semantic model "${what.dataset}", which has row-level security`;
  const fix = `Fix: set ${RLS_USERNAME} (the UPN whose rows to show) and ${RLS_ROLES} (comma-separated RLS role names) for this server and restart it, or run it in delegated mode (ENTRA_MCP_AUTH_MODE=delegated) so RLS applies as the signed-in user.`;
  if (!identity) {
    throw new ToolError(
      "EffectiveIdentityRequired",
      `${why}; an app-only embed token without an effective identity would show every row, so none was made. ${fix}`,
    );
  }
  if (flags.isEffectiveIdentityRolesRequired && identity.roles.length === 0) {
    throw new ToolError(
      "EffectiveIdentityRolesRequired",
      `${why} and needs RLS roles with the effective identity; ${RLS_ROLES} is empty. ${fix}`,
    );
  }
  return identity;
}
