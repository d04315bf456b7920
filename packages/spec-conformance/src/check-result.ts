/** What one check found for one operation. */
export interface CheckResult {
  /** "skip": the check could not run (no spec covers it); the reason says why. */
  status: "pass" | "fail" | "skip";
  problems: string[];
  /** Why it was skipped, or what was checked (shown in the test output when it fails). */
  notes: string[];
}

export const pass = (notes: string[] = []): CheckResult => ({ status: "pass", problems: [], notes });
export const skip = (reason: string): CheckResult => ({ status: "skip", problems: [], notes: [reason] });
export const fromProblems = (problems: string[], notes: string[] = []): CheckResult => ({
  status: problems.length > 0 ? "fail" : "pass",
  problems: [...new Set(problems)],
  notes,
});
