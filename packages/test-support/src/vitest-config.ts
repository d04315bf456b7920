/**
 * The vitest config every package with emulator tests uses: the global setup that creates the
 * emulator CA (so workers and the processes they spawn trust it) and timeouts that fit real TLS,
 * child processes and a 2-core machine.
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/** A vitest config with the emulator CA global setup; `include` defaults to src/ and test/ tests. */
export function emulatorTestConfig(options: { include?: string[] } = {}): ReturnType<typeof defineConfig> {
  return defineConfig({
    test: {
      include: options.include ?? ["src/**/*.test.ts", "test/**/*.test.ts"],
      globalSetup: [fileURLToPath(new URL("./global-setup.js", import.meta.url))],
      testTimeout: 60_000,
      hookTimeout: 60_000,
    },
  });
}
