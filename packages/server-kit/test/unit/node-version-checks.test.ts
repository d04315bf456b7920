import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { alwaysSupported, nodeVersionChecks } from "../../src/bundle/node-version-checks.js";

// jsonwebtoken as the bundle gets it: through auth-core's MSAL.
const authCore = fileURLToPath(
  new URL("../../node_modules/@entra-mcp/auth-core/package.json", import.meta.url),
);
const msal = createRequire(authCore).resolve("@azure/msal-node");
const jsonwebtoken = dirname(createRequire(msal).resolve("jsonwebtoken/package.json"));
const featureChecks = readdirSync(join(jsonwebtoken, "lib")).filter((name) => name.endsWith("Supported.js"));
interface Jwt {
  sign(payload: object, key: KeyObject, options: { algorithm: string }): string;
  verify(token: string, key: KeyObject, options: { algorithms: string[] }): unknown;
}

const work = mkdtempSync(join(tmpdir(), "node-version-checks-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("node-version-checks bundle plugin", () => {
  it("decides every feature check of the installed jsonwebtoken for Node 22", () => {
    expect(featureChecks.length).toBeGreaterThanOrEqual(3);
    for (const name of featureChecks) {
      const path = join(jsonwebtoken, "lib", name);
      expect([name, alwaysSupported(readFileSync(path, "utf8"), path, 22)]).toEqual([name, true]);
    }
  });

  it("keeps a check that some supported Node could fail, and anything that is not a lone check", () => {
    const path = join(jsonwebtoken, "lib", featureChecks[0] as string);
    const check = (range: string) =>
      `const semver = require('semver');\n\nmodule.exports = semver.satisfies(process.version, '${range}');\n`;
    expect(alwaysSupported(check(">=15.7.0"), path, 22)).toBe(true);
    expect(alwaysSupported(check(">=24.0.0"), path, 22)).toBe(false);
    expect(alwaysSupported(check("^22.1.0"), path, 22)).toBe(false);
    expect(alwaysSupported(`${check(">=15.7.0")}module.exports.extra = 1;\n`, path, 22)).toBe(false);
  });

  it("leaves semver out of a bundle of jsonwebtoken, which still signs and verifies with PS256 (as MSAL does)", async () => {
    const outfile = join(work, "jwt.cjs");
    await build({
      stdin: { contents: `module.exports = require(${JSON.stringify(jsonwebtoken)});`, resolveDir: work },
      outfile,
      bundle: true,
      format: "cjs",
      platform: "node",
      plugins: [nodeVersionChecks(22)],
      metafile: true,
      logLevel: "silent",
    }).then(({ metafile }) => {
      const inputs = Object.keys(metafile.inputs);
      expect(inputs.some((path) => path.includes("/jsonwebtoken/"))).toBe(true);
      expect(inputs.filter((path) => path.includes("/semver/"))).toEqual([]);
    });
    const jwt = createRequire(import.meta.url)(outfile) as Jwt;
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const token = jwt.sign({ sub: "x" }, privateKey, { algorithm: "PS256" });
    expect(JSON.parse(Buffer.from(token.split(".")[0] as string, "base64url").toString())).toMatchObject({
      alg: "PS256",
    });
    expect(jwt.verify(token, publicKey, { algorithms: ["PS256"] })).toMatchObject({ sub: "x" });
  });
});
