/**
 * The team config file written by provisioning: non-secret values only (tenant, client id, vault URL,
 * certificate name, cloud). Environment variables win over it.
 */
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { ConfigError } from "../errors.js";

const configFileSchema = z
  .object({
    tenantId: z.string().optional(),
    clientId: z.string().optional(),
    authMode: z.enum(["app", "delegated"]).optional(),
    keyVaultUrl: z.string().optional(),
    certName: z.string().optional(),
    cloud: z.string().optional(),
    authority: z.string().optional(),
  })
  .strict();

export type ConfigFileValues = z.infer<typeof configFileSchema>;

/** The per-user default location: %APPDATA%, ~/Library/Application Support or $XDG_CONFIG_HOME. */
export function defaultConfigPath(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (platform === "win32")
    return join(env.APPDATA ?? join(home, "AppData", "Roaming"), "entra-mcp", "config.json");
  if (platform === "darwin") return join(home, "Library", "Application Support", "entra-mcp", "config.json");
  return join(env.XDG_CONFIG_HOME || join(home, ".config"), "entra-mcp", "config.json");
}

/**
 * Reads the config file. A missing default file is fine (returns {}); a missing file that was named
 * explicitly, unreadable JSON, unknown keys or secret-looking keys are errors.
 */
export function readConfigFile(path: string, explicit: boolean): ConfigFileValues {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if (!explicit && (error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new ConfigError("CONFIG_FILE_INVALID", `ENTRA_MCP_CONFIG: cannot read ${path}.`, {
      cause: error,
      fix: "point ENTRA_MCP_CONFIG at the file written by `npx -y @entra-mcp/cli provision`, or unset it.",
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ConfigError("CONFIG_FILE_INVALID", `${path}: not valid JSON.`, {
      fix: "re-run `npx -y @entra-mcp/cli provision` to rewrite it, or fix the JSON by hand.",
    });
  }
  const parsed = configFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => {
      const where = issue.path.join(".") || "(root)";
      const keys = "keys" in issue ? ` ${(issue.keys as string[]).join(", ")}` : "";
      return `${where}: ${issue.message}${keys}`;
    });
    throw new ConfigError("CONFIG_FILE_INVALID", `${path}: ${issues.join("; ")}.`, {
      fix: "the config file holds only tenantId, clientId, authMode, keyVaultUrl, certName, cloud and authority; keep secrets out of it.",
    });
  }
  return parsed.data;
}
