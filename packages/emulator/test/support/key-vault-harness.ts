import https from "node:https";
import type { AddressInfo } from "node:net";
import { type ServerType, serve } from "@hono/node-server";
import { Hono } from "hono";
import { type CryptoKey, generateKeyPair, jwtVerify, SignJWT } from "jose";
import { afterAll, beforeAll, beforeEach } from "vitest";
import {
  type CertificateMaterial,
  createSelfSignedCertificate,
} from "../../src/certs/certificate-material.js";
import { type AccessTokenClaims, registerKeyVaultRoutes } from "../../src/keyvault/key-vault-routes.js";
import { KeyVaultState } from "../../src/keyvault/key-vault-state.js";

export const TENANT = "11111111-2222-3333-4444-555555555555";
export const LOGIN_ORIGIN = "https://127.0.0.1:4443";
export const APP_ID = "aaaaaaaa-0000-0000-0000-000000000001";
export const API = "api-version=2025-07-01";

export interface KvResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  // biome-ignore lint/suspicious/noExplicitAny: tests index freely into the service's JSON.
  body: any;
}

/** Key Vault routes on a real HTTPS listener with a throwaway CA, plus a jose token minter. */
export interface KeyVaultHarness {
  ca: CertificateMaterial;
  vaultUrl: string;
  /** A fresh vault per test. */
  vault: KeyVaultState;
  request(method: string, path: string, opts?: { token?: string; body?: unknown }): Promise<KvResponse>;
  /** A vault-audience token for `oid`; `foreign` signs with a key the verifier does not trust. */
  token(oid: string, overrides?: Record<string, unknown>, foreign?: boolean): Promise<string>;
}

/** Registers the vitest hooks that start/stop the server and reset the vault before each test. */
export function useKeyVaultHarness(): KeyVaultHarness {
  let server: ServerType | undefined;
  let signingKey: CryptoKey;
  let verifyKey: CryptoKey;
  let foreignKey: CryptoKey;
  // The server starts before the vault exists (its URL needs the port), so requests go through this slot.
  let currentApp: Hono | undefined;

  const h: KeyVaultHarness = {
    ca: undefined as unknown as CertificateMaterial,
    vaultUrl: "",
    vault: undefined as unknown as KeyVaultState,
    request(method, path, opts = {}) {
      const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
      return new Promise((resolve, reject) => {
        const req = https.request(
          `${h.vaultUrl}${path}`,
          {
            method,
            ca: h.ca.certificatePem,
            headers: {
              ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
              ...(payload ? { "content-type": "application/json" } : {}),
            },
          },
          (res) => {
            let text = "";
            res.setEncoding("utf8");
            res.on("data", (chunk: string) => {
              text += chunk;
            });
            res.on("end", () =>
              resolve({
                status: res.statusCode ?? 0,
                headers: res.headers,
                body: text ? JSON.parse(text) : undefined,
              }),
            );
          },
        );
        req.on("error", reject);
        req.end(payload);
      });
    },
    token(oid, overrides = {}, foreign = false) {
      return new SignJWT({
        aud: "https://vault.azure.net",
        tid: TENANT,
        oid,
        appid: APP_ID,
        iss: `https://sts.windows.net/${TENANT}/`,
        ...overrides,
      })
        .setProtectedHeader({ alg: "RS256" })
        .setIssuedAt()
        .setExpirationTime("1h")
        .sign(foreign ? foreignKey : signingKey);
    },
  };

  beforeAll(async () => {
    h.ca = createSelfSignedCertificate({ subject: "CN=key-vault test CA", isCa: true });
    const leaf = createSelfSignedCertificate({
      subject: "CN=127.0.0.1",
      altNames: ["127.0.0.1"],
      issuer: h.ca,
    });
    ({ privateKey: signingKey, publicKey: verifyKey } = await generateKeyPair("RS256"));
    ({ privateKey: foreignKey } = await generateKeyPair("RS256"));
    server = await new Promise<ServerType>((resolve) => {
      const s = serve(
        {
          fetch: (req: Request) =>
            currentApp ? currentApp.fetch(req) : new Response("not ready", { status: 503 }),
          port: 0,
          hostname: "127.0.0.1",
          createServer: https.createServer,
          serverOptions: { key: leaf.privateKeyPem, cert: leaf.certificatePem },
        },
        () => resolve(s),
      );
    });
    h.vaultUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  beforeEach(() => {
    h.vault = new KeyVaultState({ vaultUrl: h.vaultUrl, vaultName: "kv-test", location: "westeurope" });
    const app = new Hono();
    registerKeyVaultRoutes(app, h.vault, {
      tenantId: TENANT,
      loginOrigin: LOGIN_ORIGIN,
      async verifyAccessToken(t) {
        try {
          return (await jwtVerify(t, verifyKey)).payload as AccessTokenClaims;
        } catch {
          return undefined;
        }
      },
    });
    currentApp = app;
  });

  return h;
}
