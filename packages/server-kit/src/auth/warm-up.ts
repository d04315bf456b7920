/**
 * Loads the auth chunk (auth-core, MSAL, the Azure SDK) while the client is idle after start-up, so
 * the user's first tool call pays for the network only. Client hosts send `initialized` and then list
 * tools, prompts and resources at once; the import starts a moment later so those answers are never
 * queued behind module evaluation. It touches no network and reads no config: that still happens on
 * the first call that needs a token. A failure here is ignored; the call reports it.
 */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { loadAuthCore } from "./auth-session.js";

/** How long after `initialized` the import starts. */
export const WARM_UP_DELAY_MS = 150;

/** Starts loading auth-core WARM_UP_DELAY_MS after the client's `initialized` notification. */
export function warmUpAuthAfterInitialize(server: McpServer, delayMs = WARM_UP_DELAY_MS): void {
  const previous = server.server.oninitialized;
  server.server.oninitialized = () => {
    previous?.();
    setTimeout(() => {
      loadAuthCore().then(
        (core) => core.preloadAuthLibraries(),
        () => undefined,
      );
    }, delayMs).unref();
  };
}
