import type { CertificatePolicy, CreateCertificateInput } from "./key-vault-state.js";

/** The parsed body of POST /certificates/{name}/create, or the BadParameter message to return. */
export type CreateRequestResult =
  | { ok: true; input: CreateCertificateInput }
  | { ok: false; message: string };

const CONTENT_TYPES = new Set(["application/x-pem-file", "application/x-pkcs12"]);
const KEY_SIZES = new Set([2048, 3072, 4096]);

/**
 * Reads the CertificateCreateParameters the SDK sends ({policy:{key_props, secret_props,
 * x509_props, issuer}, attributes, tags}). Only what a "Self" RSA issuance needs is honoured;
 * anything we cannot emulate faithfully is refused rather than silently ignored.
 */
export function parseCreateCertificateBody(body: unknown, existing?: CertificatePolicy): CreateRequestResult {
  if (!isObject(body)) return fail("The request body must be a JSON object.");
  const policy = body.policy;
  if (policy === undefined && !existing) {
    return fail("Property 'policy' is required when creating a new certificate.");
  }
  const p = isObject(policy) ? policy : {};
  const keyProps = isObject(p.key_props) ? p.key_props : {};
  const secretProps = isObject(p.secret_props) ? p.secret_props : {};
  const x509 = isObject(p.x509_props) ? p.x509_props : {};
  const issuer = isObject(p.issuer) ? p.issuer : {};
  const attributes = isObject(body.attributes) ? body.attributes : {};

  if (keyProps.kty !== undefined && keyProps.kty !== "RSA" && keyProps.kty !== "RSA-HSM") {
    // MSAL only signs client assertions with RSA keys, so EC certificates would be useless here.
    return fail(`Key type '${String(keyProps.kty)}' is not supported by the emulator; use 'RSA'.`);
  }
  if (keyProps.key_size !== undefined && !KEY_SIZES.has(keyProps.key_size as number)) {
    return fail(`The key size ${String(keyProps.key_size)} is not supported; use 2048, 3072 or 4096.`);
  }
  if (secretProps.contentType !== undefined && !CONTENT_TYPES.has(secretProps.contentType as string)) {
    return fail(`Content type '${String(secretProps.contentType)}' is not supported.`);
  }
  if (issuer.name !== undefined && String(issuer.name).toLowerCase() !== "self") {
    return fail(`Issuer '${String(issuer.name)}' is not supported by the emulator; use 'Self'.`);
  }
  const subject = x509.subject ?? existing?.subject;
  if (typeof subject !== "string" || !/^\s*[A-Za-z]+\s*=/.test(subject)) {
    return fail("Property 'policy.x509_props.subject' must be a distinguished name such as 'CN=entra-mcp'.");
  }
  const months = x509.validity_months;
  if (
    months !== undefined &&
    !(Number.isInteger(months) && (months as number) > 0 && (months as number) <= 120)
  ) {
    return fail("Property 'policy.x509_props.validity_months' must be an integer between 1 and 120.");
  }
  const tags = body.tags;
  if (tags !== undefined && !isStringRecord(tags))
    return fail("Property 'tags' must map strings to strings.");

  const input: CreateCertificateInput = { subject };
  if (typeof keyProps.key_size === "number") input.keySize = keyProps.key_size;
  if (typeof months === "number") input.validityMonths = months;
  if (typeof secretProps.contentType === "string") {
    input.contentType = secretProps.contentType as CreateCertificateInput["contentType"];
  }
  if (typeof attributes.enabled === "boolean") input.enabled = attributes.enabled;
  if (tags !== undefined) input.tags = tags;
  return { ok: true, input };
}

function fail(message: string): CreateRequestResult {
  return { ok: false, message };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isStringRecord(v: unknown): v is Record<string, string> {
  return isObject(v) && Object.values(v).every((x) => typeof x === "string");
}
