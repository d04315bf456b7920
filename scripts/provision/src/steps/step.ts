/**
 * A provisioning step is written once and runs twice: first to plan (reads only; every write is
 * described, not done), then to apply (the same reads, and the writes). `recorder.change()` is the only
 * way a step writes, so a plan cannot write by construction (and the request ledger refuses it anyway).
 */

export type StepStatus = "ok" | "planned" | "changed" | "warning" | "skipped" | "failed";

export interface StepReport {
  id: string;
  title: string;
  /** Why the step exists (what breaks without it). */
  why: string;
  /** What the read-only check found. */
  found: string[];
  /** Writes: the ones a plan would do, or the ones an apply did. */
  changes: string[];
  /** Things the person should know that are not changes (warnings, explanations). */
  notes: string[];
  status: StepStatus;
  /** When failed: the message and the fix. */
  error?: { message: string; fix: string | undefined };
}

export class StepRecorder {
  readonly found: string[] = [];
  readonly changes: string[] = [];
  readonly notes: string[] = [];
  warned = false;
  skipped = false;

  constructor(readonly applying: boolean) {}

  /** Records what the read-only check found. */
  saw(text: string): void {
    this.found.push(text);
  }

  /** A write: described when planning; done (then described) when applying. Returns its result when applied. */
  async change<T>(description: string, write: () => Promise<T>): Promise<T | undefined> {
    if (!this.applying) {
      this.changes.push(description);
      return undefined;
    }
    const result = await write();
    this.changes.push(description);
    return result;
  }

  note(text: string): void {
    this.notes.push(text);
  }

  warn(text: string): void {
    this.warned = true;
    this.notes.push(text);
  }

  skip(text: string): void {
    this.skipped = true;
    this.found.push(text);
  }
}

export interface Step<Context> {
  id: string;
  title(context: Context): string;
  why: string;
  /** False to leave the step out (e.g. no --workspace given). Default: always runs. */
  applies?(context: Context): boolean;
  run(context: Context, recorder: StepRecorder): Promise<void>;
}

/** The report of a finished step. */
export function reportOf(id: string, title: string, why: string, recorder: StepRecorder): StepReport {
  const status: StepStatus =
    recorder.changes.length > 0
      ? recorder.applying
        ? "changed"
        : "planned"
      : recorder.warned
        ? "warning"
        : recorder.skipped
          ? "skipped"
          : "ok";
  return {
    id,
    title,
    why,
    found: [...recorder.found],
    changes: [...recorder.changes],
    notes: [...recorder.notes],
    status,
  };
}
