/**
 * `entra-mcp add-teammate <upn|objectId>`: "Key Vault Certificate User" on the vault for one more
 * person (or principal), so their own Azure login can read the certificate. Nothing else changes.
 */
import type { PrincipalType } from "../clients/arm-client.js";
import { ProvisionError, UsageError } from "../errors.js";
import { cliCommand } from "../output/cli-command.js";
import { StepRecorder } from "../steps/step.js";
import { grantVaultRole, requireVault } from "../steps/vault-access-step.js";
import type { ParsedCommand } from "./arguments.js";
import { type Io, setupCommand } from "./command-setup.js";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function addTeammateCommand(parsed: ParsedCommand, io: Io): Promise<number> {
  const who = parsed.positionals[0]?.trim();
  if (!who || parsed.positionals.length > 1) {
    throw new UsageError(
      "add-teammate takes exactly one user principal name or object id.",
      cliCommand("add-teammate", "alice@contoso.com"),
    );
  }
  const setup = await setupCommand(parsed, io);
  const err = io.stderr;
  err.write(`entra-mcp add-teammate: ${who} → vault ${setup.vaultUrl} (tenant ${setup.tenantId})\n`);

  const principal = await resolvePrincipal(setup.clients.graph, who, setup.tenantId);
  err.write(`  principal: ${principal.label}\n`);
  const vault = await requireVault(setup.clients.arm, setup.vaultUrl);
  err.write(`  vault: ${vault.name} (${vault.id})\n`);
  const recorder = new StepRecorder(true);
  await grantVaultRole(
    setup.clients.arm as NonNullable<typeof setup.clients.arm>,
    vault,
    principal,
    recorder,
  );
  for (const line of recorder.found) err.write(`  found: ${line}\n`);
  for (const line of recorder.changes) err.write(`  ✓ ${line}\n`);
  err.write(recorder.changes.length === 0 ? "Nothing to change.\n" : "Done.\n");
  err.write(`Requests: ${setup.ledger.reads} read(s), ${setup.ledger.writes} write(s).\n`);
  if (parsed.values.json === true) {
    io.stdout.write(
      `${JSON.stringify(
        {
          command: "add-teammate",
          ok: true,
          principal: { id: principal.id, type: principal.type ?? null, label: principal.label },
          vault: { url: setup.vaultUrl, id: vault.id },
          changes: recorder.changes,
          nothingToChange: recorder.changes.length === 0,
          requests: { reads: setup.ledger.reads, writes: setup.ledger.writes },
        },
        null,
        2,
      )}\n`,
    );
  }
  return 0;
}

async function resolvePrincipal(
  graph: Awaited<ReturnType<typeof setupCommand>>["clients"]["graph"],
  who: string,
  tenantId: string,
): Promise<{ label: string; id: string; type: PrincipalType | undefined }> {
  const user = await graph.findUser(who);
  if (user) return { label: `${user.userPrincipalName} (${user.id})`, id: user.id, type: "User" };
  if (GUID.test(who)) {
    const sp = await graph.findServicePrincipalById(who).catch(() => undefined);
    if (sp)
      return { label: `service principal ${sp.displayName} (${sp.id})`, id: sp.id, type: "ServicePrincipal" };
  }
  throw new ProvisionError(`add-teammate: no user or service principal "${who}" in tenant ${tenantId}.`, {
    fix: "check the user principal name (e.g. alice@contoso.com) or pass the object id.",
  });
}
