/** Hosted-mode fixtures: inbound users (validated the way the HTTP transport validates them) and OBO counters. */
import type { DefaultTenant, Emulator } from "@entra-mcp/emulator";
import { createInboundValidator, type InboundUser, loadInboundAuthConfig } from "../../src/index.js";
import { apiToken, tokenFor } from "./obo-tokens.js";

export const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/** The downstream resources a hosted server calls, by the scope it asks for and the token audience. */
export function resources(emulator: Emulator<DefaultTenant>) {
  return [
    { name: "Graph", scope: "https://graph.microsoft.com/.default", aud: "https://graph.microsoft.com" },
    {
      name: "Power BI",
      scope: "https://analysis.windows.net/powerbi/api/.default",
      aud: "https://analysis.windows.net/powerbi/api",
    },
    {
      name: "Fabric",
      scope: "https://api.fabric.microsoft.com/.default",
      aud: "https://api.fabric.microsoft.com",
    },
    {
      name: "Power Platform",
      scope: "https://api.powerplatform.com/.default",
      aud: "https://api.powerplatform.com",
    },
    { name: "Dataverse", scope: `${emulator.urls.dataverse}/.default`, aud: emulator.urls.dataverse },
    {
      name: "Dataverse (2nd environment)",
      scope: `${emulator.urls.dataverse2}/.default`,
      aud: emulator.urls.dataverse2,
    },
  ];
}

/** The seeded test user i, as the inbound validator hands them to a tool call. */
export async function inboundUser(
  emulator: Emulator<DefaultTenant>,
  env: NodeJS.ProcessEnv,
  i = 0,
): Promise<InboundUser> {
  const validator = createInboundValidator(loadInboundAuthConfig(env));
  return validator.validate(`Bearer ${await apiToken(emulator, i)}`);
}

/** Any directory user, given a password for the test, as an inbound user. */
export async function inboundUserByUpn(
  emulator: Emulator<DefaultTenant>,
  env: NodeJS.ProcessEnv,
  upn: string,
): Promise<InboundUser> {
  const user = emulator.directory.findUser(upn);
  if (!user) throw new Error(`no user ${upn}`);
  user.password ??= `Pw-${user.oid.slice(0, 8)}-7a!`;
  const validator = createInboundValidator(loadInboundAuthConfig(env));
  return validator.validate(`Bearer ${await tokenFor(emulator, upn, user.password)}`);
}

/** Successful OBO exchanges in the emulator's log, optionally for one resource audience. */
export function oboExchanges(emulator: Emulator<DefaultTenant>, aud?: string) {
  return emulator.requests(
    (e) =>
      e.grantType === JWT_BEARER && e.status === 200 && (aud === undefined || (e.scope ?? "").includes(aud)),
  );
}

/** Every token-endpoint request the server's app makes (any grant), to prove "0 token requests". */
export function tokenRequests(emulator: Emulator<DefaultTenant>) {
  return emulator.requests(
    (e) =>
      e.origin === "login" &&
      e.path.includes("/oauth2/v2.0/token") &&
      e.clientId === emulator.tenant.clientId,
  );
}
