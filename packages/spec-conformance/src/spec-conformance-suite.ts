/**
 * The spec-conformance suite of one server: for every curated operation, one test per check (path,
 * parameters, permissions, emulator body), so a failure names the operation, the check and what to
 * fix. Operations of an API with no published spec are visible skips, never passes.
 */
import type { ApiDescription, AuthMode, OperationDescription } from "@entra-mcp/server-kit";
import { startTestEmulator, type TestEmulator } from "@entra-mcp/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RequestParts } from "./api-checker.js";
import { argVariants, parseArgs } from "./arg-variants.js";
import type { CheckResult } from "./check-result.js";
import { checkerFor } from "./checkers.js";
import { fillPlaceholders } from "./emulator-call/placeholders.js";
import {
  callSample,
  followLongRunning,
  resetSampleAuth,
  type SampleResponse,
} from "./emulator-call/sample-call.js";
import type { SpecSample, SpecSamples } from "./spec-sample.js";
import { specsLocation } from "./specs-dir.js";

export interface SpecConformanceOptions {
  description: ApiDescription;
  samples: SpecSamples;
}

/** Fails with every problem on its own line, or skips with the reason; passes otherwise. */
function report(
  op: OperationDescription,
  check: string,
  result: CheckResult,
  skip: (note: string) => void,
): void {
  if (result.status === "skip") {
    skip(result.notes.join("; "));
    return;
  }
  if (result.status === "fail") {
    throw new Error(
      `${op.name} (${check}):\n  - ${result.problems.join("\n  - ")}${result.notes.length ? `\n  notes: ${result.notes.join("; ")}` : ""}`,
    );
  }
}

/** The request parts query()/headers() produce for each argument variant. */
function requestParts(op: OperationDescription, sample: SpecSample): RequestParts[] {
  return argVariants(op, sample.args, sample.branches).map(({ label, args, generated }) => ({
    label,
    generated,
    query: Object.fromEntries(
      Object.entries(op.query?.(args) ?? {}).filter(
        (entry): entry is [string, string | number | boolean] => entry[1] !== undefined,
      ),
    ),
    headers: op.headers?.(args) ?? {},
  }));
}

let noted = false;

export function specConformanceSuite({ description, samples }: SpecConformanceOptions): void {
  const location = specsLocation();
  describe(`${description.name} spec conformance`, () => {
    if (!location.present) {
      // One line where a run shows it (skipped tests' titles are hidden by the default reporter).
      if (!noted) console.warn(location.absentNote);
      noted = true;
      it.skip(location.absentNote, () => {});
      return;
    }
    const operations = description.operations;

    it("every curated operation has a sample call (and every sample an operation)", () => {
      const names = new Set(operations.map((op) => op.name));
      const missing = operations.filter((op) => !samples[op.name]).map((op) => op.name);
      const stray = Object.keys(samples).filter((name) => !names.has(name));
      expect(missing, `add these to test/spec-samples.ts: ${missing.join(", ")}`).toEqual([]);
      expect(stray, `samples for tools that do not exist: ${stray.join(", ")}`).toEqual([]);
      const wrongMode = operations
        .filter((op) => op.mode && samples[op.name]?.mode && samples[op.name]?.mode !== op.mode)
        .map((op) => `${op.name} (runs only in ${op.mode} mode)`);
      expect(wrongMode, `samples in a mode their tool refuses: ${wrongMode.join(", ")}`).toEqual([]);
      const badAfter = Object.entries(samples)
        .filter(([, sample]) => sample.after && !names.has(sample.after.tool))
        .map(([name, sample]) => `${name} (after: ${sample.after?.tool})`);
      expect(badAfter, `sample.after names no curated tool: ${badAfter.join(", ")}`).toEqual([]);
    });

    let t: TestEmulator | undefined;
    const saved: Record<string, string | undefined> = {};
    const responses = new Map<string, Promise<SampleResponse>>();
    const needsEmulator = operations.some(
      (op) =>
        "checker" in
          checkerFor(
            description.apis[op.api ?? description.defaultApi] ?? {
              resource: "",
              basePath: "",
              paging: "none",
            },
          ) &&
        samples[op.name] &&
        !samples[op.name]?.skipBody,
    );
    beforeAll(async () => {
      if (!needsEmulator) return;
      t = await startTestEmulator();
      // The Azure SDK's EnvironmentCredential (the teammate's vault login) reads process.env.
      for (const [key, value] of Object.entries(t.appEnv())) {
        if (key.startsWith("AZURE_")) {
          saved[key] = process.env[key];
          process.env[key] = value;
        }
      }
    });
    afterAll(async () => {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      resetSampleAuth();
      await t?.emulator.stop();
    });

    const envs = new Map<AuthMode, NodeJS.ProcessEnv>();
    const callEnv = {
      env(mode: AuthMode) {
        if (!t) throw new Error("the emulator did not start");
        let env = envs.get(mode);
        if (!env) {
          env = mode === "app" ? t.appEnv() : t.delegatedEnv();
          envs.set(mode, env);
        }
        return env;
      },
    };

    /** The sample's response (once per tool; `after` calls its prerequisite first). */
    const responseOf = (op: OperationDescription, depth = 0): Promise<SampleResponse> => {
      let pending = responses.get(op.name);
      if (!pending) {
        pending = (async () => {
          const sample = samples[op.name];
          if (!sample || !t) throw new Error(`${op.name}: no sample or no emulator`);
          let extra: Record<string, unknown> = {};
          if (sample.after) {
            const first = operations.find((o) => o.name === sample.after?.tool);
            if (!first || depth > 3)
              throw new Error(
                `${op.name}: sample.after names ${sample.after.tool}, which is not a curated operation`,
              );
            const response = await responseOf(first, depth + 1);
            extra = sample.after.pick(response);
          }
          const args = parseArgs(op, { ...fillPlaceholders(sample.args, t), ...extra });
          if (!args)
            throw new Error(`${op.name}: the sample args do not validate against the tool's input schema`);
          const mode = sample.mode ?? op.mode ?? "app";
          return callSample(description, op, args, mode, callEnv);
        })();
        responses.set(op.name, pending);
      }
      return pending;
    };

    // The kit's own `batch` tool posts to the path an API declares (ApiTarget.batch): it must exist too.
    for (const [key, api] of Object.entries(description.apis)) {
      const batch = api.batch;
      if (!batch) continue;
      const choice = checkerFor(api);
      const batchOp: OperationDescription = {
        name: `batch (${key})`,
        title: "JSON batch",
        description: "The kit's batch tool",
        method: "POST",
        path: batch.path,
        input: {},
        access: "write",
      };
      it(`${key} batch endpoint: POST ${api.basePath}${batch.path} exists in the spec`, (ctx) => {
        if ("uncovered" in choice) return ctx.skip(choice.uncovered);
        report(batchOp, "path", choice.checker.path(batchOp), (note) => ctx.skip(note));
      });
    }

    for (const op of operations) {
      const target = description.apis[op.api ?? description.defaultApi];
      const where = `${op.method} ${target?.basePath ?? ""}${op.path}`;
      describe(`${op.name} (${where})`, () => {
        const choice = target
          ? checkerFor(target)
          : { uncovered: `api "${op.api}" is not in the description` };
        if ("uncovered" in choice) {
          it.skip(`${choice.uncovered}`, () => {});
          return;
        }
        const { checker } = choice;
        const sample = samples[op.name];
        it("path: method and path exist in the spec", (ctx) => {
          report(op, "path", checker.path(op), (note) => ctx.skip(note));
        });
        it("parameters: every query parameter and header it can send is valid there", (ctx) => {
          if (!sample) return ctx.skip("no sample (see the sample test)");
          report(op, "parameters", checker.parameters(op, requestParts(op, sample)), (note) =>
            ctx.skip(note),
          );
        });
        if (op.body) {
          it("request body: only names the spec defines for the request", (ctx) => {
            if (!sample) return ctx.skip("no sample (see the sample test)");
            const bodies = argVariants(op, sample.args, sample.branches).flatMap(({ label, args }) => {
              const body = op.body?.(args);
              return body === undefined ? [] : [{ label, body }];
            });
            report(op, "request body", checker.requestBody(op, bodies), (note) => ctx.skip(note));
          });
        }
        it("permissions: exist with the right type, allow the call, least privileged first", (ctx) => {
          report(op, "permissions", checker.permissions(op), (note) => ctx.skip(note));
        });
        if (checker.responseHeaders && checker.documentsHeaders?.(op)) {
          const responseHeaders = checker.responseHeaders.bind(checker);
          it("response headers: the ones the spec documents for the status are there", async (ctx) => {
            if (!sample) return ctx.skip("no sample (see the sample test)");
            const response = await responseOf(op);
            if (response.status >= 400)
              return ctx.skip(`the sample call failed (${response.status}): see the body test`);
            report(op, "response headers", responseHeaders(op, response.status, response.headers), (note) =>
              ctx.skip(note),
            );
          });
        }
        it("emulator body: only property names the spec defines for the response type", async (ctx) => {
          if (!sample) return ctx.skip("no sample (see the sample test)");
          if (sample.skipBody) return ctx.skip(`body not checked: ${sample.skipBody}`);
          const response = await responseOf(op);
          if (response.status >= 400) {
            throw new Error(
              `${op.name}: the sample call failed against the emulator: ${response.status} ${JSON.stringify(response.body).slice(0, 500)} (fix the sample in test/spec-samples.ts or the emulator route)`,
            );
          }
          const body = response.body as { value?: unknown } | undefined;
          if (Array.isArray(body?.value) && body.value.length === 0) {
            throw new Error(
              `${op.name}: the sample call returned an empty list, so no item was checked: pick sample args the default seed has data for (or seed some), or set skipBody with the reason`,
            );
          }
          const mode = sample.mode ?? op.mode ?? "app";
          report(
            op,
            `emulator body of ${op.method} ${response.url}`,
            checker.body(op, response.status, response.body, mode),
            (note) => ctx.skip(note),
          );
        });
        if (op.longRunning) {
          it("long-running: its states and its result use only names the spec defines", async (ctx) => {
            if (!sample) return ctx.skip("no sample (see the sample test)");
            const accepted = await responseOf(op);
            if (accepted.status !== 202)
              return ctx.skip(`the sample call answered ${accepted.status}, not 202: nothing to follow`);
            const mode = sample.mode ?? op.mode ?? "app";
            const followed = await followLongRunning(description, op, mode, callEnv, accepted);
            expect(followed.length, `${op.name}: the 202 had no Location to follow`).toBeGreaterThan(0);
            const problems: string[] = [];
            for (const step of followed) {
              if (step.status >= 400) {
                problems.push(`GET ${step.url}: ${step.status} ${JSON.stringify(step.body).slice(0, 300)}`);
                continue;
              }
              const asStep: OperationDescription = {
                ...op,
                method: "GET",
                path: step.relativePath,
                body: undefined,
              };
              // A Fabric operation's result is what the call itself returns when it finishes at once (200).
              let result = step.relativePath.endsWith("/result")
                ? checker.body(op, 200, step.body, mode)
                : undefined;
              if (!result || result.problems.some((p) => p.includes("is not a documented response"))) {
                result = checker.body(asStep, step.status, step.body, mode);
              }
              problems.push(...result.problems.map((p) => `GET ${step.url}: ${p}`));
            }
            if (problems.length)
              throw new Error(`${op.name} (long-running):\n  - ${problems.join("\n  - ")}`);
          });
        }
      });
    }
  });
}
