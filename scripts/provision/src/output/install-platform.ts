/**
 * Which operating system the install lines are written for. Native Windows cannot spawn `npx`
 * without a shell (it is `npx.cmd`), so its lines run it through `cmd /c`; macOS and Linux spawn it directly.
 */
import { UsageError } from "../errors.js";

export const INSTALL_PLATFORMS = ["win32", "darwin", "linux"] as const;
export type InstallPlatform = (typeof INSTALL_PLATFORMS)[number];

/** The platform for `--platform <name>` (win32, darwin, linux; windows/macos as aliases), else this machine's. */
export function installPlatform(
  requested: string | undefined,
  current: NodeJS.Platform = process.platform,
): InstallPlatform {
  if (requested === undefined) return current === "win32" || current === "darwin" ? current : "linux";
  const name = requested.trim().toLowerCase();
  const aliases: Record<string, InstallPlatform> = { windows: "win32", macos: "darwin" };
  const platform = aliases[name] ?? name;
  if (!(INSTALL_PLATFORMS as readonly string[]).includes(platform)) {
    throw new UsageError(
      `--platform: "${requested}" is not a platform the install lines are written for.`,
      `use one of ${INSTALL_PLATFORMS.join(", ")}.`,
    );
  }
  return platform as InstallPlatform;
}

/** The command and arguments that start a package's bin on that platform (what Claude spawns). */
export function npxCommand(
  platform: InstallPlatform,
  packageName: string,
): { command: string; args: string[] } {
  return platform === "win32"
    ? { command: "cmd", args: ["/c", "npx", "-y", packageName] }
    : { command: "npx", args: ["-y", packageName] };
}
