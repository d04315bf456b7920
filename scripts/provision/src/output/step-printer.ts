/**
 * Step-by-step progress on stderr. Planning shows, per step, why it exists, what the read-only check
 * found and each write it would make; applying shows each write as it is done.
 */
import type { StepListener } from "../steps/run-steps.js";
import type { StepReport } from "../steps/step.js";

export interface TextSink {
  write(text: string): unknown;
}

const LABEL: Record<StepReport["status"], string> = {
  ok: "up to date",
  planned: "",
  changed: "done",
  warning: "needs attention",
  skipped: "skipped",
  failed: "FAILED",
};

export function stepPrinter(out: TextSink, phase: "plan" | "apply"): StepListener {
  return {
    started(index, total, title) {
      out.write(`[${index}/${total}] ${title}${phase === "apply" ? " …" : ""}\n`);
    },
    finished(_index, _total, report) {
      const count = report.changes.length;
      const label =
        report.status === "planned" ? `${count} change${count === 1 ? "" : "s"}` : LABEL[report.status];
      out.write(`      ${label}\n`);
      if (phase === "plan") out.write(`      why:   ${report.why}\n`);
      for (const line of report.found) out.write(`      found: ${line}\n`);
      for (const line of report.changes) out.write(`      ${phase === "plan" ? "+ would" : "✓"} ${line}\n`);
      for (const line of report.notes) out.write(`      ! ${line}\n`);
      if (report.error) {
        out.write(`      ✗ ${report.error.message}\n`);
        if (report.error.fix) out.write(`      Fix: ${report.error.fix}\n`);
      }
    },
  };
}
