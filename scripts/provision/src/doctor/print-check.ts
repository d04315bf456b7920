/** Prints one doctor check line (and its fix) as soon as it is known. */
import type { TextSink } from "../output/step-printer.js";
import type { CheckResult } from "./check.js";

const MARK: Record<CheckResult["status"], string> = { pass: "✓", fail: "✗", warn: "!", skip: "-" };

export function printCheck(out: TextSink, check: CheckResult): void {
  out.write(`  ${MARK[check.status]} ${check.title} — ${check.detail}\n`);
  if (check.fix && check.status !== "pass") out.write(`      Fix: ${check.fix}\n`);
}
