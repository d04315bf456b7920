/**
 * Opens the sign-in URL without a shell, so no character of the URL is ever interpreted by one.
 * Hand-written instead of the `open` package because that package routes through a shell/PowerShell
 * on some platforms; here the URL is always a single argv entry.
 */
import { spawn } from "node:child_process";
import { SignInError } from "../errors.js";

/** The argv that opens `url` in the system browser on this platform. */
export function systemBrowserCommand(platform: NodeJS.Platform = process.platform): string[] {
  if (platform === "darwin") return ["open"];
  if (platform === "win32") return ["rundll32", "url.dll,FileProtocolHandler"];
  return ["xdg-open"];
}

/**
 * Runs `command` with `url` appended as the last argument. Resolves once the command has started
 * (a browser may keep running); rejects with BROWSER_UNAVAILABLE when it cannot start or fails at once.
 */
export function openBrowser(url: string, command?: string[]): Promise<void> {
  const [file, ...args] = command ?? systemBrowserCommand();
  if (!file) return Promise.reject(unavailable("no browser command is configured", undefined));
  if (process.platform === "linux" && !command && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return Promise.reject(unavailable("no display is available", undefined));
  }
  return new Promise((resolve, reject) => {
    const child = spawn(file, [...args, url], {
      stdio: ["ignore", "ignore", "inherit"],
      shell: false,
      windowsHide: true,
    });
    let settled = false;
    const settle = (error?: SignInError) => {
      if (settled) return;
      settled = true;
      if (error) reject(error);
      else resolve();
    };
    child.once("error", (error) => settle(unavailable(`"${file}" could not be started`, error)));
    child.once("exit", (code) =>
      settle(code === 0 ? undefined : unavailable(`"${file}" exited with code ${code}`, undefined)),
    );
    // A real browser keeps running; if it is still alive after a moment, it has started.
    setTimeout(() => settle(), 1500).unref();
  });
}

function unavailable(reason: string, cause: unknown): SignInError {
  return new SignInError("BROWSER_UNAVAILABLE", `Sign-in: cannot open a browser (${reason}).`, {
    cause,
    fix: "set ENTRA_MCP_BROWSER to a browser command, or ENTRA_MCP_BROWSER=none to sign in with a device code.",
  });
}
