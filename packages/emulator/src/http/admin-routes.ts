import type { Hono } from "hono";
import type { Fault, FaultRegistry } from "./faults.js";
import type { RequestFilter, RequestLog } from "./request-log.js";

/** Prefix of the admin API every origin serves; requests under it are neither logged nor faulted. */
export const ADMIN_PREFIX = "/_emulator";

/** Registers GET/DELETE /_emulator/requests and POST/DELETE /_emulator/faults. */
export function registerAdminRoutes(app: Hono, log: RequestLog, faults: FaultRegistry): void {
  app.get(`${ADMIN_PREFIX}/requests`, (c) => {
    const filter: RequestFilter = {};
    const origin = c.req.query("origin");
    if (origin) filter.origin = origin;
    const method = c.req.query("method");
    if (method) filter.method = method;
    const path = c.req.query("path");
    if (path) filter.path = path;
    return c.json(log.list(filter));
  });
  app.delete(`${ADMIN_PREFIX}/requests`, (c) => {
    log.clear();
    return c.body(null, 204);
  });
  app.post(`${ADMIN_PREFIX}/faults`, async (c) => {
    let fault: Fault;
    try {
      fault = (await c.req.json()) as Fault;
      if (typeof fault !== "object" || fault === null || Array.isArray(fault))
        throw new Error("not an object");
      faults.add(fault);
    } catch (error) {
      return c.json(
        { error: { code: "BadRequest", message: `Invalid fault: ${(error as Error).message}` } },
        400,
      );
    }
    return c.json({ added: fault }, 201);
  });
  app.delete(`${ADMIN_PREFIX}/faults`, (c) => {
    faults.clear();
    return c.body(null, 204);
  });
}
