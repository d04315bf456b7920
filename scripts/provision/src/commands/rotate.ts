/**
 * `entra-mcp rotate`: a new certificate version in the vault, its public key appended to the app, a
 * real token acquired with the NEW certificate to prove it, then the old key removed from the app.
 * Running servers keep working: on AADSTS700027 auth-core re-reads the vault's newest version.
 */
import { certificatePolicy, PKCS12_CONTENT_TYPE } from "../certificates/certificate-policy.js";
import { proveCertificate } from "../certificates/prove-certificate.js";
import { keyCredentialThumbprint } from "../certificates/thumbprints.js";
import { ProvisionError } from "../errors.js";
import { cliCommand } from "../output/cli-command.js";
import { appendKey, keepKey } from "../steps/app-key-step.js";
import type { ParsedCommand } from "./arguments.js";
import { type Io, setupCommand } from "./command-setup.js";

export async function rotateCommand(parsed: ParsedCommand, io: Io): Promise<number> {
  const setup = await setupCommand(parsed, io);
  const { graph, vault } = setup.clients;
  const err = io.stderr;
  const say = (line: string) => err.write(`${line}\n`);
  say(
    `entra-mcp rotate: app "${setup.appName}", certificate "${setup.certName}" in ${setup.vaultUrl} (tenant ${setup.tenantId})`,
  );

  const app = await graph.findApplication(setup.appName);
  if (!app) {
    throw new ProvisionError(`no app registration "${setup.appName}" in tenant ${setup.tenantId}.`, {
      fix: `run \`${cliCommand("provision")}\` first (or pass --name with the app's uniqueName).`,
    });
  }
  const old = await vault.find(setup.certName);
  if (!old) {
    throw new ProvisionError(`no certificate "${setup.certName}" in ${setup.vaultUrl}.`, {
      fix: `run \`${cliCommand("provision")}\` (it creates the certificate), or pass --cert-name.`,
    });
  }
  say(`[1/4] current: version ${old.version}, SHA-1 ${old.thumbprintSha1}, expires ${day(old.expiresOn)}`);

  say("[2/4] creating a new version in Key Vault and waiting for it …");
  const pkcs12 = old.contentType === PKCS12_CONTENT_TYPE;
  const fresh = await vault.create(setup.certName, certificatePolicy(setup.appName, pkcs12));
  say(`      ✓ version ${fresh.version}, SHA-1 ${fresh.thumbprintSha1}, expires ${day(fresh.expiresOn)}`);

  const keys = await graph.getKeyCredentials(app.id);
  const appended = appendKey(keys, fresh, setup.appName);
  await graph.updateApplication(app.id, { keyCredentials: appended.keyCredentials });
  say(`      ✓ public key appended to the app (${appended.kept} existing valid key(s) kept)`);

  const audience = setup.cloud.resources.graph?.audience ?? "https://graph.microsoft.com";
  say(`[3/4] proving the new certificate: an app-only token for ${audience} …`);
  const proof = await proveCertificate({
    vaultUrl: setup.vaultUrl,
    certName: setup.certName,
    version: fresh.version,
    tenantId: setup.tenantId,
    clientId: app.appId,
    cloud: setup.cloud,
    credential: setup.credential,
    audience,
    ledger: setup.ledger,
  });
  say(`      ✓ token acquired with ${proof.thumbprintSha1} (expires ${proof.expiresOn ?? "unknown"})`);

  const current = await graph.getKeyCredentials(app.id);
  const remaining = current.filter((key) => keyCredentialThumbprint(key) !== old.thumbprintSha1);
  let removed = false;
  if (remaining.length === current.length) {
    say(`[4/4] the old certificate ${old.thumbprintSha1} was not registered on the app; nothing to remove`);
  } else {
    await graph.updateApplication(app.id, { keyCredentials: remaining.map(keepKey) });
    removed = true;
    say(`[4/4] ✓ old key ${old.thumbprintSha1} removed from the app`);
  }
  say(
    "Running servers switch to the new version on their next token request (AADSTS700027 → newest vault version); no restart needed.",
  );
  say(`Requests: ${setup.ledger.reads} read(s), ${setup.ledger.writes} write(s).`);
  if (parsed.values.json === true) {
    io.stdout.write(
      `${JSON.stringify(
        {
          command: "rotate",
          ok: true,
          app: { uniqueName: setup.appName, clientId: app.appId },
          previous: { version: old.version, thumbprintSha1: old.thumbprintSha1, removedFromApp: removed },
          current: {
            version: fresh.version,
            thumbprintSha1: fresh.thumbprintSha1,
            thumbprintSha256: fresh.thumbprintSha256,
            expiresOn: fresh.expiresOn?.toISOString() ?? null,
          },
          proof: { audience: proof.audience, tokenExpiresOn: proof.expiresOn ?? null },
          requests: { reads: setup.ledger.reads, writes: setup.ledger.writes },
        },
        null,
        2,
      )}\n`,
    );
  }
  return 0;
}

const day = (date: Date | undefined): string => date?.toISOString().slice(0, 10) ?? "unknown";
