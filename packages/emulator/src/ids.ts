import { createHash, randomBytes, randomUUID } from "node:crypto";

/** A lowercase GUID, the shape of every Entra object id. */
export function newGuid(): string {
  return randomUUID();
}

/** An opaque, unguessable token (codes, refresh tokens, device codes). */
export function opaqueToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/**
 * A stable GUID derived from a name (UUID v5 style, SHA-1): the same input always gives
 * the same id, for things real services identify by GUID but the emulator by name.
 */
export function nameBasedGuid(...parts: string[]): string {
  const hex = createHash("sha1").update(parts.join("|")).digest("hex");
  const variant = ((Number.parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}
