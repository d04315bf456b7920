/** What the local registry answered: one entry per request, and a summary fit for a test log. */
import { existsSync, readFileSync } from "node:fs";

export interface RegistryRequest {
  method: string;
  /** Path and query as received, e.g. `/@entra-mcp%2fgraph` or `/@entra-mcp/graph/-/graph-0.1.0.tgz`. */
  url: string;
  status: number;
  bytesIn: number;
  bytesOut: number;
  ms: number;
  /** First word of the user agent: `npm/11.6.2`, `pnpm/12.21.0`, `node`, … */
  agent: string;
}

export type RequestKind = "publish" | "metadata" | "tarball" | "user" | "other";

export interface RegistryTraffic {
  requests: RegistryRequest[];
  /** Requests of one kind, optionally for one package name. */
  of(kind: RequestKind, packageName?: string): RegistryRequest[];
  /** Requests answered with 404 (what an install looked for and the registry does not have). */
  notFound(): RegistryRequest[];
  /** A few lines: counts per kind, bytes, 404s, per package; `from` skips the first requests. */
  summary(title?: string, from?: number): string;
}

/** The kind of a registry request and the package it is about (if any). */
export function classify(request: Pick<RegistryRequest, "method" | "url">): {
  kind: RequestKind;
  packageName?: string;
} {
  const path = decodeURIComponent(request.url.split("?")[0] ?? "");
  if (path.startsWith("/-/user/") || path === "/-/whoami") return { kind: "user" };
  if (path.startsWith("/-/")) return { kind: "other" };
  const tarball = /^\/((?:@[^/]+\/)?[^/]+)\/-\/[^/]+\.tgz$/.exec(path);
  if (tarball) return { kind: "tarball", packageName: tarball[1] };
  const name = /^\/((?:@[^/]+\/)?[^/]+)(?:\/[^/]+)?$/.exec(path)?.[1];
  if (!name) return { kind: "other" };
  if (request.method === "PUT") return { kind: "publish", packageName: name };
  if (request.method === "GET" || request.method === "HEAD") return { kind: "metadata", packageName: name };
  return { kind: "other", packageName: name };
}

/** Reads the registry's traffic file (one JSON object per line). */
export function readRegistryTraffic(trafficFile: string): RegistryTraffic {
  const requests = existsSync(trafficFile)
    ? readFileSync(trafficFile, "utf8")
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => JSON.parse(line) as RegistryRequest)
    : [];
  const of = (kind: RequestKind, packageName?: string) =>
    requests.filter((request) => {
      const classified = classify(request);
      return (
        classified.kind === kind && (packageName === undefined || classified.packageName === packageName)
      );
    });
  return {
    requests,
    of,
    notFound: () => requests.filter((request) => request.status === 404),
    summary: (title = "registry traffic", from = 0) => summarize(title, requests.slice(from)),
  };
}

function summarize(title: string, requests: RegistryRequest[]): string {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  const sum = (list: RegistryRequest[], key: "bytesIn" | "bytesOut") =>
    list.reduce((total, request) => total + request[key], 0);
  const byKind = new Map<RequestKind, RegistryRequest[]>();
  const byPackage = new Map<
    string,
    { metadata: number; tarball: number; publish: number; notFound: number }
  >();
  for (const request of requests) {
    const { kind, packageName } = classify(request);
    byKind.set(kind, [...(byKind.get(kind) ?? []), request]);
    if (!packageName) continue;
    const row = byPackage.get(packageName) ?? { metadata: 0, tarball: 0, publish: 0, notFound: 0 };
    if (kind === "metadata" || kind === "tarball" || kind === "publish") row[kind] += 1;
    if (request.status === 404) row.notFound += 1;
    byPackage.set(packageName, row);
  }
  const agents = [...new Set(requests.map((request) => request.agent.split("/")[0]))].join(", ");
  const lines = [
    `${title}: ${requests.length} requests, ${kb(sum(requests, "bytesIn"))} in, ` +
      `${kb(sum(requests, "bytesOut"))} out, ${requests.filter((r) => r.status === 404).length} × 404 ` +
      `(clients: ${agents || "none"})`,
  ];
  for (const kind of ["publish", "metadata", "tarball", "user", "other"] as const) {
    const list = byKind.get(kind) ?? [];
    if (list.length > 0) {
      lines.push(
        `  ${kind.padEnd(8)} ${String(list.length).padStart(4)}  in ${kb(sum(list, "bytesIn"))}, out ${kb(sum(list, "bytesOut"))}`,
      );
    }
  }
  lines.push("  package                                  publish metadata tarball  404");
  for (const [name, row] of [...byPackage].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(
      `  ${name.padEnd(40)} ${String(row.publish).padStart(7)} ${String(row.metadata).padStart(8)} ` +
        `${String(row.tarball).padStart(7)} ${String(row.notFound).padStart(4)}`,
    );
  }
  return lines.join("\n");
}
