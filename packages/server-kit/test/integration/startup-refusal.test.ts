/**
 * Two certificate sources are refused at start, on either transport, before `initialize` is answered:
 * one line on stderr naming both variables and the fix, nothing on stdout, exit code 2.
 */
import { describe, expect, it } from "vitest";
import { failedStart } from "../support/http-server.js";

const both = {
  PATH: process.env.PATH,
  ENTRA_MCP_CERT_PATH: "/tmp/entra-mcp-test-cert.pem",
  ENTRA_MCP_KEYVAULT_URL: "https://contoso-mcp.vault.azure.net",
  ENTRA_MCP_HTTP_AUTH: "off-for-local-development",
  ENTRA_MCP_HTTP_PORT: "0",
};

describe("ENTRA_MCP_CERT_PATH together with ENTRA_MCP_KEYVAULT_URL", () => {
  it.each([
    ["stdio", []],
    ["http", ["--http"]],
  ])("is refused at start (%s)", async (_transport, args) => {
    const { code, stderr } = await failedStart(both, args);
    expect(code).toBe(2);
    expect(stderr).toContain("ENTRA_MCP_CERT_PATH and ENTRA_MCP_KEYVAULT_URL are both set");
    expect(stderr).toContain("Fix: unset ENTRA_MCP_CERT_PATH");
    expect(stderr.trim().split("\n")).toHaveLength(1);
  });

  it("one source alone starts (a stdio server waits for its client)", async () => {
    const { code } = await failedStart({ ...both, ENTRA_MCP_CERT_PATH: "" }, ["--stdio"]);
    // stdin is closed at once ("ignore"), so a server that started exits 0 when its input ends.
    expect(code).toBe(0);
  });
});
