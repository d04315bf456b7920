/** Non-secret facts about a request that the log keeps. */
export interface RequestSummary {
  aud?: string;
  appid?: string;
  oid?: string;
  grantType?: string;
  scope?: string;
  clientId?: string;
}

/**
 * Reads aud/appid/oid from a bearer token's payload without verifying it: the log
 * records what the client presented, valid or not. The token itself is dropped.
 */
export function summarizeBearer(authorization: string | undefined): RequestSummary {
  const match = /^Bearer\s+([^\s]+)$/i.exec(authorization ?? "");
  return summarizeJwt(match?.[1]);
}

function summarizeJwt(token: string | undefined): RequestSummary {
  const payload = token?.split(".")[1];
  if (!payload) return {};
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
    const summary: RequestSummary = {};
    if (typeof claims.aud === "string") summary.aud = claims.aud;
    const appid = claims.appid ?? claims.azp;
    if (typeof appid === "string") summary.appid = appid;
    if (typeof claims.oid === "string") summary.oid = claims.oid;
    return summary;
  } catch {
    return {};
  }
}

const TOKEN_FORM_PATH = /\/oauth2\/(v2\.0\/)?(token|devicecode)$/;

/** Reads grant_type/scope/client_id from a token-endpoint form post (a clone; the handler reads the original). */
export async function summarizeTokenForm(request: Request): Promise<RequestSummary> {
  const url = new URL(request.url);
  const type = request.headers.get("content-type") ?? "";
  if (request.method !== "POST" || !TOKEN_FORM_PATH.test(url.pathname)) return {};
  if (!type.startsWith("application/x-www-form-urlencoded")) return {};
  const form = new URLSearchParams(await request.clone().text());
  const summary: RequestSummary = {};
  const grantType = form.get("grant_type");
  if (grantType) summary.grantType = grantType;
  const scope = form.get("scope");
  if (scope) summary.scope = scope;
  const clientId = form.get("client_id");
  if (clientId) summary.clientId = clientId;
  // An On-Behalf-Of exchange is logged with the user it acts for (the assertion's oid), so
  // tests can count exchanges per user and resource; the assertion itself is dropped.
  const assertionOid = summarizeJwt(form.get("assertion") ?? undefined).oid;
  if (grantType === "urn:ietf:params:oauth:grant-type:jwt-bearer" && assertionOid) summary.oid = assertionOid;
  return summary;
}
