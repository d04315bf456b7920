const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Entra's redirect URI rule: exact match, except that for http loopback URIs the port
 * is ignored (native apps listen on a random port) and localhost/127.0.0.1 are interchangeable.
 */
export function redirectUriMatches(registered: string, requested: string): boolean {
  if (registered === requested) return true;
  let reg: URL;
  let req: URL;
  try {
    reg = new URL(registered);
    req = new URL(requested);
  } catch {
    return false;
  }
  if (reg.protocol !== "http:" || req.protocol !== "http:") return false;
  if (!LOOPBACK_HOSTS.has(reg.hostname) || !LOOPBACK_HOSTS.has(req.hostname)) return false;
  return normalizePath(reg.pathname) === normalizePath(req.pathname) && reg.search === req.search;
}

function normalizePath(path: string): string {
  return path === "" ? "/" : path;
}
