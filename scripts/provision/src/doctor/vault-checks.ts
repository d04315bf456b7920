/**
 * The vault as a server sees it: reachable, the person's login allowed to read the certificate (the
 * same getSecret a server does, through auth-core), and the certificate present, enabled and not
 * expiring within 30 days.
 */
import { fetchCertificate, type LoadedCertificate } from "@entra-mcp/auth-core";
import { EXPIRY_WINDOW_DAYS, expiresWithin } from "../certificates/certificate-policy.js";
import { describeError } from "../errors.js";
import { cliCommand } from "../output/cli-command.js";
import { type CheckResult, fail, pass, skip } from "./check.js";
import { type DoctorContext, provisionFix } from "./doctor-context.js";

export async function checkVault(ctx: DoctorContext): Promise<CheckResult[]> {
  const vault = ctx.vault;
  if (!vault) {
    const note = "the certificate is a local file (ENTRA_MCP_CERT_PATH), not in Key Vault";
    return [
      skip("vault-reachable", "Key Vault reachable", note),
      skip("vault-role", "Key Vault role", note),
      skip("certificate", "Certificate", note),
    ];
  }
  if (!ctx.login) {
    const note = "needs a working Azure login";
    return [
      skip("vault-reachable", "Key Vault reachable", note),
      skip("vault-role", "Key Vault role", note),
      skip("certificate", "Certificate", note),
    ];
  }
  const results: CheckResult[] = [];
  let loaded: LoadedCertificate | undefined;
  let failure: { code: string | undefined; message: string; fix: string | undefined } | undefined;
  ctx.ledger.record("GET", "Key Vault", `${vault.url}/secrets/${vault.certName}`);
  try {
    loaded = await fetchCertificate(vault.url, vault.certName, ctx.credential, { cloud: ctx.config.cloud });
  } catch (error) {
    failure = { code: (error as { code?: string }).code, ...describeError(error) };
  }
  const who = ctx.login.principal;
  const teammate = ctx.login.objectId ?? who;
  if (failure?.code === "VAULT_UNREACHABLE" || failure?.code === "VAULT_ERROR") {
    results.push(fail("vault-reachable", "Key Vault reachable", failure.message, failure.fix));
    results.push(skip("vault-role", "Key Vault role", "vault not reachable"));
    results.push(skip("certificate", "Certificate", "vault not reachable"));
    return results;
  }
  results.push(pass("vault-reachable", "Key Vault reachable", vault.url));
  if (failure?.code === "VAULT_FORBIDDEN") {
    results.push(
      fail(
        "vault-role",
        "Key Vault role",
        `${who} may not read certificate "${vault.certName}" (403): no "Key Vault Certificate User" on the vault`,
        cliCommand("add-teammate", teammate),
      ),
    );
    results.push(skip("certificate", "Certificate", "cannot be read without the role"));
    return results;
  }
  results.push(pass("vault-role", "Key Vault role", `${who} reads certificate "${vault.certName}"`));
  if (failure) {
    const fix = failure.code === "CERTIFICATE_NOT_FOUND" ? provisionFix(ctx) : cliCommand("rotate");
    results.push(fail("certificate", "Certificate", failure.message, fix));
    return results;
  }
  results.push(await certificateCheck(ctx, vault, loaded as LoadedCertificate));
  return results;
}

async function certificateCheck(
  ctx: DoctorContext,
  vault: { url: string; certName: string },
  loaded: LoadedCertificate,
): Promise<CheckResult> {
  // The certificate object says whether the version is enabled; reading it needs certificates/read,
  // which Key Vault Certificate User has (Secrets User does not: then the secret's facts must do).
  const properties = await ctx.clients.vault.find(vault.certName).catch(() => undefined);
  const thumbprint = properties?.thumbprintSha1 ?? loaded.thumbprint;
  const expiresOn = properties?.expiresOn ?? loaded.notAfter;
  ctx.certificateThumbprint = thumbprint;
  const days = Math.floor((expiresOn.getTime() - Date.now()) / 86_400_000);
  const facts = `version ${properties?.version ?? loaded.version}, SHA-1 ${thumbprint}, expires ${expiresOn.toISOString().slice(0, 10)}`;
  if (properties && !properties.enabled) {
    return fail(
      "certificate",
      "Certificate",
      `${facts}: the current version is disabled`,
      cliCommand("rotate"),
    );
  }
  if (days < 0)
    return fail("certificate", "Certificate", `${facts}: EXPIRED ${-days} day(s) ago`, cliCommand("rotate"));
  if (expiresWithin(expiresOn, EXPIRY_WINDOW_DAYS)) {
    return fail(
      "certificate",
      "Certificate",
      `${facts}: expires within ${EXPIRY_WINDOW_DAYS} days (${days} left)`,
      cliCommand("rotate"),
    );
  }
  return pass("certificate", "Certificate", `${facts} (${days} days left), enabled`);
}
