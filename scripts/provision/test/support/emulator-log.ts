/** Reading the emulator's request log: which requests changed something. */
import type { Emulator } from "@entra-mcp/emulator";

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Writes to any origin except token requests to the login origin. */
export function writesIn(emulator: Emulator): { method: string; origin: string; path: string }[] {
  return emulator
    .requests((entry) => WRITE_METHODS.has(entry.method) && entry.origin !== "login")
    .map((entry) => ({ method: entry.method, origin: entry.origin, path: entry.path }));
}
