/**
 * The end of the chain: the token cache a server would use (encrypted or not), and a real app-only
 * token for each selected server's resource, got exactly as a server gets it (auth-core's createAuth:
 * vault certificate → MSAL), the token itself never shown.
 */
import { createAuth, createTokenCachePlugin } from "@entra-mcp/auth-core";
import { describeError } from "../errors.js";
import { cliCommand } from "../output/cli-command.js";
import { tokenClaims } from "../settings/admin-credential.js";
import { type CheckResult, fail, pass, skip, warn } from "./check.js";
import { type DoctorContext, provisionFix } from "./doctor-context.js";

export async function checkTokenCache(ctx: DoctorContext): Promise<CheckResult> {
  const title = "Token cache persistence";
  try {
    const plugin = await createTokenCachePlugin({
      ...(ctx.config.cacheDir ? { cacheDir: ctx.config.cacheDir } : {}),
      name: `${ctx.config.clientId}-app`,
      plaintext: ctx.config.cachePlaintext,
    });
    return plugin.encryption === "plaintext"
      ? pass(
          "token-cache",
          title,
          `plaintext file (ENTRA_MCP_CACHE_PLAINTEXT=true, mode 0600): ${plugin.location}`,
        )
      : pass("token-cache", title, `encrypted (${plugin.encryption}): ${plugin.location}`);
  } catch (error) {
    const { message, fix } = describeError(error);
    return warn(
      "token-cache",
      title,
      `tokens stay in memory only, so every server start asks Entra ID again: ${message}`,
      fix,
    );
  }
}

/** Resources to get a token for: each server's own cloud resource, plus Dataverse environments for powerplatform. */
export function tokenTargets(
  ctx: DoctorContext,
  env: NodeJS.ProcessEnv,
): { id: string; server: string; audience: string | undefined }[] {
  const targets = ctx.servers.map((server) => ({
    id: `token:${server}`,
    server,
    audience: ctx.config.cloud.resources[server]?.audience,
  }));
  if (ctx.servers.includes("powerplatform")) {
    for (const url of (env.ENTRA_MCP_DATAVERSE_URLS ?? "")
      .split(",")
      .map((u) => u.trim())
      .filter(Boolean)) {
      targets.push({ id: `token:dataverse:${url}`, server: "powerplatform", audience: new URL(url).origin });
    }
  }
  return targets;
}

export async function checkTokens(ctx: DoctorContext, env: NodeJS.ProcessEnv): Promise<CheckResult[]> {
  const auth = createAuth(
    { ...ctx.config, mode: "app" },
    { credential: ctx.credential, persistentCache: false },
  );
  const results: CheckResult[] = [];
  for (const target of tokenTargets(ctx, env)) {
    const title = `App-only token: ${target.id.replace(/^token:/, "")}`;
    if (!target.audience) {
      results.push(
        skip(
          target.id,
          title,
          `the ${ctx.config.cloud.name} cloud profile has no "${target.server}" resource`,
        ),
      );
      continue;
    }
    if (!ctx.config.certificate) {
      results.push(skip(target.id, title, "no certificate configured (delegated mode only)"));
      continue;
    }
    try {
      const token = await auth.getToken([`${target.audience}/.default`], { mode: "app" });
      const roles = tokenClaims(token.accessToken).roles;
      const roleText =
        Array.isArray(roles) && roles.length > 0 ? `roles ${roles.join(", ")}` : "no app roles";
      results.push(
        pass(target.id, title, `${target.audience}: ${roleText}; expires ${token.expiresOn.toISOString()}`),
      );
    } catch (error) {
      const { message, fix } = describeError(error);
      results.push(
        fail(target.id, title, message, fixFor(ctx, target.server, (error as { code?: string }).code) ?? fix),
      );
    }
  }
  return results;
}

/** The one entra-mcp command for the auth-core error codes it can fix. */
function fixFor(ctx: DoctorContext, server: string, code: string | undefined): string | undefined {
  switch (code) {
    case "CERTIFICATE_MISMATCH":
      return provisionFix(ctx);
    case "CONSENT_REQUIRED":
      return provisionFix(ctx, "--servers", server);
    case "VAULT_FORBIDDEN":
      return ctx.login ? cliCommand("add-teammate", ctx.login.objectId ?? ctx.login.principal) : undefined;
    case "CERTIFICATE_NOT_FOUND":
      return provisionFix(ctx);
    case "CERTIFICATE_DISABLED":
      return cliCommand("rotate");
    default:
      return undefined;
  }
}
