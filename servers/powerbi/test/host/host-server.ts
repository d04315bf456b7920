/**
 * The browser test's web server: the host page (host-page.ts bundled with esbuild, inline) on one
 * origin, and on another the view's ui:// resource as read from the MCP server, under the
 * Content-Security-Policy a host builds from the resource's _meta.ui.csp — so a CSP that left out
 * the embed host would really stop powerbi-client's iframe.
 */
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";

interface UiCsp {
  frameDomains?: string[];
  connectDomains?: string[];
  resourceDomains?: string[];
}

export interface HostServer {
  /** The host page's origin (http://127.0.0.1:port). */
  hostOrigin: string;
  /** The view's origin (http://localhost:port): another origin than the host's. */
  viewOrigin: string;
  /** The CSP the view was served with (last one). */
  viewCsp(): string | undefined;
  close(): Promise<void>;
}

/** The CSP a host applies to a view: nothing but inline code, plus the declared domains. */
export function viewCspHeader(csp: UiCsp | undefined): string {
  const list = (domains: string[] | undefined, none = "'none'") =>
    domains?.length ? domains.join(" ") : none;
  const resources = csp?.resourceDomains?.length ? ` ${csp.resourceDomains.join(" ")}` : "";
  return [
    "default-src 'none'",
    `script-src 'unsafe-inline'${resources}`,
    `style-src 'unsafe-inline'${resources}`,
    `img-src data:${resources}`,
    `font-src${resources || " 'none'"}`,
    `frame-src ${list(csp?.frameDomains)}`,
    `connect-src ${list(csp?.connectDomains)}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

// The part of esbuild's API used here (esbuild is server-kit's dependency, not this package's).
type Build = (options: Record<string, unknown>) => Promise<{ outputFiles?: { text: string }[] }>;

// esbuild is reached through server-kit, which depends on it.
async function loadEsbuild(): Promise<{ build: Build }> {
  const serverKit = fileURLToPath(import.meta.resolve("@entra-mcp/server-kit"));
  return (await import(createRequire(serverKit).resolve("esbuild"))) as { build: Build };
}

async function hostHtml(): Promise<string> {
  const { build } = await loadEsbuild();
  const result = await build({
    entryPoints: [fileURLToPath(new URL("./host-page.ts", import.meta.url))],
    bundle: true,
    write: false,
    platform: "browser",
    format: "esm",
    target: "es2022",
    logLevel: "warning",
  });
  const script = (result.outputFiles?.[0]?.text ?? "").replace(/<\/script/gi, "<\\/script");
  const template = readFileSync(new URL("./host.html", import.meta.url), "utf8");
  return template.replace("/*HOST_SCRIPT*/", () => script);
}

/** Starts the server; `client` is the MCP client connected to the server under test. */
export async function startHostServer(client: Client): Promise<HostServer> {
  const page = await hostHtml();
  let lastCsp: string | undefined;
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const host = request.headers.host ?? "";
    if (url.pathname === "/" && host.startsWith("127.0.0.1:")) {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page);
      return;
    }
    if (url.pathname === "/view" && host.startsWith("localhost:")) {
      const uri = url.searchParams.get("uri") ?? "";
      client.readResource({ uri }).then(
        (read) => {
          const content = read.contents[0] as { text?: string; _meta?: { ui?: { csp?: UiCsp } } } | undefined;
          lastCsp = viewCspHeader(content?._meta?.ui?.csp);
          response
            .writeHead(200, {
              "content-type": "text/html; charset=utf-8",
              "content-security-policy": lastCsp,
            })
            .end(content?.text ?? "");
        },
        (error: unknown) => response.writeHead(502).end(String(error)),
      );
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    hostOrigin: `http://127.0.0.1:${port}`,
    viewOrigin: `http://localhost:${port}`,
    viewCsp: () => lastCsp,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
