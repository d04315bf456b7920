/**
 * Hosted mode's door: serves `description` over Streamable HTTP until SIGTERM/SIGINT, which drains
 * in-flight requests for at most 10 s. Inbound auth (auth-core's validator) loads at start, not on
 * the first request: a hosted process lives long, so the first user should not wait for it, and a
 * config error should stop the deployment instead of refusing every request.
 */
import type { AddressInfo } from "node:net";
import type { ApiDescription } from "../../api-description.js";
import { createEntraMcpServer, type ServerOptions } from "../../create-server.js";
import { log, setLogFormat } from "../../logging.js";
import { useHonoGlobals } from "./hono-globals.js";
import { readHostedSettings } from "./hosted-settings.js";
import { createHostedServer } from "./http-server.js";
import { createInboundGate, type InboundGate, metadataPathFor } from "./inbound-gate.js";
import { allowedFor } from "./request-guard.js";

/** Serves the server for `description` over HTTP; resolves once listening (the URL is logged on stderr). */
export async function runHttpServer(
  description: ApiDescription,
  options: ServerOptions = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const env = options.env ?? process.env;
  setLogFormat("json");
  useHonoGlobals();
  const settings = readHostedSettings(env);
  // One server built and dropped at start: the description is checked, settings warnings are logged
  // now (once), and the first request does not pay for loading the tool modules.
  await createEntraMcpServer(description, { env, forwardLogs: false }).close();
  const hosted = createHostedServer(description, env, settings);
  await new Promise<void>((resolve, reject) => {
    hosted.server.once("error", reject);
    hosted.server.listen(settings.port, settings.host, () => resolve());
  });
  // Without a public URL (loopback only) the MCP endpoint is /mcp on the address listened on.
  const port = (hosted.server.address() as AddressInfo).port;
  const publicUrl = settings.publicUrl ?? new URL(`http://${urlHost(settings.host)}:${port}/mcp`);
  const metadataPath = metadataPathFor(publicUrl);
  let gate: InboundGate | undefined;
  try {
    gate =
      settings.auth === "entra"
        ? await createInboundGate(env, publicUrl, new URL(metadataPath, publicUrl).href)
        : undefined;
  } catch (error) {
    hosted.server.close();
    throw error;
  }
  hosted.configure({
    mcpPath: publicUrl.pathname.replace(/\/+$/, "") || "/",
    metadataPaths: ["/.well-known/oauth-protected-resource", metadataPath],
    allowed: allowedFor(
      publicUrl,
      { host: settings.host, port },
      { hosts: settings.allowedHosts, origins: settings.allowedOrigins },
    ),
    gate,
  });
  if (settings.auth === "off") {
    log(
      "warn",
      "server",
      "inbound authentication is OFF (ENTRA_MCP_HTTP_AUTH=off-for-local-development): anyone who can reach this loopback port acts with the server's own identity.",
    );
  }
  process.stderr.write(
    `${JSON.stringify({ time: new Date().toISOString(), level: "info", event: "listening", url: publicUrl.href, auth: settings.auth })}\n`,
  );

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      hosted.drain();
      hosted.server.close(() => resolve());
      hosted.server.closeIdleConnections();
      const deadline = setTimeout(() => {
        log(
          "warn",
          "server",
          `shutdown: ${hosted.inFlight()} request(s) still running after ${settings.drainMs / 1000} s; closing them.`,
        );
        hosted.server.closeAllConnections();
        resolve();
      }, settings.drainMs);
      deadline.unref();
    });
    return closing;
  };
  return { url: publicUrl.href, close };
}

function urlHost(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}
