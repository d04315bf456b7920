/** The report view's CSP per cloud: exactly the cloud's Power BI web hosts, from the cloud profile. */
import { BUILT_IN_CLOUDS, type CloudProfile } from "@entra-mcp/auth-core";
import { describe, expect, it } from "vitest";
import { powerBiEmbedOrigins, reportViewCsp } from "../src/report-app/embed-hosts.js";

const custom = (resources: CloudProfile["resources"]): CloudProfile => ({
  ...BUILT_IN_CLOUDS.public,
  name: "custom",
  resources,
});

describe("report view CSP", () => {
  it("public: app.powerbi.com only, to frame and to connect to", () => {
    expect(reportViewCsp(BUILT_IN_CLOUDS.public)).toEqual({
      frameDomains: ["https://app.powerbi.com"],
      connectDomains: ["https://app.powerbi.com"],
      resourceDomains: [],
    });
  });

  it("sovereign clouds: their own Power BI web hosts", () => {
    expect(powerBiEmbedOrigins(BUILT_IN_CLOUDS.usgov)).toEqual([
      "https://app.powerbigov.us",
      "https://app.high.powerbigov.us",
      "https://app.mil.powerbigov.us",
    ]);
    expect(powerBiEmbedOrigins(BUILT_IN_CLOUDS.china)).toEqual(["https://app.powerbi.cn"]);
  });

  it("a custom cloud: its resources.powerbiapp origin (the emulator's app.powerbi.com:<port>), else its API origin", () => {
    const api = { endpoint: "https://127.0.0.1:4443", audience: "https://analysis.windows.net/powerbi/api" };
    const app = { endpoint: "https://app.powerbi.com:4444/", audience: api.audience };
    expect(powerBiEmbedOrigins(custom({ powerbi: api, powerbiapp: app }))).toEqual([
      "https://app.powerbi.com:4444",
    ]);
    expect(powerBiEmbedOrigins(custom({ powerbi: api }))).toEqual(["https://127.0.0.1:4443"]);
    // No Power BI in the cloud: the view may frame and connect to nothing.
    expect(reportViewCsp(custom({}))).toEqual({ frameDomains: [], connectDomains: [], resourceDomains: [] });
  });
});
