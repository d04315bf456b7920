/**
 * The certificate's public key on the app registration. Graph replaces keyCredentials as a whole, so
 * the PATCH sends every key that is still valid (with its `key`) plus the new one: a rotation overlaps
 * and running servers keep working. Expired keys are dropped when the list is rewritten anyway.
 */

import { keyCredentialThumbprint } from "../certificates/thumbprints.js";
import type { GraphKeyCredential } from "../clients/graph-types.js";
import type { VaultCertificate } from "../clients/key-vault-client.js";
import { ProvisionError } from "../errors.js";
import type { ProvisionContext } from "./provision-context.js";
import type { Step } from "./step.js";

export const appKeyStep: Step<ProvisionContext> = {
  id: "app-key",
  title: () => "Certificate registered on the app",
  why: "Entra ID checks client assertions against these keys (AADSTS700027 when the vault's certificate is missing)",
  async run(ctx, r) {
    const app = ctx.state.app;
    const certificate = ctx.state.certificate;
    if (!app || !certificate) {
      await r.change("append the new certificate's public key to the app's keys", async () => undefined);
      return;
    }
    const keys = await ctx.clients.graph.getKeyCredentials(app.id);
    if (keys.some((key) => keyCredentialThumbprint(key) === certificate.thumbprintSha1)) {
      r.saw(
        `certificate ${certificate.thumbprintSha1} is registered (${keys.length} key${keys.length === 1 ? "" : "s"} on the app)`,
      );
      return;
    }
    r.saw(`certificate ${certificate.thumbprintSha1} is not among the app's ${keys.length} key(s)`);
    const plan = appendKey(keys, certificate, ctx.options.appName);
    await r.change(
      `append certificate ${certificate.thumbprintSha1} (version ${certificate.version}) to the app's keys, keeping ${plan.kept} valid key(s)${plan.dropped ? `, dropping ${plan.dropped} expired` : ""}`,
      () => ctx.clients.graph.updateApplication(app.id, { keyCredentials: plan.keyCredentials }),
    );
  },
};

/** The full keyCredentials list to PATCH: valid existing keys (with their key material) + `certificate`. */
export function appendKey(
  keys: GraphKeyCredential[],
  certificate: VaultCertificate,
  appName: string,
  now = Date.now(),
): { keyCredentials: Record<string, unknown>[]; kept: number; dropped: number } {
  const valid = keys.filter((key) => !key.endDateTime || Date.parse(key.endDateTime) > now);
  const missingMaterial = valid.filter((key) => !key.key);
  if (missingMaterial.length > 0) {
    throw new ProvisionError(
      `Microsoft Graph did not return the key material of ${missingMaterial.length} existing certificate(s) on the app, so they cannot be kept while adding the new one.`,
      {
        fix: "retry; if it persists, add the certificate in the portal (Certificates & secrets → Upload certificate).",
      },
    );
  }
  return {
    keyCredentials: [
      ...valid.map(keepKey),
      {
        type: "AsymmetricX509Cert",
        usage: "Verify",
        key: certificate.derBase64,
        displayName: `CN=${appName} (Key Vault ${certificate.name} ${certificate.version})`,
      },
    ],
    kept: valid.length,
    dropped: keys.length - valid.length,
  };
}

/** An existing key as a PATCH must resend it. */
export function keepKey(key: GraphKeyCredential): Record<string, unknown> {
  return {
    keyId: key.keyId,
    type: key.type ?? "AsymmetricX509Cert",
    usage: key.usage ?? "Verify",
    key: key.key,
    ...(key.displayName ? { displayName: key.displayName } : {}),
  };
}
