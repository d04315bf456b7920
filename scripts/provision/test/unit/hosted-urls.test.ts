/** The hosted URL rules shared by provision --hosted and doctor --hosted, and the RFC 9728 metadata URL. */
import { describe, expect, it } from "vitest";
import { metadataUrl } from "../../src/doctor/hosted-requests.js";
import { hostedOptions, hostedUrl, isLoopbackHost } from "../../src/hosted/hosted-options.js";

describe("hosted URLs", () => {
  it("normalizes like the server's metadata: a bare origin has no trailing slash, a path keeps its own", () => {
    expect(hostedUrl("--public-url", "https://MCP.contoso.com/")).toBe("https://mcp.contoso.com");
    expect(hostedUrl("--public-url", "https://mcp.contoso.com/graph/mcp")).toBe(
      "https://mcp.contoso.com/graph/mcp",
    );
    expect(hostedUrl("--public-url", "http://127.0.0.1:8080/mcp")).toBe("http://127.0.0.1:8080/mcp");
    expect(hostedUrl("--public-url", "http://[::1]:8080/mcp")).toBe("http://[::1]:8080/mcp");
  });

  it("allows plain http only on loopback hosts", () => {
    for (const host of ["localhost", "127.0.0.1", "127.4.5.6", "[::1]"])
      expect(isLoopbackHost(host)).toBe(true);
    for (const host of ["mcp.contoso.com", "10.0.0.1", "127.0.0.1.nip.io", "localhost.contoso.com"])
      expect(isLoopbackHost(host)).toBe(false);
    expect(() => hostedUrl("--public-url", "http://127.0.0.1.nip.io/mcp")).toThrow(/not https/);
  });

  it("refuses a malformed client ID, and lower-cases and de-duplicates good ones", () => {
    expect(() => hostedOptions("https://mcp.contoso.com", ["1234"])).toThrow(/"1234" is not a client ID/);
    const id = "AEBC6443-996D-45C2-90F0-388FF96FAA56";
    expect(hostedOptions("https://mcp.contoso.com", [id, id.toLowerCase()]).preAuthorize).toEqual([
      id.toLowerCase(),
    ]);
  });

  it("puts the well-known segment between the host and the path (RFC 9728 §3.1)", () => {
    expect(metadataUrl("https://mcp.contoso.com")).toBe(
      "https://mcp.contoso.com/.well-known/oauth-protected-resource",
    );
    expect(metadataUrl("https://mcp.contoso.com/graph/mcp")).toBe(
      "https://mcp.contoso.com/.well-known/oauth-protected-resource/graph/mcp",
    );
  });
});
