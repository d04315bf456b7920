/** Runs steps in order (plan or apply), reporting each; stops at the first failure. */
import { describeError } from "../errors.js";
import { reportOf, type Step, StepRecorder, type StepReport } from "./step.js";

export interface StepListener {
  started(index: number, total: number, title: string): void;
  finished(index: number, total: number, report: StepReport): void;
}

export async function runSteps<Context extends { applying: boolean }>(
  context: Context,
  steps: readonly Step<Context>[],
  listener: StepListener,
): Promise<{ reports: StepReport[]; failed: boolean }> {
  const selected = steps.filter((step) => step.applies?.(context) ?? true);
  const reports: StepReport[] = [];
  for (const [index, step] of selected.entries()) {
    const title = step.title(context);
    listener.started(index + 1, selected.length, title);
    const recorder = new StepRecorder(context.applying);
    let report: StepReport;
    try {
      await step.run(context, recorder);
      report = reportOf(step.id, title, step.why, recorder);
    } catch (error) {
      report = {
        ...reportOf(step.id, title, step.why, recorder),
        status: "failed",
        error: describeError(error),
      };
    }
    reports.push(report);
    listener.finished(index + 1, selected.length, report);
    if (report.status === "failed") return { reports, failed: true };
  }
  return { reports, failed: false };
}

/** Number of writes a set of reports planned or made. */
export function countChanges(reports: StepReport[]): number {
  return reports.reduce((sum, report) => sum + report.changes.length, 0);
}
