/**
 * Power BI errors carry a fix: Power BI often answers with a bare code (PowerBIEntityNotFound, no
 * message), so the kit adds what it means and what to do. Against the emulator's Power BI origin, and
 * a check that every Power BI error code the emulator can return has a fix text.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { ApiDescription } from "../../src/api-description.js";
import { fixFor, knownFixCodes } from "../../src/http/error-fixes.js";
import { type Connected, connect } from "../support/connect.js";
import { startTestEmulator, type TestEmulator } from "../support/test-emulator.js";

let t: TestEmulator;
let session: Connected | undefined;

const powerBi: ApiDescription = {
  name: "pbi-test",
  title: "Power BI test",
  version: "0.0.1",
  apis: { powerbi: { resource: "powerbi", basePath: "/v1.0/myorg", paging: "none", title: "Power BI" } },
  defaultApi: "powerbi",
  operations: [
    {
      name: "get_workspace",
      title: "Get workspace",
      description: "One workspace.",
      method: "GET",
      path: "/groups/{groupId}",
      input: { groupId: z.string().max(100) },
      access: "read",
    },
  ],
  permissions: { app: { resources: [] }, delegated: { resources: [] } },
};

beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(async () => {
  await t?.emulator.stop();
});
afterEach(async () => {
  await session?.close();
  session = undefined;
});

describe("Power BI error fixes", () => {
  it("PowerBIEntityNotFound says what it means and how to fix it", async () => {
    session = await connect(t.env(), powerBi);
    const result = await session.call("get_workspace", { groupId: "00000000-0000-0000-0000-00000000dead" });
    expect(result.isError).toBe(true);
    expect(result.text).toBe(
      `get_workspace: Power BI answered HTTP 404 PowerBIEntityNotFound. ${capitalized(fixFor("powerbi", "PowerBIEntityNotFound"))}`,
    );
    expect(result.text).toMatch(/Fix: list the workspaces/);
  });

  it("every Power BI error code the emulator can return has a fix text", () => {
    const dir = fileURLToPath(new URL("../../../emulator/src/powerbi/", import.meta.url));
    const source = readdirSync(dir, { recursive: true })
      .map(String)
      .filter((name) => name.endsWith(".ts"))
      .map((name) => readFileSync(join(dir, name), "utf8"))
      .join("\n");
    // pbiError(c, status, "Code") and { code: "Code" } bodies; detail entries are not error codes.
    const codes = new Set(
      [...source.matchAll(/pbiError\(c, \d+, "([A-Za-z_]+)"|code: "([A-Za-z_]+)",\s*message/g)].map(
        (m) => (m[1] ?? m[2]) as string,
      ),
    );
    for (const m of source.matchAll(/=> pbiError\(c, \d+, "([A-Za-z_]+)"\)/g)) codes.add(m[1] as string);
    expect(codes.size).toBeGreaterThanOrEqual(6);
    expect([...codes].filter((code) => !fixFor("powerbi", code))).toEqual([]);
  });

  it("each fix text names a cause and a fix", () => {
    for (const code of knownFixCodes("powerbi")) {
      expect(fixFor("powerbi", code), code).toMatch(/^[a-z].+\. Fix: .+\.$/);
    }
  });
});

function capitalized(text: string | undefined): string {
  return text ? `${text.charAt(0).toUpperCase()}${text.slice(1)}` : "";
}
