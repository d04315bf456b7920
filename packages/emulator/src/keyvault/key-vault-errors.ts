import type { KeyVaultState } from "./key-vault-state.js";

// Key Vault always answers JSON with an explicit charset and no caching.
const JSON_HEADERS = { "content-type": "application/json; charset=utf-8", "cache-control": "no-cache" };

/** A JSON response with Key Vault's content type. */
export function kvJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
}

/** Key Vault's error envelope: {"error":{"code","message","innererror"?}}. */
export function kvError(status: number, code: string, message: string, innerCode?: string): Response {
  const error: Record<string, unknown> = { code, message };
  if (innerCode) error.innererror = { code: innerCode };
  return kvJson({ error }, status);
}

/**
 * 401 with the challenge the Azure SDK's challenge policy parses. The SDK splits the
 * header on spaces and strips quotes, so the exact `key="value", key="value"` shape matters.
 */
export function unauthorized(message: string, loginOrigin: string, tenantId: string): Response {
  const res = kvError(401, "Unauthorized", message);
  res.headers.set(
    "www-authenticate",
    `Bearer authorization="${loginOrigin.replace(/\/+$/, "")}/${tenantId}", resource="https://vault.azure.net"`,
  );
  return res;
}

const RECOVER_HINT =
  "If you recently deleted this {kind} you may be able to recover it using the correct recovery command. " +
  "For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182";

/** 404 SecretNotFound with the service's wording. */
export function secretNotFound(name: string, version?: string): Response {
  const id = version ? `${name}/${version}` : name;
  return kvError(
    404,
    "SecretNotFound",
    `A secret with (name/id) ${id} was not found in this key vault. ${RECOVER_HINT.replace("{kind}", "secret")}`,
  );
}

/** 404 CertificateNotFound; the service spells a versioned id as name/versions/version. */
export function certificateNotFound(name: string, version?: string): Response {
  const id = version ? `${name}/versions/${version}` : name;
  return kvError(
    404,
    "CertificateNotFound",
    `A certificate with (name/id) ${id} was not found in this key vault. ${RECOVER_HINT.replace("{kind}", "certificate")}`,
  );
}

export function secretDisabled(): Response {
  return kvError(403, "Forbidden", "Operation get is not allowed on a disabled secret.", "SecretDisabled");
}

export function badParameter(message: string): Response {
  return kvError(400, "BadParameter", message);
}

export interface RbacCaller {
  appid?: string;
  oid: string;
  iss: string;
}

/** 403 ForbiddenByRbac, line for line as Key Vault formats it (CRLF separators, trailing space after null). */
export function forbiddenByRbac(
  vault: KeyVaultState,
  caller: RbacCaller,
  action: string,
  resource: string,
): Response {
  const callerText = `${caller.appid ? `appid=${caller.appid};` : ""}oid=${caller.oid};iss=${caller.iss}`;
  const message =
    "Caller is not authorized to perform action on resource.\r\n" +
    "If role assignments, deny assignments or role definitions were changed recently, please observe propagation time.\r\n" +
    `Caller: ${callerText}\r\n` +
    `Action: '${action}'\r\n` +
    `Resource: '${resource}'\r\n` +
    "Assignment: (not found)\r\n" +
    "DenyAssignmentId: null\r\n" +
    "DecisionReason: null \r\n" +
    `Vault: ${vault.vaultName};location=${vault.location}\r\n`;
  return kvError(403, "Forbidden", message, "ForbiddenByRbac");
}
