/** The README's first Quick start command: the built demo runs against the emulator and says what it got. */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const demo = fileURLToPath(new URL("../dist/demo.js", import.meta.url));
const JWT = /ey[A-Za-z0-9_-]{8,}\.ey[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+/;

it("prints who, what and which roles for app-only and delegated tokens, each hosted user's own identity, and no token", () => {
  const run = spawnSync(process.execPath, [demo], { encoding: "utf8", timeout: 90_000 });
  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout).toMatch(/certificate {2}SHA-1 [0-9A-F]{40}/);
  expect(run.stdout).toMatch(/roles {8}.*User\.Read\.All/);
  expect(run.stdout).toMatch(/Graph {8}GET \/users -> .*@contoso\.test/);
  expect(run.stdout).toMatch(/who {10}Adele Vance <adele@contoso\.test>/);
  expect(run.stdout).toMatch(/scopes {7}.*User\.Read/);
  expect(run.stdout).toMatch(/Graph {8}GET \/me -> Adele Vance/);
  expect(run.stdout).toMatch(
    /entra-mcp-graph \(app-only\): \d+ tools\n {2}list_users {9}users: adele@contoso\.test/,
  );
  expect(run.stdout).toMatch(/get_me {13}signed in as Adele Vance/);
  expect(run.stdout).toMatch(/execute_dax {8}DAX TOPN\(3, 'Product'\) -> 3 rows/);
  expect(run.stdout).toMatch(/list_items {9}items in Sales Analytics: .*SalesLakehouse/);
  expect(run.stdout).toMatch(/dataverse_query {4}Dataverse accounts: /);
  // The hosted part: one server over HTTP, two users, each answered with their own identity.
  expect(run.stdout).toMatch(
    /entra-mcp-graph hosted \(--http, in-memory token cache\) at http:\/\/127\.0\.0\.1:\d+\/mcp/,
  );
  expect(run.stdout).toMatch(/as adele@contoso\.test +get_me -> Adele Vance <adele@contoso\.test>/);
  expect(run.stdout).toMatch(/as megan@contoso\.test +get_me -> Megan Bowen <megan@contoso\.test>/);
  expect(run.stdout).toMatch(/On-Behalf-Of for Graph: 2 exchanges for 2 users/);
  expect(run.stdout).not.toMatch(/ failed: /);
  expect(run.stdout).toMatch(/Emulator saw \d+ login, \d+ vault, .* requests; the canary origin saw 0\./);
  expect(`${run.stdout}${run.stderr}`).not.toMatch(JWT);
  expect(`${run.stdout}${run.stderr}`).not.toMatch(/PRIVATE KEY/);
});
