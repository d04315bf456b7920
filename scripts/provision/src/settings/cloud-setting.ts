/**
 * The cloud every command works in: auth-core's resolveCloud(ENTRA_MCP_CLOUD). The config file stores
 * the setting itself (a built-in name, or the custom cloud file as an absolute path).
 */
import { isAbsolute, resolve } from "node:path";
import { type CloudProfile, resolveCloud } from "@entra-mcp/auth-core";

export interface CloudSetting {
  cloud: CloudProfile;
  setting: string;
}

export function cloudSetting(env: NodeJS.ProcessEnv): CloudSetting {
  const raw = env.ENTRA_MCP_CLOUD?.trim() || "public";
  const cloud = resolveCloud(raw);
  const builtIn = ["public", "usgov", "china"].includes(raw);
  return { cloud, setting: builtIn || isAbsolute(raw) ? raw : resolve(raw) };
}
