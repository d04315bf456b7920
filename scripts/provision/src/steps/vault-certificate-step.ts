/**
 * The certificate in Key Vault: created (self-signed, RSA 2048, 12 months, exportable) when missing,
 * disabled, or expiring within 30 days; Key Vault generates the private key and it never leaves the
 * vault except to the servers that read it with their own login.
 */
import {
  certificatePolicy,
  EXPIRY_WINDOW_DAYS,
  expiresWithin,
  PKCS12_CONTENT_TYPE,
} from "../certificates/certificate-policy.js";
import { cliCommand } from "../output/cli-command.js";
import type { ProvisionContext } from "./provision-context.js";
import type { Step } from "./step.js";

export const vaultCertificateStep: Step<ProvisionContext> = {
  id: "vault-certificate",
  title: (ctx) => `Key Vault certificate "${ctx.options.certName}"`,
  why: "the app's only credential: servers read it from the vault with each person's own Azure login",
  async run(ctx, r) {
    const { vault } = ctx.clients;
    const { certName, appName, pkcs12 } = ctx.options;
    const current = await vault.find(certName);
    const kind = pkcs12 ? "PKCS#12" : "PEM";
    const create = (reason: string) =>
      r.change(
        `create ${reason} in ${vault.vaultUrl} (self-signed CN=${appName}, RSA 2048, exportable, 12 months, ${kind}) and wait for it`,
        () => vault.create(certName, certificatePolicy(appName, pkcs12)),
      );
    if (!current) {
      r.saw(`no certificate "${certName}" in ${vault.vaultUrl}`);
      ctx.state.certificate = await create(`certificate "${certName}"`);
      return;
    }
    const expires = current.expiresOn?.toISOString().slice(0, 10) ?? "unknown";
    r.saw(
      `version ${current.version}, SHA-1 ${current.thumbprintSha1}, expires ${expires}${current.enabled ? "" : ", DISABLED"}`,
    );
    if (!current.enabled) {
      ctx.state.certificate = await create(`a new version of "${certName}" (the current one is disabled)`);
      return;
    }
    if (expiresWithin(current.expiresOn, EXPIRY_WINDOW_DAYS)) {
      ctx.state.certificate = await create(
        `a new version of "${certName}" (the current one expires ${expires}, within ${EXPIRY_WINDOW_DAYS} days)`,
      );
      return;
    }
    const wantsPkcs12 = pkcs12 && current.contentType !== PKCS12_CONTENT_TYPE;
    if (wantsPkcs12 || (!pkcs12 && current.contentType === PKCS12_CONTENT_TYPE)) {
      r.note(
        `the certificate's content type is ${current.contentType ?? "unknown"}; it is kept (auth-core reads PEM and PKCS#12). \`${cliCommand("rotate")}\` issues the next version with the same policy.`,
      );
    }
    ctx.state.certificate = current;
  },
};
