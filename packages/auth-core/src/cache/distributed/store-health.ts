/**
 * One warning per outage, not one per call: the first failure warns and opens a short pause during
 * which the store is not asked at all (a frozen Redis would otherwise cost a timeout per command);
 * the first success after an outage says the cache is back.
 */
import { log } from "../../logger.js";

export class StoreHealth {
  private down = false;
  private pausedUntil = 0;

  constructor(
    private readonly describe: string,
    private readonly pauseMs = 1000,
  ) {}

  /** False while paused after a failure: the caller treats the store as a miss. */
  get usable(): boolean {
    return !this.down || Date.now() >= this.pausedUntil;
  }

  failed(error: unknown): void {
    this.pausedUntil = Date.now() + this.pauseMs;
    if (this.down) return;
    this.down = true;
    const reason = error instanceof Error ? error.message : String(error);
    log(
      "warn",
      "token-cache",
      `${this.describe} is unavailable (${reason}); tokens are kept in this process only, and On-Behalf-Of exchanges go to Entra ID until it is back.`,
    );
  }

  succeeded(): void {
    if (!this.down) return;
    this.down = false;
    log("info", "token-cache", `${this.describe} is reachable again; the shared token cache is back in use.`);
  }
}
