/**
 * The team config file auth-core reads (ENTRA_MCP_CONFIG or its default path): non-secret values only
 * — tenant, client id, vault URL, certificate name, cloud. Written atomically; other keys auth-core
 * knows (authMode, authority) are kept.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export interface TeamConfig {
  tenantId: string;
  clientId: string;
  keyVaultUrl: string;
  certName: string;
  cloud: string;
}

const KEPT_KEYS = ["authMode", "authority"] as const;

/** The file's JSON object, {} when it does not exist, or undefined when it is not a JSON object. */
export function readTeamConfig(path: string): Record<string, unknown> | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw error;
  }
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** What the file should hold: `desired` plus the existing keys auth-core also accepts. */
export function nextTeamConfig(
  existing: Record<string, unknown> | undefined,
  desired: TeamConfig,
): Record<string, unknown> {
  const kept = Object.fromEntries(
    KEPT_KEYS.filter((key) => existing?.[key] !== undefined).map((key) => [key, existing?.[key]]),
  );
  return { ...desired, ...kept };
}

export function sameConfig(a: Record<string, unknown> | undefined, b: Record<string, unknown>): boolean {
  if (!a) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => a[key] === b[key]);
}

/** Writes the file atomically (temp file + rename), creating its folder. */
export function writeTeamConfig(path: string, content: Record<string, unknown>): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o644 });
  renameSync(temp, path);
}
