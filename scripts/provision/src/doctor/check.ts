/** One doctor check: what was checked, the verdict, what was found and the ONE command that fixes it. */

export type CheckStatus = "pass" | "fail" | "warn" | "skip";

export interface CheckResult {
  id: string;
  title: string;
  status: CheckStatus;
  detail: string;
  fix?: string;
}

export const pass = (id: string, title: string, detail: string): CheckResult => ({
  id,
  title,
  status: "pass",
  detail,
});
export const skip = (id: string, title: string, detail: string): CheckResult => ({
  id,
  title,
  status: "skip",
  detail,
});
export const fail = (id: string, title: string, detail: string, fix: string | undefined): CheckResult => ({
  id,
  title,
  status: "fail",
  detail,
  ...(fix ? { fix } : {}),
});
export const warn = (id: string, title: string, detail: string, fix: string | undefined): CheckResult => ({
  id,
  title,
  status: "warn",
  detail,
  ...(fix ? { fix } : {}),
});
