/** The inbound room's door: validate MCP clients' bearer tokens and describe the protected resource. */
export type { InboundValidator } from "./create-inbound-validator.js";
export { createInboundValidator, tenantIssuer } from "./create-inbound-validator.js";
export type { InboundAuthErrorCode } from "./inbound-auth-error.js";
export { InboundAuthError } from "./inbound-auth-error.js";
export type { InboundAuthConfig } from "./inbound-config.js";
export { loadInboundAuthConfig } from "./inbound-config.js";
export type { InboundUser } from "./inbound-user.js";
export type { ProtectedResourceMetadata } from "./protected-resource-metadata.js";
export { protectedResourceMetadata } from "./protected-resource-metadata.js";
