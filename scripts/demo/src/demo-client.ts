/**
 * The demo's "server" process: configured only by ENTRA_MCP_* / AZURE_* variables, it gets an app-only
 * token (certificate from Key Vault -> MSAL) and a delegated token (browser sign-in -> cache), calls
 * Graph with each, and prints who, what and which roles. Token claims are decoded for display only;
 * the token itself is never printed.
 */
import { createAuth, loadAuthConfig } from "@entra-mcp/auth-core";

const GRAPH = "https://graph.microsoft.com/.default";
const out = (line = "") => process.stdout.write(`${line}\n`);

function claims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<
    string,
    unknown
  >;
}

function minutesLeft(expiresOn: Date): string {
  return `${Math.round((expiresOn.getTime() - Date.now()) / 60_000)} min`;
}

const urls = JSON.parse(process.env.ENTRA_MCP_DEMO_URLS ?? "{}") as Record<string, string>;
out("entra-mcp demo: a local emulator of Entra ID, Key Vault and Graph (no Azure needed)");
for (const [name, url] of Object.entries(urls)) out(`  ${name.padEnd(9)} ${url}`);

out("\nApp-only: certificate from Key Vault (your own Azure login) -> MSAL client assertion");
const app = createAuth(loadAuthConfig({ ...process.env, ENTRA_MCP_AUTH_MODE: "app" }));
const appToken = await app.getToken([GRAPH]);
const appClaims = claims(appToken.accessToken);
const appStatus = await app.status();
if (appStatus.certificate && "thumbprint" in appStatus.certificate) {
  out(
    `  certificate  SHA-1 ${appStatus.certificate.thumbprint}, version ${appStatus.certificate.version}, expires ${appStatus.certificate.notAfter.slice(0, 10)}`,
  );
}
out(`  who          application ${appClaims.appid} (service principal ${appClaims.oid})`);
out(`  what         ${appClaims.aud}, expires in ${minutesLeft(appToken.expiresOn)}`);
out(`  roles        ${((appClaims.roles as string[] | undefined) ?? []).join(", ") || "(none)"}`);
const users = (await (
  await app.getGraphClient({ mode: "app" })
)
  .api("/users")
  .select("displayName,userPrincipalName")
  .get()) as {
  value: { displayName: string; userPrincipalName: string }[];
};
out(`  Graph        GET /users -> ${users.value.map((u) => u.userPrincipalName).join(", ")}`);

out("\nDelegated: one browser sign-in -> tokens from the shared token cache");
const delegated = createAuth(loadAuthConfig({ ...process.env, ENTRA_MCP_AUTH_MODE: "delegated" }), {
  signInTimeoutMs: 30_000,
});
const userToken = await delegated.getToken([GRAPH]);
const userClaims = claims(userToken.accessToken);
out(
  `  who          ${userClaims.name} <${userClaims.upn ?? userClaims.preferred_username}> (object id ${userClaims.oid})`,
);
out(`  what         ${userClaims.aud}, expires in ${minutesLeft(userToken.expiresOn)}`);
out(`  scopes       ${userClaims.scp}`);
const me = (await (await delegated.getGraphClient({ mode: "delegated" })).api("/me").get()) as {
  displayName: string;
  mail?: string;
};
out(`  Graph        GET /me -> ${me.displayName}`);
const cache = (await delegated.status()).cache;
out(
  `  cache        ${cache.persistent ? `${cache.encryption} at ${cache.location}` : `memory only (${cache.reason})`}`,
);
