import { once } from "node:events";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { Hono } from "hono";
import type { ServerTlsMaterial } from "../tls/server-certificate.js";
import { registerAdminRoutes } from "./admin-routes.js";
import type { FaultRegistry } from "./faults.js";
import type { RequestLog } from "./request-log.js";
import { trafficMiddleware } from "./traffic-middleware.js";

/** One emulated service on its own HTTPS origin (https://127.0.0.1:<random port>). */
export interface EmulatorOrigin {
  name: string;
  /** e.g. https://127.0.0.1:50123 (no trailing slash). */
  url: string;
  port: number;
  /** Register the service's routes here; admin, logging and faults are already wired. */
  app: Hono;
  close(): Promise<void>;
}

export interface OriginDeps {
  tls: ServerTlsMaterial;
  log: RequestLog;
  faults: FaultRegistry;
}

/**
 * Listens first so the service knows its own URL (issuer, vault URL) before its
 * routes are built; nothing can call the port before we hand the URL out.
 */
export async function startOrigin(name: string, deps: OriginDeps): Promise<EmulatorOrigin> {
  const server: Server = createServer({ key: deps.tls.key, cert: deps.tls.cert });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as AddressInfo).port;
  const url = `https://127.0.0.1:${port}`;

  const app = new Hono();
  registerAdminRoutes(app, deps.log, deps.faults);
  app.use("*", trafficMiddleware(name, deps.log, deps.faults));
  app.onError((error, c) => {
    process.stderr.write(
      `[emulator:${name}] ${c.req.method} ${new URL(c.req.url).pathname}: ${error.stack}\n`,
    );
    return c.json(
      { error: { code: "InternalServerError", message: "The emulator failed to handle this request." } },
      500,
    );
  });
  app.notFound((c) =>
    c.json({ error: { code: "NotFound", message: `No emulated route for ${c.req.path}.` } }, 404),
  );
  server.on(
    "request",
    // The Node request goes along as Hono's env, for the request log's client port.
    getRequestListener((request, env) => app.fetch(request, env)),
  );

  return {
    name,
    url,
    port,
    app,
    close: async () => {
      const closed = once(server, "close");
      server.close();
      server.closeAllConnections();
      await closed;
    },
  };
}
