/**
 * MCP progress notifications for calls that take a while (polling a long-running operation,
 * following pages): sent only when the client asked with a progressToken, with a progress value
 * that always increases (the spec requires it), and never allowed to fail the call.
 */
import type { ServerNotification } from "@modelcontextprotocol/sdk/types.js";

/** Reports one step; `message` says what is happening in words a person can read. */
export type ProgressReporter = (message: string, progress?: { done: number; total: number }) => void;

/** The parts of the SDK's RequestHandlerExtra used here. */
export interface ProgressSource {
  _meta?: { progressToken?: string | number } | undefined;
  sendNotification: (notification: ServerNotification) => Promise<void>;
}

/** A reporter for this request, or undefined when the client sent no progressToken. */
export function progressReporter(extra: ProgressSource | undefined): ProgressReporter | undefined {
  const progressToken = extra?._meta?.progressToken;
  if (!extra || progressToken === undefined) return undefined;
  let last = 0;
  return (message, progress) => {
    // A step count unless a done/total pair moves further; either way strictly increasing.
    const value = progress && progress.done > last ? progress.done : last + 1;
    last = value;
    const total = progress && progress.total >= value ? progress.total : undefined;
    extra
      .sendNotification({
        method: "notifications/progress",
        params: { progressToken, progress: value, ...(total !== undefined ? { total } : {}), message },
      })
      .catch(() => undefined);
  };
}
