import { keyCredentialFrom, pemFromDerBase64 } from "../directory/app-credentials.js";
import type { AppRegistration, KeyCredential, RequiredResourceAccess } from "../directory/directory-types.js";
import { type ApiPatch, applyApiPatch, parseApiPatch } from "./graph-application-api.js";

/** The writable application properties the emulator applies; Graph's others are accepted and ignored. */
export interface ApplicationPatch extends ApiPatch {
  displayName?: string;
  signInAudience?: string;
  requiredResourceAccess?: RequiredResourceAccess[];
  publicClientRedirectUris?: string[];
  isFallbackPublicClient?: boolean;
  keyCredentials?: KeyCredential[];
}

/** A 400 Graph would send for the body, as code + message. */
export class ApplicationPatchError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

// Properties of microsoft.graph.application a PATCH may carry. Only some change emulator state.
const KNOWN = new Set([
  "displayName",
  "signInAudience",
  "requiredResourceAccess",
  "publicClient",
  "isFallbackPublicClient",
  "keyCredentials",
  "passwordCredentials",
  "uniqueName",
  "description",
  "notes",
  "tags",
  "identifierUris",
  "web",
  "spa",
  "api",
  "appRoles",
  "info",
  "optionalClaims",
  "groupMembershipClaims",
  "serviceManagementReference",
  "isDeviceOnlyAuthSupported",
  "parentalControlSettings",
  "tokenEncryptionKeyId",
]);
const AUDIENCES = new Set([
  "AzureADMyOrg",
  "AzureADMultipleOrgs",
  "AzureADandPersonalMicrosoftAccount",
  "PersonalMicrosoftAccount",
]);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const bad = (message: string) => new ApplicationPatchError("Request_BadRequest", message);
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Validates a PATCH/POST body; throws ApplicationPatchError with Graph's wording. */
export function parseApplicationPatch(
  body: unknown,
  existing: AppRegistration | undefined,
  /** Whether another object already has an identifier URI (Graph keeps them unique in the tenant). */
  identifierUriInUse: (uri: string) => boolean = () => false,
): ApplicationPatch {
  if (!isObject(body)) throw new ApplicationPatchError("BadRequest", "Empty Payload. JSON content expected.");
  for (const key of Object.keys(body)) {
    if (!KNOWN.has(key) && !key.startsWith("@odata.")) throw bad(`Invalid property '${key}'.`);
  }
  if (body.passwordCredentials !== undefined) {
    throw bad(
      "Updates to PasswordCredentials are not supported. Use the addPassword and removePassword actions.",
    );
  }
  if (body.uniqueName !== undefined && existing && body.uniqueName !== existing.uniqueName) {
    throw bad("Property 'uniqueName' is read-only once set and cannot be updated.");
  }
  const patch: ApplicationPatch = parseApiPatch(body, existing, identifierUriInUse);
  if (body.displayName !== undefined) {
    if (typeof body.displayName !== "string" || body.displayName.trim() === "")
      throw bad("Invalid value specified for property 'displayName' of resource 'Application'.");
    patch.displayName = body.displayName;
  }
  if (body.signInAudience !== undefined) {
    if (typeof body.signInAudience !== "string" || !AUDIENCES.has(body.signInAudience))
      throw bad("Invalid value specified for property 'signInAudience' of resource 'Application'.");
    patch.signInAudience = body.signInAudience;
  }
  if (body.isFallbackPublicClient !== undefined) {
    if (body.isFallbackPublicClient !== null && typeof body.isFallbackPublicClient !== "boolean")
      throw bad("Invalid value specified for property 'isFallbackPublicClient' of resource 'Application'.");
    patch.isFallbackPublicClient = body.isFallbackPublicClient === true;
  }
  if (body.publicClient !== undefined) patch.publicClientRedirectUris = redirectUris(body.publicClient);
  if (body.requiredResourceAccess !== undefined)
    patch.requiredResourceAccess = resourceAccess(body.requiredResourceAccess);
  if (body.keyCredentials !== undefined) patch.keyCredentials = keyCredentials(body.keyCredentials);
  return patch;
}

export function applyApplicationPatch(app: AppRegistration, patch: ApplicationPatch): void {
  if (patch.displayName !== undefined) app.displayName = patch.displayName;
  if (patch.signInAudience !== undefined) app.signInAudience = patch.signInAudience;
  if (patch.isFallbackPublicClient !== undefined) app.isFallbackPublicClient = patch.isFallbackPublicClient;
  if (patch.publicClientRedirectUris !== undefined)
    app.publicClientRedirectUris = patch.publicClientRedirectUris;
  if (patch.requiredResourceAccess !== undefined) app.requiredResourceAccess = patch.requiredResourceAccess;
  // Graph replaces the whole collection: a key left out of the PATCH is removed from the app.
  if (patch.keyCredentials !== undefined) app.keyCredentials = patch.keyCredentials;
  applyApiPatch(app, patch);
}

function redirectUris(value: unknown): string[] {
  if (value === null) return [];
  if (!isObject(value))
    throw bad("Invalid value specified for property 'publicClient' of resource 'Application'.");
  const uris = value.redirectUris ?? [];
  if (!Array.isArray(uris) || uris.some((u) => typeof u !== "string" || !URL.canParse(u)))
    throw bad("Invalid value specified for property 'publicClient.redirectUris' of resource 'Application'.");
  return [...new Set(uris as string[])];
}

function resourceAccess(value: unknown): RequiredResourceAccess[] {
  const invalid = () =>
    bad("Invalid value specified for property 'requiredResourceAccess' of resource 'Application'.");
  if (!Array.isArray(value)) throw invalid();
  return value.map((entry) => {
    if (!isObject(entry) || typeof entry.resourceAppId !== "string" || !GUID.test(entry.resourceAppId))
      throw invalid();
    if (!Array.isArray(entry.resourceAccess)) throw invalid();
    return {
      resourceAppId: entry.resourceAppId.toLowerCase(),
      resourceAccess: entry.resourceAccess.map((access) => {
        if (!isObject(access) || typeof access.id !== "string" || !GUID.test(access.id)) throw invalid();
        if (access.type !== "Role" && access.type !== "Scope") throw invalid();
        return { id: access.id.toLowerCase(), type: access.type };
      }),
    };
  });
}

function keyCredentials(value: unknown): KeyCredential[] {
  if (!Array.isArray(value))
    throw bad("Invalid value specified for property 'keyCredentials' of resource 'Application'.");
  const seen = new Set<string>();
  return value.map((entry) => {
    const invalidKey = () => bad("Invalid value specified for property 'key' of resource 'KeyCredential'.");
    if (!isObject(entry)) throw invalidKey();
    if (entry.type !== "AsymmetricX509Cert" || entry.usage !== "Verify") {
      throw bad("Invalid value specified for property 'type' of resource 'KeyCredential'.");
    }
    // Graph needs the certificate itself for every key it keeps, including the existing ones.
    if (typeof entry.key !== "string" || entry.key.length === 0) throw invalidKey();
    let credential: KeyCredential;
    try {
      credential = keyCredentialFrom(pemFromDerBase64(entry.key), {
        ...(typeof entry.displayName === "string" ? { displayName: entry.displayName } : {}),
        ...(typeof entry.keyId === "string" && GUID.test(entry.keyId)
          ? { keyId: entry.keyId.toLowerCase() }
          : {}),
      });
    } catch {
      throw invalidKey();
    }
    if (seen.has(credential.keyId)) throw bad("Key credential keyId must be unique.");
    seen.add(credential.keyId);
    return credential;
  });
}
