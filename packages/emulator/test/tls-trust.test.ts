import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../src/index.js";

describe("TLS trust through the shared CA", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ seed: "empty" });
  });
  afterAll(() => emulator.stop());

  it("workers inherit NODE_EXTRA_CA_CERTS from globalSetup and the emulator signs with that CA", async () => {
    expect(process.env.NODE_EXTRA_CA_CERTS).toBe(emulator.caPath);
    // Plain fetch with no CA option: only succeeds if the process trusts the emulator CA.
    const res = await fetch(
      `${emulator.urls.login}/${emulator.tenant.tenantId}/v2.0/.well-known/openid-configuration`,
    );
    expect(res.status).toBe(200);
    const metadata = (await res.json()) as { issuer: string; token_endpoint: string };
    expect(metadata.issuer).toBe(`${emulator.urls.login}/${emulator.tenant.tenantId}/v2.0`);
  });
});
