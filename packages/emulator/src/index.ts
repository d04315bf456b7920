// Public API of @entra-mcp/emulator. Every export is named: anything added here is public API.

export type { PrincipalType, RoleAssignment } from "./arm/role-assignment-store.js";
export { RoleAssignmentStore } from "./arm/role-assignment-store.js";
export type { RoleDefinition } from "./arm/role-definitions.js";
export { BUILT_IN_ROLES, roleDefinitionByName } from "./arm/role-definitions.js";
export type { CompleteSignInOptions } from "./browser/complete-sign-in.js";
export { completeSignIn, SignInPageError } from "./browser/complete-sign-in.js";
export type { CanaryHit } from "./canary/canary-routes.js";
export type { CertificateMaterial, CreateCertificateOptions } from "./certs/certificate-material.js";
export {
  certificateFromPem,
  createSelfSignedCertificate,
  toPkcs12Base64,
} from "./certs/certificate-material.js";
export type { CloudProfile, CloudResource } from "./cloud/cloud-file.js";
export type { EnvironmentInfo, SystemUser } from "./dataverse/dataverse-environment.js";
export { DataverseEnvironment } from "./dataverse/dataverse-environment.js";
export type { SecurityRole } from "./dataverse/dataverse-security.js";
export type { MfaPolicy } from "./directory/conditional-access.js";
export type {
  AddApplicationInput,
  DirectoryOptions,
  DirectorySettings,
  ExposeApiInput,
  ResolvedAudience,
} from "./directory/directory-state.js";
export { DirectoryState } from "./directory/directory-state.js";
export type {
  ApplicationApi,
  AppRegistration,
  AppRoleAssignment,
  AppRoleDefinition,
  DelegatedPermissionGrant,
  DirectoryUser,
  KeyCredential,
  PasswordCredential,
  PermissionScopeDefinition,
  PreAuthorizedApplication,
  RequiredResourceAccess,
  ResourceAccess,
  ServicePrincipal,
  TenantInfo,
} from "./directory/directory-types.js";
export type { ResourcePrincipalSeed } from "./directory/resource-principals.js";
export { RESOURCE_APP_IDS, RESOURCE_PRINCIPALS } from "./directory/resource-principals.js";
export type { EmulatorEnv } from "./emulator/emulator-env.js";
export type { Emulator, EmulatorUrls, SeedName, StartEmulatorOptions } from "./emulator/emulator-handle.js";
export type { RotateCertificateOptions } from "./emulator/rotate-certificate.js";
export { startEmulator } from "./emulator/start-emulator.js";
export type { AccessTokenVerifier, EmulatorAccessTokenClaims } from "./entra/access-token-verifier.js";
export type { IdentityAdmin } from "./entra/identity-admin.js";
export type { KeyRotation } from "./entra/token-signer.js";
export { GraphState } from "./graph/graph-state.js";
export type {
  DirectoryGroup,
  MailAddress,
  MailMessage,
  SentMail,
  SignInRecord,
} from "./graph/graph-types.js";
export type { Fault } from "./http/faults.js";
export type { RequestFilter, RequestLogEntry, RequestPredicate } from "./http/request-log.js";
export type { AccessTokenClaims } from "./keyvault/key-vault-routes.js";
export type { CertificateVersion, KeyVaultRole } from "./keyvault/key-vault-state.js";
export { KeyVaultState } from "./keyvault/key-vault-state.js";
export { PowerPlatformState } from "./power-platform/power-platform-state.js";
export { DEFAULT_APP_ROLES, DEFAULT_DELEGATED_SCOPES } from "./seed/default-permissions.js";
export { FABRIC_SAMPLE } from "./seed/fabric-sample-ids.js";
export { DIRECTORY_SAMPLE } from "./seed/graph-directory-seed.js";
export { POWER_BI_SAMPLE } from "./seed/powerbi-catalog-seed.js";
export { SAMPLE } from "./seed/sample-ids.js";
export type { DefaultTenant, EmptyTenant, SecretLogin, TestUser } from "./seed/seeded-tenant.js";
export type { EmulatorCa } from "./tls/emulator-ca.js";
export { ensureEmulatorCa } from "./tls/emulator-ca.js";
export type { TenantSetting } from "./workspaces/tenant-settings.js";
export {
  SERVICE_PRINCIPAL_ADMIN_API_ACCESS,
  SERVICE_PRINCIPAL_API_ACCESS,
  TenantSettings,
} from "./workspaces/tenant-settings.js";
export { roleAtLeast, WorkspaceState } from "./workspaces/workspace-state.js";
export type {
  CellValue,
  Dataset,
  DatasetRefresh,
  FabricItem,
  JobInstance,
  JobStatus,
  LakehouseTable,
  RefreshStatus,
  Report,
  SemanticTable,
  Workspace,
  WorkspaceRole,
} from "./workspaces/workspace-types.js";
