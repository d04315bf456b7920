/** The provisioning steps, in the order they depend on each other. */
import { adminConsentStep } from "./admin-consent-step.js";
import { appKeyStep } from "./app-key-step.js";
import { appRegistrationStep } from "./app-registration-step.js";
import { clientSecretsStep } from "./client-secrets-step.js";
import { dataverseUsersStep } from "./dataverse-users-step.js";
import { fabricTenantSettingStep } from "./fabric-tenant-setting-step.js";
import { hostedApiStep } from "./hosted-api-step.js";
import { powerBiWorkspacesStep } from "./power-bi-workspaces-step.js";
import type { ProvisionContext } from "./provision-context.js";
import { servicePrincipalStep } from "./service-principal-step.js";
import type { Step } from "./step.js";
import { teamConfigStep } from "./team-config-step.js";
import { vaultAccessStep } from "./vault-access-step.js";
import { vaultCertificateStep } from "./vault-certificate-step.js";

export const PROVISION_STEPS: readonly Step<ProvisionContext>[] = [
  appRegistrationStep,
  hostedApiStep,
  servicePrincipalStep,
  adminConsentStep,
  vaultCertificateStep,
  appKeyStep,
  vaultAccessStep,
  clientSecretsStep,
  powerBiWorkspacesStep,
  fabricTenantSettingStep,
  dataverseUsersStep,
  teamConfigStep,
];
