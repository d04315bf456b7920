/**
 * Ends a pending interactive sign-in: posts an error response (with the request's own state) to
 * MSAL's loopback listener, which then rejects and closes its server instead of listening forever.
 */
import { log } from "../logger.js";

/** Sends `error=timeout` to the redirect URI named in `authorizeUrl`. Never throws. */
export async function abortLoopbackSignIn(authorizeUrl: string): Promise<void> {
  try {
    const params = new URL(authorizeUrl).searchParams;
    const redirectUri = params.get("redirect_uri");
    const state = params.get("state");
    if (!redirectUri || !state) return;
    const body = new URLSearchParams({
      error: "timeout",
      error_description: "entra-mcp: sign-in deadline passed",
      state,
    });
    await fetch(redirectUri, {
      method: "POST",
      body,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
  } catch (error) {
    log("debug", "sign-in", `could not stop the sign-in listener: ${(error as Error).message}`);
  }
}
