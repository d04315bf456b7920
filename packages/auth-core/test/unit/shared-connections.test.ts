import { Agent, globalAgent } from "node:https";
import { describe, expect, it } from "vitest";
import { sharedConnectionPolicies } from "../../src/network/shared-connections.js";

type Policy = ReturnType<typeof sharedConnectionPolicies>[number]["policy"];
type Request = Parameters<Policy["sendRequest"]>[0];

/** The one policy sharedConnectionPolicies gives without a proxy. */
function thePolicy(): Policy {
  const configs = sharedConnectionPolicies({});
  expect(configs).toHaveLength(1);
  expect(configs[0]?.position).toBe("perCall");
  return (configs[0] as (typeof configs)[number]).policy;
}

/** Runs `policy` on a request shaped as the SDK's pipeline makes it; returns the agent it went with. */
async function agentOf(policy: Policy, request: Partial<Request>) {
  let sent: Request | undefined;
  await policy.sendRequest(request as Request, async (req) => {
    sent = req;
    return { request: req, status: 200, headers: undefined as never };
  });
  return sent?.agent;
}

describe("sharedConnectionPolicies", () => {
  it("puts an HTTPS request without an agent of its own on node:https's global agent", async () => {
    expect(await agentOf(thePolicy(), { url: "https://login.example/token" })).toBe(globalAgent);
  });

  it("leaves a request with its own agent, TLS settings or plain HTTP alone", async () => {
    const policy = thePolicy();
    const own = new Agent();
    expect(await agentOf(policy, { url: "https://vault.example/x", agent: own })).toBe(own);
    expect(
      await agentOf(policy, { url: "https://vault.example/x", tlsSettings: { ca: "pem" } }),
    ).toBeUndefined();
    expect(await agentOf(policy, { url: "http://127.0.0.1:8080/x" })).toBeUndefined();
  });

  it.each([["HTTPS_PROXY"], ["https_proxy"], ["HTTP_PROXY"], ["ALL_PROXY"]])(
    "adds nothing when %s is set, so the SDK's proxy policy still applies",
    (name) => {
      expect(sharedConnectionPolicies({ [name]: "http://proxy.example:3128" })).toEqual([]);
    },
  );
});
