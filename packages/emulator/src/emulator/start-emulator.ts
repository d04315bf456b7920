import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RoleAssignmentStore } from "../arm/role-assignment-store.js";
import { EmulatorClock } from "../clock.js";
import { type CloudResource, emulatorCloudProfile, writeCloudFile } from "../cloud/cloud-file.js";
import { DirectoryState } from "../directory/directory-state.js";
import { createAccessTokenVerifier } from "../entra/access-token-verifier.js";
import { approveDeviceCode } from "../entra/device-code-routes.js";
import { GrantStore } from "../entra/grant-store.js";
import { identityAdmin } from "../entra/identity-admin.js";
import type { LoginContext } from "../entra/login-context.js";
import { registerLoginRoutes } from "../entra/login-routes.js";
import { TokenFactory } from "../entra/token-factory.js";
import { TokenSigner } from "../entra/token-signer.js";
import { FaultRegistry } from "../http/faults.js";
import { type EmulatorOrigin, startOrigin } from "../http/origin-server.js";
import { RequestLog } from "../http/request-log.js";
import { nameBasedGuid } from "../ids.js";
import { registerKeyVaultRoutes } from "../keyvault/key-vault-routes.js";
import { KeyVaultState } from "../keyvault/key-vault-state.js";
import { POWER_BI_APP_HOST } from "../powerbi/embed-page/power-bi-app-host.js";
import { applyDefaultSeed } from "../seed/default-seed.js";
import { applyEmptySeed } from "../seed/empty-seed.js";
import { applySampleData } from "../seed/sample-data-seed.js";
import type { DefaultTenant, EmptyTenant } from "../seed/seeded-tenant.js";
import { loadOrCreateEmulatorCa } from "../tls/emulator-ca.js";
import { createServerCertificate } from "../tls/server-certificate.js";
import { buildEmulatorEnv } from "./emulator-env.js";
import type { Emulator, StartEmulatorOptions } from "./emulator-handle.js";
import { registerResourceServices } from "./register-services.js";
import { type RotateCertificateOptions, rotateCertificate } from "./rotate-certificate.js";

/**
 * Origins started for every emulator; each is its own https://127.0.0.1:<port>. To add a
 * service: name it here, register its routes below, and list it in CLOUD_RESOURCES if
 * auth-core should find it through cloud.json.
 */
const ORIGINS = [
  "login",
  "vault",
  "graph",
  "powerbi",
  "powerbiapp",
  "fabric",
  "powerplatform",
  "dataverse",
  "dataverse2",
  "arm",
  "canary",
] as const;
type OriginName = (typeof ORIGINS)[number];

/**
 * Resource origins published in cloud.json's `resources`, with the audience tokens for them
 * carry — the same audiences auth-core's built-in public cloud uses. Dataverse is not here:
 * each environment is its own endpoint and audience (ENTRA_MCP_DATAVERSE_URLS).
 */
const CLOUD_RESOURCES: Partial<Record<OriginName, { key: string; audience: string }>> = {
  graph: { key: "graph", audience: "https://graph.microsoft.com" },
  powerbi: { key: "powerbi", audience: "https://analysis.windows.net/powerbi/api" },
  fabric: { key: "fabric", audience: "https://api.fabric.microsoft.com" },
  powerplatform: { key: "powerplatform", audience: "https://api.powerplatform.com" },
  arm: { key: "arm", audience: "https://management.azure.com" },
};

/** Starts the emulator: HTTPS origins, a seeded directory and vault, cloud.json and the env to use them. */
export function startEmulator(
  options?: StartEmulatorOptions & { seed?: "default" },
): Promise<Emulator<DefaultTenant>>;
export function startEmulator(
  options: StartEmulatorOptions & { seed: "empty" },
): Promise<Emulator<EmptyTenant>>;
export function startEmulator(options?: StartEmulatorOptions): Promise<Emulator<EmptyTenant | DefaultTenant>>;
export async function startEmulator(
  options: StartEmulatorOptions = {},
): Promise<Emulator<EmptyTenant | DefaultTenant>> {
  const workDir = await mkdtemp(join(tmpdir(), "entra-mcp-emulator-"));
  const caDir = options.caDir ?? process.env.ENTRA_MCP_EMULATOR_CA_DIR ?? workDir;
  const ca = await loadOrCreateEmulatorCa(caDir);
  const deps = { tls: createServerCertificate(ca), log: new RequestLog(), faults: new FaultRegistry() };
  // Browsers reach the report embed page as app.powerbi.com:<port> (powerbi-client embeds only
  // *.powerbi.com URLs), so that origin's certificate names the host too.
  const appDeps = { ...deps, tls: createServerCertificate(ca, [POWER_BI_APP_HOST]) };
  const started = await Promise.all(
    ORIGINS.map((name) => startOrigin(name, name === "powerbiapp" ? appDeps : deps)),
  );
  const origins = Object.fromEntries(started.map((o) => [o.name, o])) as Record<OriginName, EmulatorOrigin>;
  try {
    const { login, vault: vaultOrigin } = origins;

    const clock = new EmulatorClock(options.clockSkewSeconds ?? 0);
    const directory = new DirectoryState({ clock });
    const signer = TokenSigner.create();
    const ctx: LoginContext = {
      directory,
      grants: new GrantStore(),
      tokens: new TokenFactory(signer, directory, login.url, options.accessTokenLifetimeSeconds ?? 3599),
      signer,
      loginOrigin: login.url,
      deviceCodeLifetimeSeconds: options.deviceCodeLifetimeSeconds ?? 900,
    };
    const verifyAccessToken = createAccessTokenVerifier(signer, clock);
    registerLoginRoutes(login.app, ctx);
    // One store of Azure role assignments: ARM writes and lists them, Key Vault authorizes by them.
    const roleAssignments = new RoleAssignmentStore();
    roleAssignments.resolvePrincipalType = (id) => directory.principalTypeOf(id);
    const vault = new KeyVaultState({
      vaultUrl: vaultOrigin.url,
      subscriptionId: nameBasedGuid("entra-mcp-emulator", "subscription", directory.tenant.tenantId),
      roleAssignments,
    });
    registerKeyVaultRoutes(vaultOrigin.app, vault, {
      tenantId: directory.tenant.tenantId,
      loginOrigin: login.url,
      verifyAccessToken,
    });
    const services = registerResourceServices(origins, directory, vault, verifyAccessToken);

    const targets = { directory, ...services };
    const seeded = options.seed === "empty" ? undefined : applyDefaultSeed(directory, vault);
    const tenant: EmptyTenant | DefaultTenant = seeded ?? applyEmptySeed(targets, vault);
    if (seeded) {
      applySampleData(targets, {
        clientId: seeded.clientId,
        appUserName: "entra-mcp",
        spObjectId: seeded.spObjectId,
        userOid: seeded.user.oid,
      });
    }
    const dataverseUrls = services.powerPlatform.environments.map((e) => e.info.url);
    const resources: Record<string, CloudResource> = {};
    for (const [name, resource] of Object.entries(CLOUD_RESOURCES)) {
      resources[resource.key] = { endpoint: origins[name as OriginName].url, audience: resource.audience };
    }
    // The Power BI web app (embed pages, webUrl) under the host name browsers use: the powerbi
    // server's MCP App allows exactly this origin in its view's CSP (servers/powerbi embed-hosts.ts).
    resources.powerbiapp = {
      endpoint: services.powerBiAppUrl,
      audience: CLOUD_RESOURCES.powerbi?.audience ?? "https://analysis.windows.net/powerbi/api",
    };
    const cloudPath = await writeCloudFile(workDir, emulatorCloudProfile(login.url, resources));
    const clientId = seeded?.clientId;

    let stopped = false;
    return {
      env: buildEmulatorEnv({
        tenant,
        loginUrl: login.url,
        vaultUrl: vaultOrigin.url,
        cloudPath,
        caPath: ca.caPath,
        dataverseUrls,
      }),
      urls: Object.fromEntries(started.map((o) => [o.name, o.url])) as Record<OriginName, string>,
      caPath: ca.caPath,
      cloudPath,
      tenant,
      directory,
      vault,
      roleAssignments,
      graph: services.graph,
      workspaces: services.workspaces,
      tenantSettings: services.workspaces.tenantSettings,
      powerPlatform: services.powerPlatform,
      dataverse: services.powerPlatform.environments,
      powerBiAppUrl: services.powerBiAppUrl,
      setEmbedTokenLifetime: (seconds) => services.embedTokens.setLifetimeSeconds(seconds),
      canaryHits: () => services.canary.list(),
      clearCanaryHits: () => services.canary.clear(),
      sentMail: () => services.graph.sentMail(),
      requests: (filter) => deps.log.list(filter),
      clearRequests: () => deps.log.clear(),
      inject: (fault) => deps.faults.add(fault),
      clearFaults: () => deps.faults.clear(),
      approveDeviceCode: (userCode, user) => approveDeviceCode(ctx, userCode, user),
      revokeRefreshTokens: (user) => {
        const found = directory.findUser(user);
        if (!found) throw new Error(`revokeRefreshTokens: no user ${user}.`);
        return ctx.grants.revokeRefreshTokens(found.oid);
      },
      verifyAccessToken,
      identity: identityAdmin(ctx),
      rotateCertificate: (name: string, opts?: RotateCertificateOptions) =>
        rotateCertificate(directory, vault, clientId, name, opts),
      setClockSkew: (seconds) => directory.setClockSkew(seconds),
      stop: async () => {
        if (stopped) return;
        stopped = true;
        await Promise.all(started.map((origin) => origin.close()));
        await rm(workDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    // A half-started emulator must not leave listeners or temp files behind.
    await Promise.all(started.map((origin) => origin.close()));
    await rm(workDir, { recursive: true, force: true });
    throw error;
  }
}
