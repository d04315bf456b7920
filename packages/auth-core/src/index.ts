/**
 * @entra-mcp/auth-core public API. Any new export here is public API: name it explicitly (no
 * `export *`) and add it to test/public-api.test.ts.
 */

export type { ClientAssertionOptions } from "./app-only/client-assertion.js";
export { clientAssertionCallback } from "./app-only/client-assertion.js";
export type { TokenCacheOptions, TokenCachePlugin } from "./cache/create-token-cache-plugin.js";
export { createTokenCachePlugin, defaultCacheDir } from "./cache/create-token-cache-plugin.js";
export type {
  CacheMode,
  CachePartition,
  DistributedTokenCache,
  DistributedTokenCacheOptions,
} from "./cache/distributed/index.js";
export {
  createDistributedTokenCache,
  loadCacheEncryptionKey,
  openDistributedTokenCache,
} from "./cache/distributed/index.js";
export type { DpapiBindingFile } from "./cache/dpapi-binding.js";
export { dpapiBindingFiles } from "./cache/dpapi-binding.js";
export type { FetchCertificateOptions } from "./certificate/fetch-certificate.js";
export { fetchCertificate } from "./certificate/fetch-certificate.js";
export type { CertificateSummary, LoadedCertificate } from "./certificate/loaded-certificate.js";
export type { CloudProfile, ResourceEndpoint } from "./config/cloud-profile.js";
export { BUILT_IN_CLOUDS, resolveCloud } from "./config/cloud-profile.js";
export { defaultConfigPath } from "./config/config-file.js";
export type { AuthConfig, AuthMode, CertificateLocation } from "./config/load-auth-config.js";
export { loadAuthConfig } from "./config/load-auth-config.js";
export type { AccessToken, Auth, AuthStatus, CreateAuthOptions } from "./create-auth.js";
export { createAuth } from "./create-auth.js";
export type { EntraMcpErrorCode } from "./errors.js";
export {
  CertificateError,
  ConfigError,
  EntraMcpError,
  KeyVaultError,
  SignInError,
  TokenCacheError,
  TokenError,
} from "./errors.js";
export type {
  InboundAuthConfig,
  InboundAuthErrorCode,
  InboundUser,
  InboundValidator,
  ProtectedResourceMetadata,
} from "./inbound/index.js";
export {
  createInboundValidator,
  InboundAuthError,
  loadInboundAuthConfig,
  protectedResourceMetadata,
} from "./inbound/index.js";
export type { LogLevel, LogSink } from "./logger.js";
export { log, notifyUser, setLogSink } from "./logger.js";
export type { InteractionReason, OnBehalfOf, OnBehalfOfOptions } from "./obo/index.js";
export { createOnBehalfOf, InteractionRequiredError } from "./obo/index.js";
export { redact } from "./redact.js";
