import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { classifyMethod, RequestLedger, WriteInPlanError } from "../../src/clients/request-ledger.js";
import { parseErrorBody } from "../../src/clients/rest.js";
import { retryDelayMs } from "../../src/clients/retry-after.js";
import { listFlag, parseCommandLine } from "../../src/commands/arguments.js";
import { validVaultUrl } from "../../src/commands/command-setup.js";
import { describeError, ProvisionError } from "../../src/errors.js";
import {
  nextTeamConfig,
  readTeamConfig,
  sameConfig,
  writeTeamConfig,
} from "../../src/settings/team-config-file.js";

describe("request ledger", () => {
  it("classifies methods and counts reads and writes", () => {
    expect(classifyMethod("GET")).toBe("read");
    expect(classifyMethod("patch")).toBe("write");
    const ledger = new RequestLedger();
    ledger.record("GET", "Microsoft Graph", "https://graph.example/v1.0/applications?$filter=x");
    ledger.record("POST", "Microsoft Graph", "https://graph.example/v1.0/servicePrincipals");
    expect([ledger.reads, ledger.writes]).toEqual([1, 1]);
    expect(ledger.entries()[0]?.target).toBe("graph.example/v1.0/applications");
  });

  it("refuses a write while read-only (a plan cannot write)", () => {
    const ledger = new RequestLedger();
    ledger.readOnly = true;
    ledger.record("GET", "ARM", "https://arm.example/subscriptions");
    expect(() => ledger.record("PUT", "ARM", "https://arm.example/x")).toThrow(WriteInPlanError);
    expect(ledger.writes).toBe(0);
  });
});

describe("REST helpers", () => {
  it("Retry-After in seconds, as an HTTP date, or exponential; capped", () => {
    expect(retryDelayMs("3", 0)).toBe(3000);
    expect(retryDelayMs(new Date(10_000).toUTCString(), 0, 5_000)).toBe(5000);
    expect(retryDelayMs(null, 2)).toBe(4000);
    expect(retryDelayMs("3600", 0)).toBe(60_000);
  });

  it("reads each API's own error code", () => {
    expect(
      parseErrorBody('{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges"}}'),
    ).toEqual({
      code: "Authorization_RequestDenied",
      message: "Insufficient privileges",
    });
    expect(parseErrorBody('{"errorCode":"InsufficientScopes","message":"nope","requestId":"1"}')).toEqual({
      code: "InsufficientScopes",
      message: "nope",
    });
    expect(parseErrorBody("<html>")).toEqual({ code: undefined, message: "<html>" });
  });

  it("errors are redacted and keep their fix once", () => {
    const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
    const error = new ProvisionError(`failed with ${jwt}`, { fix: "do this." });
    expect(describeError(error)).toEqual({ message: "failed with [redacted JWT]", fix: "do this." });
  });
});

describe("arguments", () => {
  it("parses repeatable and comma-separated flags", () => {
    const parsed = parseCommandLine([
      "provision",
      "--servers",
      "graph,powerbi",
      "--servers",
      "fabric",
      "--user",
      "a@x",
      "--user",
      "b@x",
      "--plan",
    ]);
    if ("help" in parsed) throw new Error("unexpected help");
    expect(listFlag(parsed.values, "servers")).toEqual(["graph", "powerbi", "fabric"]);
    expect(listFlag(parsed.values, "user")).toEqual(["a@x", "b@x"]);
    expect(parsed.values.plan).toBe(true);
  });

  it("workspace names keep their commas; unknown flags and commands are usage errors", () => {
    const parsed = parseCommandLine(["provision", "--workspace", "Sales, EMEA"]);
    if ("help" in parsed) throw new Error("unexpected help");
    expect(listFlag(parsed.values, "workspace", false)).toEqual(["Sales, EMEA"]);
    expect(() => parseCommandLine(["provision", "--nope"])).toThrow(/provision: Unknown option '--nope'/);
    expect(() => parseCommandLine(["provison"])).toThrow(/unknown command "provison"/);
    expect(parseCommandLine([])).toEqual({ help: true });
  });

  it("flags without a command mean provision (`pnpm provision --plan`)", () => {
    const parsed = parseCommandLine(["--plan", "--servers", "graph"]);
    if ("help" in parsed) throw new Error("unexpected help");
    expect(parsed.command).toBe("provision");
    expect(parsed.values.plan).toBe(true);
  });

  it("vault URLs are vault roots", () => {
    expect(validVaultUrl("https://my-vault.vault.azure.net/")).toBe("https://my-vault.vault.azure.net");
    expect(() => validVaultUrl("http://my-vault.vault.azure.net")).toThrow(/not a vault root URL/);
    expect(() => validVaultUrl(undefined)).toThrow(/no Key Vault given/);
  });
});

describe("team config file", () => {
  const dir = mkdtempSync(join(tmpdir(), "entra-mcp-team-config-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const desired = {
    tenantId: "t",
    clientId: "c",
    keyVaultUrl: "https://v.vault.azure.net",
    certName: "n",
    cloud: "public",
  };

  it("writes atomically, keeps auth-core keys, and compares by content", () => {
    const path = join(dir, "nested", "config.json");
    expect(readTeamConfig(path)).toEqual({});
    writeTeamConfig(path, nextTeamConfig({}, desired));
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual(desired);
    expect(statSync(path).mode & 0o777).toBe(0o644);
    const existing = { ...desired, authMode: "delegated", stray: 1 };
    const next = nextTeamConfig(existing, desired);
    expect(next).toEqual({ ...desired, authMode: "delegated" });
    expect(sameConfig(readTeamConfig(path), nextTeamConfig(readTeamConfig(path), desired))).toBe(true);
    expect(sameConfig(existing, next)).toBe(false);
  });

  it("a file that is not a JSON object reads as undefined", () => {
    const path = join(dir, "bad.json");
    writeFileSync(path, "[1]");
    expect(readTeamConfig(path)).toBeUndefined();
  });
});
