import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Creates the emulator CA and exports NODE_EXTRA_CA_CERTS before workers fork, so the
    // real MSAL / Azure SDK running in-process trust every emulator the tests start.
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
