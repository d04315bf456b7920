/**
 * A local HTTPS server whose certificate chains to the emulator CA (trusted via NODE_EXTRA_CA_CERTS),
 * for behaviour the emulator does not serve: redirects and scripted long-running operations.
 */
import { once } from "node:events";
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { certificateFromPem, createSelfSignedCertificate } from "@entra-mcp/emulator";

export interface SeenRequest {
  method: string;
  path: string;
  authorization: string | undefined;
}

export interface TestHttpsServer {
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, seen: SeenRequest) => void;

export async function startHttpsServer(handler: Handler): Promise<TestHttpsServer> {
  const caDir = process.env.ENTRA_MCP_EMULATOR_CA_DIR as string;
  const ca = {
    ...certificateFromPem(readFileSync(join(caDir, "ca.pem"), "utf8")),
    privateKeyPem: readFileSync(join(caDir, "ca-key.pem"), "utf8"),
  };
  const leaf = createSelfSignedCertificate({
    subject: "CN=127.0.0.1",
    altNames: ["127.0.0.1", "localhost"],
    issuer: ca,
    validityMonths: 1,
  });
  const requests: SeenRequest[] = [];
  const server: Server = createServer({ key: leaf.privateKeyPem, cert: leaf.certificatePem }, (req, res) => {
    const seen = { method: req.method ?? "", path: req.url ?? "", authorization: req.headers.authorization };
    requests.push(seen);
    req.resume();
    req.on("end", () => handler(req, res, seen));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, "close").catch(() => undefined);
    },
  };
}

export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}
