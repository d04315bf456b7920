/**
 * auth_status of the BUILT Power Platform server with both emulator environments allowed and no
 * argument: the admin API's token claims and the environment list, not an error in the token field.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  callTool as call,
  startTestEmulator,
  type TestEmulator,
  textOf,
  withChildServer,
} from "@entra-mcp/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../dist/package/dist/launch.mjs", import.meta.url));

let t: TestEmulator;
beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npx turbo run build\` first.`);
  t = await startTestEmulator();
});
afterAll(async () => t?.emulator.stop());

describe("entra-mcp-powerplatform auth_status", () => {
  it("with several environments and no argument: the admin API's status and the environments", async () => {
    await withChildServer(BIN, t.appEnv(), async (server) => {
      const result = await call(server, "auth_status");
      expect(result.isError, textOf(result)).toBeFalsy();
      const content = result.structuredContent as {
        token: { api: string; aud?: string; error?: string; roles?: string[] };
        environments: { api: string; allowed: { url: string }[]; note: string };
      };
      expect(content.token.error).toBeUndefined();
      expect(content.token).toMatchObject({ api: "admin", aud: "https://api.powerplatform.com" });
      expect(content.environments.api).toBe("dataverse");
      expect(content.environments.allowed.map((env) => env.url).sort()).toEqual(
        [t.emulator.urls.dataverse, t.emulator.urls.dataverse2].sort(),
      );
      expect(content.environments.note).toMatch(/pass "environment"/);
    });
  });
});
