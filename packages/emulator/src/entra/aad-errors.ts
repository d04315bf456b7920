import { AadError } from "./aad-error.js";

// Descriptions follow what Entra returns today (see Microsoft's AADSTS reference and
// real responses quoted in public issues); the trace suffix is added by aadErrorBody.

const CERT_DOCS =
  "Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .";

/** Factories for the AADSTS errors the emulator produces, by code. */
export const aad = {
  certificateNotRegistered: (clientId: string, thumbprint: string | undefined) =>
    new AadError(
      401,
      "invalid_client",
      700027,
      `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found.${thumbprint ? `, Thumbprint of key used by client: '${thumbprint}'` : ""}, Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${clientId}'. Review the documentation at https://docs.microsoft.com/en-us/graph/deployments to determine the corresponding service endpoint and https://docs.microsoft.com/en-us/graph/api/application-get?view=graph-rest-1.0&tabs=http to build a query request URL, such as 'https://graph.microsoft.com/beta/applications/${clientId}']`,
    ),
  signatureInvalid: (clientId: string, thumbprint: string, start: Date, end: Date) =>
    new AadError(
      401,
      "invalid_client",
      700027,
      `Client assertion failed signature validation. [Reason - Key was found, but use of the key to verify the signature failed., Thumbprint of key used by client: '${thumbprint}', Found key 'Start=${start.toISOString()}, End=${end.toISOString()}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${clientId}'.]`,
    ),
  assertionMalformed: (reason: string) =>
    new AadError(400, "invalid_request", 50027, `JWT token is invalid or malformed. [Reason - ${reason}]`),
  assertionTimeRange: (now: Date, nbf: Date, exp: Date) =>
    new AadError(
      401,
      "invalid_client",
      700024,
      `Client assertion is not within its valid time range. Current time: ${now.toISOString()}, assertion valid from ${nbf.toISOString()}, expiry time of assertion ${exp.toISOString()}. ${CERT_DOCS}`,
    ),
  assertionAudience: () =>
    new AadError(
      401,
      "invalid_client",
      700023,
      `Client assertion audience claim does not match Realm issuer. ${CERT_DOCS}`,
    ),
  assertionSubject: () =>
    new AadError(
      401,
      "invalid_client",
      700021,
      `Client assertion application identifier doesn't match 'client_id' parameter. ${CERT_DOCS}`,
    ),
  // Entra has no dedicated replay code (it accepts jti reuse); 50013 is its generic invalid-assertion code.
  assertionReplayed: () =>
    new AadError(
      401,
      "invalid_client",
      50013,
      "Assertion is invalid. [Reason - The client assertion's jti has already been used; sign a new assertion.]",
    ),
  invalidSecret: (clientId: string) =>
    new AadError(
      401,
      "invalid_client",
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
    ),
  credentialRequired: () =>
    new AadError(
      401,
      "invalid_client",
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    ),
  appNotFound: (clientId: string, tenant: string) =>
    new AadError(
      400,
      "unauthorized_client",
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    ),
  servicePrincipalMissing: (clientId: string, tenant: string) =>
    new AadError(
      401,
      "invalid_client",
      7000229,
      `The client application ${clientId} is missing service principal in the tenant ${tenant}. See instructions here: https://go.microsoft.com/fwlink/?linkid=2225119`,
    ),
  tenantNotFound: (tenant: string) =>
    new AadError(
      400,
      "invalid_tenant",
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
    ),
  resourceNotFound: (resource: string, tenantName: string) =>
    new AadError(
      400,
      "invalid_resource",
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${tenantName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
    ),
  consentRequired: (clientId: string, appName: string) =>
    new AadError(
      400,
      "invalid_grant",
      65001,
      `The user or administrator has not consented to use the application with ID '${clientId}' named '${appName}'. Send an interactive authorization request for this user and resource.`,
      "consent_required",
    ),
  redirectUriMismatch: (redirectUri: string, clientId: string) =>
    new AadError(
      400,
      "invalid_request",
      50011,
      `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal. Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this.`,
    ),
  replyAddressMismatch: (sent: string, original: string) =>
    new AadError(
      400,
      "invalid_grant",
      500112,
      `The reply address '${sent}' does not match the reply address '${original}' provided when requesting Authorization code.`,
    ),
  multipleResources: (scope: string) =>
    new AadError(
      400,
      "invalid_scope",
      28000,
      `Provided value for the input parameter scope is not valid because it contains more than one resource. Scope ${scope} is not valid.`,
    ),
  clientCredentialsScope: (scope: string) =>
    new AadError(
      400,
      "invalid_scope",
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    ),
  invalidScope: (scope: string) =>
    new AadError(
      400,
      "invalid_scope",
      70011,
      `The provided value for the input parameter 'scope' isn't valid. The scope ${scope} isn't valid.`,
    ),
  unsupportedGrantType: (grantType: string) =>
    new AadError(
      400,
      "unsupported_grant_type",
      70003,
      `The app requested an unsupported grant type '${grantType}'.`,
    ),
  missingParameter: (name: string) =>
    new AadError(
      400,
      "invalid_request",
      900144,
      `The request body must contain the following parameter: '${name}'.`,
    ),
  codeAlreadyRedeemed: () =>
    new AadError(
      400,
      "invalid_grant",
      54005,
      "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.",
    ),
  codeExpired: () =>
    new AadError(
      400,
      "invalid_grant",
      70008,
      "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.",
    ),
  invalidGrant: (what: string) =>
    new AadError(400, "invalid_grant", 70000, `The provided value for the '${what}' parameter is not valid.`),
  pkceMismatch: () =>
    new AadError(
      400,
      "invalid_grant",
      501481,
      "The Code_Verifier does not match the code_challenge supplied in the authorization request.",
    ),
  authorizationPending: () =>
    new AadError(
      400,
      "authorization_pending",
      70016,
      "OAuth 2.0 device flow error. Authorization is pending. Continue polling.",
    ),
  deviceCodeExpired: () => new AadError(400, "expired_token", 70019, "Verification code expired."),
  // ---- scripted sign-in (ROPC) --------------------------------------------
  userDisabled: () => new AadError(400, "invalid_grant", 50057, "The user account is disabled."),
  invalidCredentials: () =>
    new AadError(
      400,
      "invalid_grant",
      50126,
      "Error validating credentials due to invalid username or password.",
    ),
  // ---- On-Behalf-Of: the user assertion ------------------------------------
  userAssertionMalformed: (reason: string) =>
    new AadError(400, "invalid_request", 50027, `JWT token is invalid or malformed. [Reason - ${reason}]`),
  userAssertionSignature: (thumbprint: string | undefined, keyFound: boolean) =>
    new AadError(
      400,
      "invalid_grant",
      50013,
      `Assertion failed signature validation. [Reason - ${keyFound ? "Key was found, but use of the key to verify the signature failed." : "The key was not found."}, Thumbprint of key used by client: '${thumbprint ?? ""}']`,
    ),
  userAssertionExpired: (now: Date, exp: Date) =>
    new AadError(
      400,
      "invalid_grant",
      500133,
      `Assertion is not within its valid time range. Ensure that the access token is not expired before using it for user assertion, or request a new token. Current time: ${now.toISOString()}, expiry time of assertion ${exp.toISOString()}.`,
    ),
  userAssertionAudience: (audience: string, expected: string, appId: string, appName: string) =>
    new AadError(
      400,
      "invalid_grant",
      500131,
      `Assertion audience does not match the Client app presenting the assertion. The audience in the assertion was '${audience}' and the expected audience is '${expected}' or one of the Application Uris of this application with App ID '${appId}'(${appName}). The downstream client must request a token for the expected audience (the application that made the OBO request) and this application should use that token as the assertion.`,
    ),
  // Microsoft documents no dedicated code for another tenant's token; 50013 is the code its
  // reference gives for an assertion whose issuer does not match.
  userAssertionForeignTenant: (issuer: string, tenantId: string) =>
    new AadError(
      400,
      "invalid_grant",
      50013,
      `Assertion is invalid. [Reason - The assertion was issued by '${issuer}', not by tenant '${tenantId}' the request was sent to. Send the On-Behalf-Of request to the authority of the tenant that issued the user's token.]`,
    ),
  userAssertionNotUser: () =>
    new AadError(
      400,
      "invalid_grant",
      50013,
      "Assertion is invalid. [Reason - The assertion is an app-only token; On-Behalf-Of needs a token issued to a user.]",
    ),
  mfaRequired: (resource: string, claims: string) =>
    new AadError(
      400,
      "interaction_required",
      50076,
      `Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '${resource}'.`,
      undefined,
      claims,
    ),
  userNotFound: (upn: string, tenantName: string) =>
    new AadError(
      400,
      "invalid_grant",
      50034,
      `The user account ${upn} does not exist in the ${tenantName} directory. To sign into this application, the account must be added to the directory.`,
    ),
};
