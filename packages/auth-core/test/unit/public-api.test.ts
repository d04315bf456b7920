/** The barrel is the public API: this list changes only on purpose (and with a changeset). */
import { expect, it } from "vitest";
import * as api from "../../src/index.js";

it("exports exactly the public runtime API", () => {
  expect(Object.keys(api).sort()).toEqual([
    "BUILT_IN_CLOUDS",
    "CertificateError",
    "ConfigError",
    "EntraMcpError",
    "InboundAuthError",
    "InteractionRequiredError",
    "KeyVaultError",
    "SignInError",
    "TokenCacheError",
    "TokenError",
    "clientAssertionCallback",
    "createAuth",
    "createDistributedTokenCache",
    "createInboundValidator",
    "createOnBehalfOf",
    "createTokenCachePlugin",
    "defaultCacheDir",
    "defaultConfigPath",
    "dpapiBindingFiles",
    "fetchCertificate",
    "loadAuthConfig",
    "loadCacheEncryptionKey",
    "loadInboundAuthConfig",
    "log",
    "notifyUser",
    "openDistributedTokenCache",
    "protectedResourceMetadata",
    "redact",
    "resolveCloud",
    "setLogSink",
  ]);
});
