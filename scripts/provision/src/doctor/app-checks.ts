/**
 * The app registration as Entra ID will judge it: the vault certificate's thumbprint among its keys
 * (else AADSTS700027), the http://localhost public-client redirect URI (else AADSTS50011 in delegated
 * sign-in), and leftover client secrets (a warning).
 */
import { keyCredentialThumbprint } from "../certificates/thumbprints.js";
import { describeError } from "../errors.js";
import { LOCALHOST_REDIRECT } from "../steps/app-registration-step.js";
import { type CheckResult, fail, pass, skip, warn } from "./check.js";
import { type DoctorContext, provisionFix } from "./doctor-context.js";

/** Reads the app (by client id) and its keys once; records why when the login may not read it. */
export async function loadApp(ctx: DoctorContext): Promise<CheckResult | undefined> {
  try {
    ctx.app = await ctx.clients.graph.findApplicationByAppId(ctx.config.clientId);
    if (!ctx.app) {
      return fail(
        "app",
        "App registration",
        `no app registration with client id ${ctx.config.clientId} in tenant ${ctx.config.tenantId}`,
        provisionFix(ctx),
      );
    }
    if (ctx.app.uniqueName && ctx.app.uniqueName !== "entra-mcp") {
      ctx.provisionFlags = ["--name", ctx.app.uniqueName];
    }
    ctx.appKeys = await ctx.clients.graph.getKeyCredentials(ctx.app.id);
    return pass("app", "App registration", `"${ctx.app.displayName}" (client id ${ctx.app.appId})`);
  } catch (error) {
    ctx.app = undefined;
    ctx.appUnreadable = describeError(error).message;
    return skip(
      "app",
      "App registration",
      `your login cannot read it (${ctx.appUnreadable}); the token checks below still catch what matters`,
    );
  }
}

export function checkAppKey(ctx: DoctorContext): CheckResult {
  const title = "Certificate registered on the app";
  if (!ctx.app || !ctx.appKeys) return skip("app-key", title, "the app registration could not be read");
  if (!ctx.certificateThumbprint) return skip("app-key", title, "the vault certificate could not be read");
  const thumbprints = ctx.appKeys.map(keyCredentialThumbprint);
  if (thumbprints.includes(ctx.certificateThumbprint)) {
    return pass(
      "app-key",
      title,
      `SHA-1 ${ctx.certificateThumbprint} is one of the app's ${thumbprints.length} key(s)`,
    );
  }
  return fail(
    "app-key",
    title,
    `the vault's certificate ${ctx.certificateThumbprint} is not among the app's ${thumbprints.length} key(s): tokens would fail with AADSTS700027`,
    provisionFix(ctx),
  );
}

export function checkRedirectUri(ctx: DoctorContext): CheckResult {
  const title = "Redirect URI for delegated sign-in";
  if (!ctx.app) return skip("redirect-uri", title, "the app registration could not be read");
  const uris = ctx.app.publicClient?.redirectUris ?? [];
  if (uris.includes(LOCALHOST_REDIRECT)) {
    return pass(
      "redirect-uri",
      title,
      `${LOCALHOST_REDIRECT} is a public-client redirect URI${ctx.app.isFallbackPublicClient ? "; public client flows on" : ""}`,
    );
  }
  return fail(
    "redirect-uri",
    title,
    `${LOCALHOST_REDIRECT} is not a public-client redirect URI: delegated sign-in would fail with AADSTS50011`,
    provisionFix(ctx),
  );
}

export function checkClientSecrets(ctx: DoctorContext): CheckResult {
  const title = "Client secrets";
  if (!ctx.app) return skip("client-secrets", title, "the app registration could not be read");
  const secrets = ctx.app.passwordCredentials ?? [];
  if (secrets.length === 0)
    return pass("client-secrets", title, "none (the certificate is the only credential)");
  return warn(
    "client-secrets",
    title,
    `${secrets.length} client secret(s) still on the app: ${secrets.map((s) => `"${s.displayName || "(no description)"}"`).join(", ")}`,
    provisionFix(ctx, "--delete-client-secrets"),
  );
}
