/**
 * Paths from tool arguments are relative to the API base and can never introduce a host. Everything
 * that could (absolute or protocol-relative URLs, backslashes, userinfo, host or IP literals, encoded
 * slashes, `..` segments) is refused here, before any token is asked for.
 */
import { ToolError } from "../tools/tool-error.js";

export const MAX_PATH_LENGTH = 2048;

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
// A first segment that names a host: a DNS name ending in a letter label, an IPv4 literal in any
// notation (dotted, dotless, hex, octal), an IPv6 literal, or localhost.
const HOST_LIKE = /^(?:[a-z0-9-]+\.)+[a-z][a-z0-9-]*\.?(?::\d*)?$/i;
const IPV4_LIKE = /^(?:0x[0-9a-f]+|\d+)(?:\.(?:0x[0-9a-f]*|\d*)){0,3}(?::\d*)?$/i;

/** A path relative to the API base, split from its inline query. */
export interface RelativePath {
  path: string;
  query: string;
}

/** Checks a caller-supplied path (optionally with "?query"); throws ToolError("PathNotAllowed"). */
export function checkRelativePath(input: string): RelativePath {
  if (input.length > MAX_PATH_LENGTH) {
    refuse(`is longer than ${MAX_PATH_LENGTH} characters`, "shorten it; pass filters in `query`");
  }
  if (hasControl(input)) refuse("contains control characters", "remove them");
  const cut = input.indexOf("?");
  const path = cut === -1 ? input : input.slice(0, cut);
  const query = cut === -1 ? "" : input.slice(cut + 1);
  if (SCHEME.test(path)) {
    refuse(
      "is an absolute URL; this server only calls its own API",
      'give the path relative to the API base, e.g. "/users"',
    );
  }
  if (path.includes("\\")) refuse("contains a backslash", 'use "/" between segments');
  if (!path.startsWith("/")) {
    refuse('must start with "/" (it is relative to the API base)', 'e.g. "/users"');
  }
  checkSegments(path, "");
  let decoded = path;
  for (let round = 0; round < 3; round++) {
    const next = safeDecode(decoded);
    if (next === decoded) break;
    decoded = next;
    if (decoded.includes("\\") || hasControl(decoded)) {
      refuse("hides a backslash or control character in percent-encoding", "send the path unencoded");
    }
    checkSegments(decoded, " (after percent-decoding)");
  }
  if (query.includes("#")) refuse("contains a fragment (#)", "remove it");
  return { path, query: query.replace(/ /g, "%20") };
}

/** Fills a `{name}` path template with URL-encoded argument values (no "." or ".." values). */
export function fillPathTemplate(template: string, args: Record<string, unknown>): string {
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, (_match, name: string) => {
    const value = args[name];
    if (value === undefined || value === null || value === "") {
      throw new ToolError("InvalidArgument", `argument "${name}" is required.`);
    }
    const text = String(value);
    if (hasControl(text))
      throw new ToolError("InvalidArgument", `argument "${name}" has control characters.`);
    const decoded = safeDecode(safeDecode(text)).trim();
    if (decoded === "." || decoded === "..") {
      throw new ToolError("PathNotAllowed", `argument "${name}" cannot be "." or "..".`);
    }
    return encodeURIComponent(text);
  });
}

function checkSegments(path: string, how: string): void {
  if (path.includes("//")) {
    refuse(`contains "//"${how}, which could name another host`, 'use single "/" between segments');
  }
  const segments = path.split("/");
  if (segments.some((segment) => segment === "." || segment === "..")) {
    refuse(`contains "." or ".." segments${how}`, "give the full path from the API base");
  }
  const first = segments[1] ?? "";
  if (
    first.includes("@") ||
    first.startsWith("[") ||
    HOST_LIKE.test(first) ||
    IPV4_LIKE.test(first) ||
    first.toLowerCase() === "localhost"
  ) {
    refuse(
      `starts with "${first.slice(0, 80)}"${how}, which looks like a host; tool arguments never choose a host`,
      'give the path relative to the API base, e.g. "/users"',
    );
  }
}

/** True for C0 control characters and DEL (CR/LF could split a request line or header). */
export function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function refuse(problem: string, fix: string): never {
  throw new ToolError("PathNotAllowed", `path ${problem}. Fix: ${fix}.`);
}
