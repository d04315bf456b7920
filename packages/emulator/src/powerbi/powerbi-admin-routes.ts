import type { Hono } from "hono";
import { ADMIN_PREFIX } from "../http/admin-routes.js";
import type { EmbedTokenStore } from "./embed-token-store.js";

/**
 * Power BI's part of the emulator admin API (never logged, never faulted):
 *   GET  /_emulator/powerbi/embed-token-lifetime → {"seconds": n}
 *   PUT  /_emulator/powerbi/embed-token-lifetime {"seconds": n} → lifetime of tokens issued next,
 * so a test (or a process that only has the URL) can make 60-second tokens and watch renewal.
 */
export function registerPowerBiAdminRoutes(app: Hono, embedTokens: EmbedTokenStore): void {
  const path = `${ADMIN_PREFIX}/powerbi/embed-token-lifetime`;
  app.get(path, (c) => c.json({ seconds: embedTokens.lifetime }));
  app.put(path, async (c) => {
    const body = (await c.req.json().catch(() => undefined)) as { seconds?: unknown } | undefined;
    try {
      embedTokens.setLifetimeSeconds(body?.seconds as number);
    } catch (error) {
      return c.json({ error: { code: "BadRequest", message: (error as Error).message } }, 400);
    }
    return c.json({ seconds: embedTokens.lifetime });
  });
}
