import { randomUUID } from "node:crypto";
import { ClientSecretCredential } from "@azure/identity";
import { SecretClient } from "@azure/keyvault-secrets";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type DefaultTenant,
  type EmptyTenant,
  type Emulator,
  type SecretLogin,
  startEmulator,
} from "../src/index.js";
import { thrown } from "./helpers.js";
import { secretToken } from "./support/logins.js";
import { call } from "./support/tokens.js";

const ARM = "https://management.azure.com/.default";
const RA_API = "api-version=2022-04-01";
const ROLE = {
  secretsUser: "4633458b-17de-408a-b874-0445c86b69e6",
  certificateUser: "db79e9a7-68ee-4b58-9aeb-b90e7c24fcba",
};

/** The SDK a server uses, with one login's client secret. */
function secretClient(emulator: Emulator, login: SecretLogin): SecretClient {
  const credential = new ClientSecretCredential(
    emulator.tenant.tenantId,
    login.clientId,
    login.clientSecret,
    {
      authorityHost: emulator.urls.login,
      disableInstanceDiscovery: true,
    },
  );
  return new SecretClient(emulator.urls.vault, credential, { disableChallengeResourceVerification: true });
}

describe("Azure Resource Manager: the vault and the role assignments that drive its RBAC", () => {
  let emulator: Emulator<EmptyTenant>;
  let admin: string;
  let vaultId: string;
  const arm = (path: string) => `${emulator.urls.arm}${path}`;
  const assignment = (name: string) =>
    arm(`${vaultId}/providers/Microsoft.Authorization/roleAssignments/${name}?${RA_API}`);
  const definition = (roleId: string) =>
    `/subscriptions/${emulator.tenant.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${roleId}`;

  beforeAll(async () => {
    emulator = await startEmulator({ seed: "empty" });
    admin = await secretToken(emulator, emulator.tenant.admin, ARM);
    vaultId = emulator.tenant.vaultResourceId;
    emulator.vault.setPlainSecret("probe", "the value");
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  it("answers ARM's errors: no api-version, no token, wrong audience", async () => {
    const noVersion = await call(arm("/subscriptions"), admin);
    expect(noVersion.status).toBe(400);
    expect(noVersion.body.error).toEqual({
      code: "MissingApiVersionParameter",
      message: "The api-version query parameter (?api-version=) is required for all requests.",
    });
    const anonymous = await call(arm("/subscriptions?api-version=2022-12-01"), undefined);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe("AuthenticationFailed");
    expect(anonymous.headers.get("www-authenticate")).toContain(`authorization_uri="${emulator.urls.login}/`);
    const graphToken = await secretToken(
      emulator,
      emulator.tenant.admin,
      "https://graph.microsoft.com/.default",
    );
    const wrongAudience = await call(arm("/subscriptions?api-version=2022-12-01"), graphToken);
    expect(wrongAudience.body.error.code).toBe("InvalidAuthenticationTokenAudience");
  });

  it("lists the subscription and finds the RBAC vault for the admin", async () => {
    const subscriptions = await call(arm("/subscriptions?api-version=2022-12-01"), admin);
    expect(subscriptions.body.value).toEqual([
      expect.objectContaining({
        subscriptionId: emulator.tenant.subscriptionId,
        tenantId: emulator.tenant.tenantId,
        state: "Enabled",
      }),
    ]);
    const filter = encodeURIComponent("resourceType eq 'Microsoft.KeyVault/vaults'");
    const resources = await call(
      arm(
        `/subscriptions/${emulator.tenant.subscriptionId}/resources?$filter=${filter}&api-version=2021-04-01`,
      ),
      admin,
    );
    expect(resources.body.value.map((r: { id: string }) => r.id)).toEqual([vaultId]);
    const listed = await call(
      arm(
        `/subscriptions/${emulator.tenant.subscriptionId}/providers/Microsoft.KeyVault/vaults?api-version=2023-07-01`,
      ),
      admin,
    );
    expect(listed.body.value).toHaveLength(1);
    const vault = await call(arm(`${vaultId}?api-version=2023-07-01`), admin);
    expect(vault.status).toBe(200);
    expect(vault.body).toMatchObject({
      id: vaultId,
      name: "entra-mcp-emulator",
      type: "Microsoft.KeyVault/vaults",
      properties: {
        vaultUri: `${emulator.urls.vault}/`,
        enableRbacAuthorization: true,
        tenantId: emulator.tenant.tenantId,
      },
    });
  });

  it("a PUT role assignment grants vault access, DELETE revokes it (200 then 403 ForbiddenByRbac)", async () => {
    const { teammate } = emulator.tenant;
    const client = secretClient(emulator, teammate);
    const before = await thrown(() => client.getSecret("probe"));
    expect(before.message).toContain("Caller is not authorized to perform action on resource.");

    const name = randomUUID();
    const body = {
      properties: {
        roleDefinitionId: definition(ROLE.secretsUser),
        principalId: teammate.objectId,
        principalType: "ServicePrincipal",
      },
    };
    const created = await call(assignment(name), admin, { method: "PUT", body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: `${vaultId}/providers/Microsoft.Authorization/roleAssignments/${name}`,
      name,
      type: "Microsoft.Authorization/roleAssignments",
      properties: {
        roleDefinitionId: definition(ROLE.secretsUser),
        principalId: teammate.objectId,
        scope: vaultId,
      },
    });
    expect((await call(assignment(name), admin, { method: "PUT", body })).status).toBe(201);
    const duplicate = await call(assignment(randomUUID()), admin, { method: "PUT", body });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error).toEqual({
      code: "RoleAssignmentExists",
      message: "The role assignment already exists.",
    });

    expect((await client.getSecret("probe")).value).toBe("the value");
    const filter = encodeURIComponent(`principalId eq '${teammate.objectId}'`);
    const list = await call(
      arm(`${vaultId}/providers/Microsoft.Authorization/roleAssignments?${RA_API}&$filter=${filter}`),
      admin,
    );
    expect(list.body.value.map((a: { name: string }) => a.name)).toEqual([name]);

    const deleted = await call(assignment(name), admin, { method: "DELETE" });
    expect(deleted.status).toBe(200);
    const after = await thrown(() => client.getSecret("probe"));
    expect((after as Error & { code?: string }).code).toBe("Forbidden");
    expect(after.message).toContain("Action: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'");
    expect((await call(assignment(name), admin, { method: "DELETE" })).status).toBe(204);
  });

  it("a role given to the teammate user applies to the teammate's own login", async () => {
    const { teammate } = emulator.tenant;
    const user = teammate.user?.oid ?? "";
    const body = {
      properties: {
        roleDefinitionId: definition(ROLE.certificateUser),
        principalId: user,
        principalType: "User",
      },
    };
    expect((await call(assignment(randomUUID()), admin, { method: "PUT", body })).status).toBe(201);
    expect(emulator.vault.rolesOf(teammate.objectId)).toEqual(["Key Vault Certificate User"]);
    expect((await secretClient(emulator, teammate).getSecret("probe")).value).toBe("the value");

    const mismatch = { properties: { ...body.properties, principalType: "ServicePrincipal" } };
    const unmatched = await call(assignment(randomUUID()), admin, { method: "PUT", body: mismatch });
    expect(unmatched.body.error.code).toBe("UnmatchedPrincipalType");
    const nobody = {
      properties: { roleDefinitionId: definition(ROLE.certificateUser), principalId: randomUUID() },
    };
    const missing = await call(assignment(randomUUID()), admin, { method: "PUT", body: nobody });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe("PrincipalNotFound");
  });

  it("refuses a caller without Owner / User Access Administrator with ARM's AuthorizationFailed", async () => {
    const teammate = await secretToken(emulator, emulator.tenant.teammate, ARM);
    const name = randomUUID();
    const body = {
      properties: {
        roleDefinitionId: definition(ROLE.secretsUser),
        principalId: emulator.tenant.teammate.objectId,
      },
    };
    const denied = await call(assignment(name), teammate, { method: "PUT", body });
    expect(denied.status).toBe(403);
    expect(denied.body.error).toEqual({
      code: "AuthorizationFailed",
      message: `The client '${emulator.tenant.teammate.objectId}' with object id '${emulator.tenant.teammate.objectId}' does not have authorization to perform action 'Microsoft.Authorization/roleAssignments/write' over scope '${vaultId}/providers/Microsoft.Authorization/roleAssignments/${name}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    });
    // Data-plane roles carry no control-plane reads: the vault stays invisible through ARM.
    const vault = await call(arm(`${vaultId}?api-version=2023-07-01`), teammate);
    expect(vault.body.error?.code).toBe("AuthorizationFailed");
  });
});

describe("the default seed's role assignments are visible through ARM", () => {
  let emulator: Emulator<DefaultTenant>;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  it("lists the app's and the teammate's Key Vault Certificate User at the vault scope", async () => {
    const admin = await secretToken(emulator, emulator.tenant.admin, ARM);
    const url = `${emulator.urls.arm}${emulator.tenant.vaultResourceId}/providers/Microsoft.Authorization/roleAssignments?${RA_API}&$filter=atScope()`;
    const list = await call(url, admin);
    expect(list.status).toBe(200);
    const holders = list.body.value
      .filter((a: { properties: { roleDefinitionId: string } }) =>
        a.properties.roleDefinitionId.endsWith(ROLE.certificateUser),
      )
      .map((a: { properties: { principalId: string } }) => a.properties.principalId)
      .sort();
    expect(holders).toEqual([emulator.tenant.spObjectId, emulator.tenant.teammate.objectId].sort());
  });
});
