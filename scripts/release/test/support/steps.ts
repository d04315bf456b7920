/** Timings of the release test's steps, printed at the end with the registry's traffic. */

export interface StepTiming {
  step: string;
  ms: number;
  ok: boolean;
  detail?: string;
}

export class StepClock {
  readonly timings: StepTiming[] = [];
  private readonly started = performance.now();

  /** Runs `body`, recording how long it took and whether it threw. */
  async time<T>(step: string, body: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      const result = await body();
      this.timings.push({ step, ms: Math.round(performance.now() - start), ok: true });
      return result;
    } catch (error) {
      this.timings.push({ step, ms: Math.round(performance.now() - start), ok: false });
      throw error;
    }
  }

  /** Records a step that was not timed through time() (a synchronous check). */
  record(step: string, ms: number, ok: boolean, detail?: string): void {
    this.timings.push({ step, ms, ok, ...(detail ? { detail } : {}) });
  }

  /** Adds a detail line to the last recorded step. */
  note(detail: string): void {
    const last = this.timings.at(-1);
    if (last) last.detail = last.detail ? `${last.detail}; ${detail}` : detail;
  }

  report(): string {
    const total = Math.round(performance.now() - this.started);
    const width = Math.max(20, ...this.timings.map((timing) => timing.step.length));
    const lines = this.timings.map(
      (timing) =>
        `  ${timing.ok ? "✓" : "✗"} ${timing.step.padEnd(width)} ${(timing.ms / 1000).toFixed(1).padStart(6)} s` +
        (timing.detail ? `  (${timing.detail})` : ""),
    );
    return [`release test steps (${(total / 1000).toFixed(1)} s in all):`, ...lines].join("\n");
  }
}
