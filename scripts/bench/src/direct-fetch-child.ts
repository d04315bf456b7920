/**
 * A direct fetch loop in a process of its own, as a server does it: the bench process also hosts the
 * emulator, so its own direct fetch never crosses a process boundary, while a server's always does.
 * argv: url scope count. Prints the per-fetch milliseconds (token + fetch + JSON body) as JSON.
 */
import { createAuth, loadAuthConfig } from "@entra-mcp/auth-core";

const [url = "", scope = "", countText = "200"] = process.argv.slice(2);
const auth = createAuth(loadAuthConfig({ ...process.env, ENTRA_MCP_AUTH_MODE: "app" }));
const direct = async () => {
  const { accessToken } = await auth.getToken([scope]);
  const response = await fetch(url, { headers: { authorization: `Bearer ${accessToken}` } });
  await response.json();
};
await direct();
const samples: number[] = [];
for (let i = 0; i < Number(countText); i++) {
  const start = performance.now();
  await direct();
  samples.push(performance.now() - start);
}
process.stdout.write(JSON.stringify(samples));
