/** The local registry and its guards, against a real verdaccio on 127.0.0.1 and the real npm. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertLoopbackRegistry,
  isLoopbackRegistry,
  type LocalRegistry,
  publishEnv,
  publishWorkspacePackages,
  readPublished,
  seedFromNodeModules,
  startLocalRegistry,
} from "../src/index.js";
import { assertLoopbackEnv, assertNoForeignPublishConfig } from "../src/registry-guard.js";

let registry: LocalRegistry;
const scratch = mkdtempSync(join(tmpdir(), "entra-mcp-registry-test-"));

beforeAll(async () => {
  registry = await startLocalRegistry();
});
afterAll(async () => {
  await registry?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe("registry guard", () => {
  it("accepts only loopback http(s) registries", () => {
    for (const url of ["http://127.0.0.1:4873/", "http://localhost:4873/", "https://[::1]:4873/"]) {
      expect(isLoopbackRegistry(url), url).toBe(true);
    }
    for (const url of [
      "https://registry.example.test/",
      "http://127.0.0.1.example.test/",
      "http://10.0.0.1:4873/",
      "file:///tmp/registry",
      "not a url",
      "",
    ]) {
      expect(isLoopbackRegistry(url), url).toBe(false);
    }
    expect(() => assertLoopbackRegistry("https://registry.example.test/", "test")).toThrow(
      /refused to publish to "https:\/\/registry.example.test\/"/,
    );
  });

  it("refuses an environment with another registry anywhere in it", () => {
    const url = "http://127.0.0.1:4873/";
    const good = { npm_config_registry: url, pnpm_config_registry: url };
    expect(() => assertLoopbackEnv(good, url, "test")).not.toThrow();
    expect(() => assertLoopbackEnv({ ...good, pnpm_config_registry: undefined }, url, "test")).toThrow(
      /pnpm_config_registry/,
    );
    expect(() =>
      assertLoopbackEnv(
        { ...good, "npm_config_@entra-mcp:registry": "https://registry.example.test/" },
        url,
        "t",
      ),
    ).toThrow(/@entra-mcp:registry/);
  });

  it("refuses a package.json whose publishConfig names a registry", () => {
    expect(() =>
      assertNoForeignPublishConfig({ publishConfig: { directory: "dist/package" } }, "x"),
    ).not.toThrow();
    expect(() =>
      assertNoForeignPublishConfig({ publishConfig: { registry: "https://registry.example.test/" } }, "x"),
    ).toThrow(/publishConfig.registry/);
    expect(() =>
      assertNoForeignPublishConfig(
        { publishConfig: { "@entra-mcp:registry": "https://r.example.test/" } },
        "x",
      ),
    ).toThrow(/publishConfig.@entra-mcp:registry/);
  });

  it("every publish path refuses a registry that is not on this machine, before running anything", async () => {
    const foreign = { ...registry, url: "https://registry.example.test/" };
    expect(() => publishEnv(foreign)).toThrow(/refused to publish/);
    await expect(seedFromNodeModules(foreign, [scratch])).rejects.toThrow(/refused to publish/);
    await expect(publishWorkspacePackages(foreign)).rejects.toThrow(/refused to publish/);
  });
});

describe("startLocalRegistry", () => {
  it("listens on 127.0.0.1 with a token-only userconfig and an environment that overrides npm and pnpm", () => {
    expect(registry.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const port = new URL(registry.url).port;
    expect(readFileSync(registry.userconfig, "utf8")).toMatch(
      new RegExp(`^//127\\.0\\.0\\.1:${port}/:_authToken=\\S+\\n$`),
    );
    expect(registry.env).toMatchObject({
      npm_config_registry: registry.url,
      pnpm_config_registry: registry.url,
      npm_config_userconfig: registry.userconfig,
      npm_config_update_notifier: "false",
      npm_config_audit: "false",
      npm_config_fund: "false",
    });
    expect(existsSync(registry.env.npm_config_cache ?? "")).toBe(true);
  });

  it("the token authenticates the created user; a package nobody published is a 404 (no uplinks)", async () => {
    const token = readFileSync(registry.userconfig, "utf8").split("_authToken=")[1]?.trim();
    const whoami = await fetch(new URL("-/whoami", registry.url), {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(await whoami.json()).toEqual({ username: "release-test" });
    const unknown = await fetch(new URL("left-pad", registry.url));
    expect(unknown.status).toBe(404);
    // The registry appends a request to its traffic file once the response is finished.
    await expect.poll(() => registry.traffic().of("metadata", "left-pad").length).toBe(1);
  });

  it("seedFromNodeModules publishes a copy without publishConfig or scripts", async () => {
    const pkg = join(scratch, "seed-me");
    mkdirSync(pkg);
    writeFileSync(
      join(pkg, "package.json"),
      JSON.stringify({
        name: "@entra-mcp-test/seed-me",
        version: "1.2.3",
        main: "index.js",
        // Both would break the seed if kept: another registry, and a script that fails.
        publishConfig: { registry: "https://registry.example.test/" },
        scripts: { prepack: "exit 1", prepublishOnly: "exit 1" },
      }),
    );
    writeFileSync(join(pkg, "index.js"), "export const seeded = true;\n");
    const [seeded] = await seedFromNodeModules(registry, [pkg]);
    expect(seeded).toMatchObject({ name: "@entra-mcp-test/seed-me", version: "1.2.3" });
    expect(seeded?.tarball).toContain(registry.url);
    expect(seeded?.manifest.scripts).toBeUndefined();
    expect(seeded?.manifest.publishConfig).toBeUndefined();
    await expect.poll(() => registry.traffic().of("publish", "@entra-mcp-test/seed-me").length).toBe(1);
    // The original folder is untouched.
    expect(JSON.parse(readFileSync(join(pkg, "package.json"), "utf8")).scripts.prepack).toBe("exit 1");
    expect(await readPublished(registry, "@entra-mcp-test/seed-me", "9.9.9")).toBeUndefined();
  });

  it("close() stops the registry and removes its temp dir", async () => {
    const other = await startLocalRegistry();
    await other.close();
    await expect(fetch(new URL("-/ping", other.url))).rejects.toThrow();
    expect(existsSync(other.dir)).toBe(false);
    await other.close();
  });
});
