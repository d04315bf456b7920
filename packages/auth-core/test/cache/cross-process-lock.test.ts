import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { threadId } from "node:worker_threads";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { breakStaleLock } from "../../src/cache/break-stale-lock.js";
import { CrossProcessLock } from "../../src/cache/cross-process-lock.js";
import { readLock } from "../../src/cache/lock-file.js";
import { TokenCacheError } from "../../src/errors.js";
import { type LogSink, setLogSink } from "../../src/logger.js";
import { runTogether } from "./fixtures/spawn-worker.js";

let dir: string;
let lockPath: string;
let logs: string[];
let previousSink: LogSink;
let sleeper: ChildProcess;

beforeAll(() => {
  // A process that is certainly alive for the whole file: "someone else holds the lock".
  sleeper = spawn(process.execPath, ["-e", "setTimeout(() => {}, 120000)"], { stdio: "ignore" });
});

afterAll(() => {
  sleeper.kill();
});

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "entra-mcp-lock-"));
  lockPath = join(dir, "test.lock");
  logs = [];
  previousSink = setLogSink((_level, line) => logs.push(line), "debug");
});

afterEach(async () => {
  setLogSink(previousSink, "warn");
  await rm(dir, { recursive: true, force: true });
});

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await once(child, "exit");
  if (child.pid === undefined) throw new Error("no pid");
  return child.pid;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

describe("CrossProcessLock", () => {
  it("creates a lockfile naming this process with a nonce, and removes it on release", async () => {
    const held = await new CrossProcessLock({ lockPath }).acquire();
    expect(held.held).toBe(true);
    const owner = JSON.parse(await readFile(lockPath, "utf8"));
    expect(owner).toMatchObject({ pid: process.pid, host: hostname(), tid: threadId, nonce: held.nonce });
    expect(owner.nonce).toMatch(/^[0-9a-f]{24}$/);
    if (process.platform !== "win32") expect((await stat(lockPath)).mode & 0o777).toBe(0o600);
    await held.release();
    expect(held.held).toBe(false);
    expect(await exists(lockPath)).toBe(false);
  });

  it("a second release() is a no-op and leaves the next holder's lockfile alone", async () => {
    const held = await new CrossProcessLock({ lockPath }).acquire();
    await held.release();
    const foreign = JSON.stringify({ pid: sleeper.pid, host: hostname(), nonce: "theirs" });
    await writeFile(lockPath, foreign);
    await held.release();
    expect(await readFile(lockPath, "utf8")).toBe(foreign);
  });

  it("release() does not delete a lockfile that no longer carries its nonce", async () => {
    const held = await new CrossProcessLock({ lockPath }).acquire();
    const foreign = JSON.stringify({ pid: sleeper.pid, host: hostname(), nonce: "someone-else" });
    await writeFile(lockPath, foreign);
    await held.release();
    expect(held.held).toBe(false);
    expect(await readFile(lockPath, "utf8")).toBe(foreign);
    expect(logs.join("\n")).toContain("taken over by another process");
  });

  it("times out with CACHE_LOCK_TIMEOUT naming the lockfile, the holder and the fix", async () => {
    await writeFile(lockPath, JSON.stringify({ pid: sleeper.pid, host: hostname(), nonce: "live" }));
    const lock = new CrossProcessLock({ lockPath, timeoutMs: 300 });
    const started = Date.now();
    const error = await lock.acquire().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(error).toBeInstanceOf(TokenCacheError);
    const { code, message } = error as TokenCacheError;
    expect(code).toBe("CACHE_LOCK_TIMEOUT");
    expect(message).toContain(`Token cache lock ${lockPath} is still held by process ${sleeper.pid}`);
    expect(message).toContain(
      `Fix: if process ${sleeper.pid} is not an entra-mcp server that is still running, delete ${lockPath}`,
    );
    expect(JSON.parse(await readFile(lockPath, "utf8")).nonce).toBe("live");
  });

  it("recovers a lock left by a dead process within 2 s", async () => {
    const pid = await deadPid();
    await writeFile(lockPath, JSON.stringify({ pid, host: hostname(), tid: 0, nonce: "dead" }));
    const lock = new CrossProcessLock({ lockPath, timeoutMs: 10_000 });
    const started = Date.now();
    const held = await lock.acquire();
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(2000);
    expect(JSON.parse(await readFile(lockPath, "utf8")).pid).toBe(process.pid);
    expect(logs.join("\n")).toContain(`process ${pid}, is no longer running`);
    await held.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it("recovers a bare-PID lockfile (msal-node-extensions format) of a dead process", async () => {
    await writeFile(lockPath, String(await deadPid()));
    const lock = new CrossProcessLock({ lockPath });
    const started = Date.now();
    const held = await lock.acquire();
    expect(Date.now() - started).toBeLessThan(2000);
    await held.release();
  });

  it("treats a lockfile with this process's PID but an unknown nonce as left over (PID reuse)", async () => {
    await writeFile(
      lockPath,
      JSON.stringify({ pid: process.pid, host: hostname(), tid: threadId, nonce: "previous-life" }),
    );
    const lock = new CrossProcessLock({ lockPath, timeoutMs: 1000 });
    const held = await lock.acquire();
    expect(JSON.parse(await readFile(lockPath, "utf8")).nonce).not.toBe("previous-life");
    await held.release();
  });

  it("takes over a live-looking lock only after it went unrefreshed for staleMs", async () => {
    await writeFile(lockPath, JSON.stringify({ pid: sleeper.pid, host: "another-host", nonce: "remote" }));
    const fresh = new CrossProcessLock({ lockPath, timeoutMs: 300, staleMs: 5000 });
    await expect(fresh.acquire()).rejects.toMatchObject({ code: "CACHE_LOCK_TIMEOUT" });
    const past = new Date(Date.now() - 60_000);
    await utimes(lockPath, past, past);
    const lock = new CrossProcessLock({ lockPath, timeoutMs: 2000, staleMs: 5000 });
    const held = await lock.acquire();
    expect(logs.join("\n")).toContain("has not refreshed it");
    await held.release();
  });

  it("waits on a fresh unreadable lockfile (being written) but recovers an old one", async () => {
    await writeFile(lockPath, "");
    await expect(new CrossProcessLock({ lockPath, timeoutMs: 200 }).acquire()).rejects.toMatchObject({
      code: "CACHE_LOCK_TIMEOUT",
    });
    const past = new Date(Date.now() - 5000);
    await utimes(lockPath, past, past);
    const lock = new CrossProcessLock({ lockPath, timeoutMs: 2000 });
    const held = await lock.acquire();
    await held.release();
  });

  it("refreshes the lockfile's mtime while held (heartbeat)", async () => {
    const lock = new CrossProcessLock({ lockPath, staleMs: 200 });
    const held = await lock.acquire();
    const past = new Date(Date.now() - 10_000);
    await utimes(lockPath, past, past);
    await sleep(250);
    expect(Date.now() - (await stat(lockPath)).mtimeMs).toBeLessThan(5000);
    await held.release();
  });

  it("fails with CACHE_UNAVAILABLE naming the lockfile when it cannot be created", async () => {
    await writeFile(join(dir, "not-a-dir"), "");
    const badPath = join(dir, "not-a-dir", "test.lock");
    const error = await new CrossProcessLock({ lockPath: badPath })
      .acquire()
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "CACHE_UNAVAILABLE" });
    expect((error as Error).message).toContain(badPath);
    expect((error as Error).message).toContain("ENTRA_MCP_CACHE_DIR");
  });

  it("queues two lock instances of one process on the same file", async () => {
    const first = new CrossProcessLock({ lockPath });
    const second = new CrossProcessLock({ lockPath });
    const order: string[] = [];
    const firstHeld = await first.acquire();
    const waiting = second.acquire().then((held) => {
      order.push("second acquired");
      return held;
    });
    await sleep(100);
    order.push("first releasing");
    await firstHeld.release();
    const secondHeld = await waiting;
    expect(order).toEqual(["first releasing", "second acquired"]);
    await secondHeld.release();
  });

  it("reports an in-process wait that times out", async () => {
    const first = await new CrossProcessLock({ lockPath }).acquire();
    const error = await new CrossProcessLock({ lockPath, timeoutMs: 100 })
      .acquire()
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "CACHE_LOCK_TIMEOUT" });
    expect((error as Error).message).toContain("another token cache access in this process");
    await first.release();
  });

  it("keeps 4 processes mutually exclusive, starting from a dead process's stale lock they all race to break", async () => {
    await writeFile(lockPath, JSON.stringify({ pid: await deadPid(), host: hostname(), nonce: "dead" }));
    const logPath = join(dir, "critical-section.log");
    const rounds = 25;
    const results = (await runTogether(
      "lock-worker.ts",
      [0, 1, 2, 3].map((workerId) => ({ lockPath, logPath, workerId, rounds })),
    )) as Array<{ firstAcquireMs: number }>;
    const lines = (await readFile(logPath, "utf8")).trim().split("\n");
    expect(lines).toHaveLength(4 * rounds * 2);
    for (let i = 0; i < lines.length; i += 2) {
      const enter = lines[i]?.split(" ");
      const exit = lines[i + 1]?.split(" ");
      expect(enter?.[0], `line ${i}`).toBe("enter");
      expect(exit, `line ${i + 1}`).toEqual(["exit", enter?.[1]]);
    }
    expect(Math.min(...results.map((result) => result.firstAcquireMs))).toBeLessThan(2000);
    expect((await readdir(dir)).sort()).toEqual(["critical-section.log"]);
  });
});

describe("breakStaleLock", () => {
  it("does not remove a fresh lock when acting on an out-of-date stale observation (the two-breakers race)", async () => {
    await writeFile(lockPath, JSON.stringify({ pid: await deadPid(), host: hostname(), nonce: "dead" }));
    const observedBySlowBreaker = await readLock(lockPath);
    const fastBreaker = await new CrossProcessLock({ lockPath }).acquire(); // breaks the stale lock, creates its own
    const fresh = await readFile(lockPath, "utf8");

    expect(
      await breakStaleLock(lockPath, observedBySlowBreaker as NonNullable<typeof observedBySlowBreaker>),
    ).toBe(false);
    expect(await readFile(lockPath, "utf8")).toBe(fresh);
    await fastBreaker.release();
  });

  it("leaves the lock alone while another live process holds <lock>.break", async () => {
    await writeFile(lockPath, JSON.stringify({ pid: await deadPid(), host: hostname(), nonce: "dead" }));
    const breakFile = JSON.stringify({ pid: sleeper.pid, host: hostname(), nonce: "breaking" });
    await writeFile(`${lockPath}.break`, breakFile);
    const observed = await readLock(lockPath);
    expect(await breakStaleLock(lockPath, observed as NonNullable<typeof observed>)).toBe(false);
    expect(JSON.parse(await readFile(lockPath, "utf8")).nonce).toBe("dead");
    expect(await readFile(`${lockPath}.break`, "utf8")).toBe(breakFile);
  });

  it("recovers within 2 s when both the lock and <lock>.break were left by dead processes", async () => {
    await writeFile(lockPath, JSON.stringify({ pid: await deadPid(), host: hostname(), nonce: "dead" }));
    await writeFile(
      `${lockPath}.break`,
      JSON.stringify({ pid: await deadPid(), host: hostname(), nonce: "dead-breaker" }),
    );
    const lock = new CrossProcessLock({ lockPath });
    const started = Date.now();
    const held = await lock.acquire();
    expect(Date.now() - started).toBeLessThan(2000);
    await held.release();
    expect(await readdir(dir)).toEqual([]);
  });
});
