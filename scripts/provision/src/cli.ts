#!/usr/bin/env node
/**
 * The `entra-mcp` bin: parses the command line and runs one command. Progress and errors go to
 * stderr; stdout carries only the result (with --json: exactly one JSON document, also on failure).
 */
import { setLogSink } from "@entra-mcp/auth-core";
import { parseCommandLine, USAGE } from "./commands/arguments.js";
import { runCommand } from "./commands/run-command.js";
import { describeError, UsageError } from "./errors.js";

setLogSink((_level, line) => process.stderr.write(`${line}\n`));

const argv = process.argv.slice(2);
const wantsJson = argv.includes("--json");
let code: number;
try {
  const parsed = parseCommandLine(argv);
  if ("help" in parsed) {
    process.stdout.write(USAGE);
    code = 0;
  } else if (parsed.values.help === true) {
    process.stdout.write(USAGE);
    code = 0;
  } else {
    code = await runCommand(parsed, {
      stdout: process.stdout,
      stderr: process.stderr,
      stdin: process.stdin,
      interactive: Boolean(process.stdin.isTTY && process.stderr.isTTY),
      env: process.env,
    });
  }
} catch (error) {
  const { message, fix } = describeError(error);
  process.stderr.write(`entra-mcp: ${message}\n${fix ? `Fix: ${fix}\n` : ""}`);
  if (wantsJson) {
    process.stdout.write(`${JSON.stringify({ ok: false, error: { message, fix: fix ?? null } }, null, 2)}\n`);
  }
  code = error instanceof UsageError ? 2 : 1;
}
process.exitCode = code;
