/**
 * `doctor --hosted <url>`: a hosted server as its MCP clients meet it. Its RFC 9728 metadata must
 * answer, name this URL as the resource, this tenant's v2.0 authority and this app's
 * api://<client-id>/access_as_user; the app registration must expose that scope with v2.0 tokens;
 * and one real round trip: sign in for the API (auth-core's delegated sign-in, browser or device
 * code, as the MCP client the app pre-authorized), call the server's auth_status, which makes the
 * server exchange the token On-Behalf-Of the user, and check it answers as that user. No token is
 * ever printed: only claims (who, audience).
 */
import { createAuth } from "@entra-mcp/auth-core";
import { describeError } from "../errors.js";
import { tokenClaims } from "../settings/admin-credential.js";
import { API_SCOPE } from "../steps/hosted-api-step.js";
import { type CheckResult, fail, pass, skip } from "./check.js";
import { type DoctorContext, provisionFix } from "./doctor-context.js";
import { callHostedTool, fetchMetadata, type ProtectedResourceMetadata } from "./hosted-requests.js";

export interface HostedTarget {
  /** The server's URL as MCP clients use it (normalized like the server's metadata). */
  url: string;
  /** --sign-in-client: the MCP client to sign in as (default: the first one the app pre-authorizes). */
  signInClient: string | undefined;
  metadata?: ProtectedResourceMetadata;
  /** Set when the app does not expose the API: a sign-in for it could only fail (or wait). */
  apiProblem?: string;
}

/** Long enough to finish a browser or device-code sign-in, short enough that doctor never seems hung. */
const SIGN_IN_TIMEOUT_MS = 180_000;

const title = {
  metadata: "Hosted: metadata endpoint",
  authority: "Hosted: authority (issuer)",
  audience: "Hosted: resource and scope (audience)",
  api: "Hosted: app exposes access_as_user",
  roundTrip: "Hosted: On-Behalf-Of round trip",
};

/** The v2.0 issuer tokens of this tenant carry, the one the server must name. */
export function tenantAuthority(ctx: DoctorContext): string {
  return `${new URL(ctx.config.authority).origin}/${ctx.config.tenantId.toLowerCase()}/v2.0`;
}

const apiScope = (ctx: DoctorContext) => `api://${ctx.config.clientId.toLowerCase()}/${API_SCOPE}`;

/** The provision line that exposes the API for this server. */
function hostedFix(ctx: DoctorContext, target: HostedTarget): string {
  // --hosted takes one server; without --server the doctor cannot know which one this URL serves.
  const server = ctx.servers.length === 1 ? (ctx.servers[0] as string) : `<${ctx.servers.join("|")}>`;
  return provisionFix(ctx, "--hosted", "--public-url", target.url, "--servers", server);
}

/** The environment line that points the server at this tenant and app. */
function serverEnvFix(ctx: DoctorContext, target: HostedTarget): string {
  return `on the hosted server set ENTRA_MCP_TENANT_ID=${ctx.config.tenantId} ENTRA_MCP_CLIENT_ID=${ctx.config.clientId} ENTRA_MCP_PUBLIC_URL=${target.url}, then restart it`;
}

export async function checkHostedMetadata(ctx: DoctorContext, target: HostedTarget): Promise<CheckResult> {
  const fetched = await fetchMetadata(target.url);
  if ("problem" in fetched) {
    return fail(
      "hosted:metadata",
      title.metadata,
      `${fetched.metadataUrl}: ${fetched.problem}`,
      `start the server with ENTRA_MCP_TRANSPORT=http and ENTRA_MCP_PUBLIC_URL=${target.url} (npx -y @entra-mcp/${ctx.servers[0] ?? "graph"}), or check the URL`,
    );
  }
  target.metadata = fetched.metadata;
  return pass("hosted:metadata", title.metadata, `${fetched.metadataUrl} answers (RFC 9728)`);
}

export function checkHostedAuthority(ctx: DoctorContext, target: HostedTarget): CheckResult {
  const metadata = target.metadata;
  if (!metadata) return skip("hosted:authority", title.authority, "no metadata to check");
  const expected = tenantAuthority(ctx);
  const named = metadata.authorization_servers ?? [];
  if (!named.map((s) => s.replace(/\/+$/, "").toLowerCase()).includes(expected.toLowerCase())) {
    return fail(
      "hosted:authority",
      title.authority,
      `the server names ${named.join(", ") || "no authorization server"}, not this tenant's ${expected}: its users' tokens would be refused`,
      serverEnvFix(ctx, target),
    );
  }
  return pass("hosted:authority", title.authority, expected);
}

export function checkHostedAudience(ctx: DoctorContext, target: HostedTarget): CheckResult {
  const metadata = target.metadata;
  if (!metadata) return skip("hosted:audience", title.audience, "no metadata to check");
  const problems: string[] = [];
  if (metadata.resource !== target.url)
    problems.push(`resource is ${metadata.resource ?? "missing"}, not ${target.url}`);
  const scope = apiScope(ctx);
  const scopes = metadata.scopes_supported ?? [];
  if (!scopes.map((s) => s.toLowerCase()).includes(scope))
    problems.push(`scopes_supported is ${scopes.join(", ") || "empty"}, without ${scope}`);
  return problems.length > 0
    ? fail("hosted:audience", title.audience, problems.join("; "), serverEnvFix(ctx, target))
    : pass("hosted:audience", title.audience, `resource ${target.url}, scope ${scope}`);
}

/** The app registration (read by the earlier checks) exposes the scope with v2.0 tokens. */
export function checkHostedApi(ctx: DoctorContext, target: HostedTarget): CheckResult {
  const app = ctx.app;
  if (!app) return skip("hosted:api", title.api, "the app registration could not be read");
  const uri = `api://${app.appId.toLowerCase()}`;
  const problems: string[] = [];
  if (!(app.identifierUris ?? []).map((u) => u.toLowerCase()).includes(uri))
    problems.push(`no identifier URI ${uri}`);
  const scope = app.api?.oauth2PermissionScopes?.find((s) => s.value === API_SCOPE);
  if (!scope) problems.push(`no scope ${API_SCOPE} (sign-in for ${uri}/${API_SCOPE} fails with AADSTS65005)`);
  else if (!scope.isEnabled) problems.push(`scope ${API_SCOPE} is disabled`);
  if (app.api?.requestedAccessTokenVersion !== 2)
    problems.push(
      `access tokens are v1.0 (requestedAccessTokenVersion ${app.api?.requestedAccessTokenVersion ?? "null"}), the server accepts v2.0 only`,
    );
  const preAuthorized = (app.api?.preAuthorizedApplications ?? []).filter((p) =>
    scope ? p.delegatedPermissionIds.includes(scope.id) : false,
  );
  if (problems.length > 0) {
    // Keep the clients it pre-authorizes now (their entries may name the missing scope's old id).
    const clients = [...new Set((app.api?.preAuthorizedApplications ?? []).map((p) => p.appId))];
    target.apiProblem = problems.join("; ");
    const keep = clients.length > 0 ? ` --preauthorize ${clients.join(",")}` : "";
    return fail("hosted:api", title.api, problems.join("; "), `${hostedFix(ctx, target)}${keep}`);
  }
  target.signInClient ??= preAuthorized[0]?.appId;
  return pass(
    "hosted:api",
    title.api,
    `${uri}/${API_SCOPE}, v2.0 tokens; pre-authorized: ${preAuthorized.map((p) => p.appId).join(", ") || "none"}`,
  );
}

/** Signs in for the API as the MCP client, calls auth_status, and checks the server answers as that user. */
export async function checkHostedRoundTrip(ctx: DoctorContext, target: HostedTarget): Promise<CheckResult> {
  if (!target.metadata) return skip("hosted:obo", title.roundTrip, "the server's metadata did not answer");
  if (target.apiProblem)
    return skip(
      "hosted:obo",
      title.roundTrip,
      "the app does not expose the API yet (see above); no sign-in tried",
    );
  const client = target.signInClient;
  if (!client) {
    return fail(
      "hosted:obo",
      title.roundTrip,
      "no MCP client to sign in as: the app pre-authorizes none, and --sign-in-client was not given",
      `${hostedFix(ctx, target)} --preauthorize <your MCP client's client id> (or pass --sign-in-client <id>)`,
    );
  }
  const scope = apiScope(ctx);
  let token: string;
  try {
    // auth-core's own delegated sign-in (browser, or a device code with ENTRA_MCP_BROWSER=none),
    // as the MCP client: the token is exactly what that client would send. Kept in memory only.
    const auth = createAuth(
      { ...ctx.config, mode: "delegated", clientId: client },
      { persistentCache: false, signInTimeoutMs: SIGN_IN_TIMEOUT_MS },
    );
    token = (await auth.getToken([scope], { mode: "delegated" })).accessToken;
  } catch (error) {
    const { message, fix } = describeError(error);
    return fail(
      "hosted:obo",
      title.roundTrip,
      `sign-in as client ${client} for ${scope} failed: ${message}`,
      fix ?? hostedFix(ctx, target),
    );
  }
  const claims = tokenClaims(token);
  const user = String(claims.preferred_username ?? claims.upn ?? claims.oid ?? "unknown");
  const answer = await callHostedTool(target.url, token, "auth_status");
  if ("problem" in answer) {
    return fail(
      "hosted:obo",
      title.roundTrip,
      `signed in as ${user}; ${answer.problem}`,
      answer.fix ?? serverEnvFix(ctx, target),
    );
  }
  const content = answer.structuredContent as
    | {
        auth?: { principal?: { username?: string } };
        token?: { aud?: string; user?: string; error?: string };
      }
    | undefined;
  const principal = content?.auth?.principal?.username;
  if (!principal || principal.toLowerCase() !== user.toLowerCase()) {
    return fail(
      "hosted:obo",
      title.roundTrip,
      `signed in as ${user}, but auth_status answered as ${principal ?? "nobody"}`,
      serverEnvFix(ctx, target),
    );
  }
  const downstream = content?.token;
  if (!downstream?.aud) {
    return fail(
      "hosted:obo",
      title.roundTrip,
      `auth_status answered as ${user} but got no On-Behalf-Of token: ${answer.text.slice(0, 300)}`,
      provisionFix(ctx, ...(ctx.servers.length === 1 ? ["--servers", ctx.servers[0] as string] : [])),
    );
  }
  return pass(
    "hosted:obo",
    title.roundTrip,
    `signed in as ${user} (client ${client}); auth_status answered as ${principal} with an On-Behalf-Of token for ${downstream.aud}`,
  );
}
