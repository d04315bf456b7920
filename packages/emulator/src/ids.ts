import { randomBytes, randomUUID } from "node:crypto";

/** A lowercase GUID, the shape of every Entra object id. */
export function newGuid(): string {
  return randomUUID();
}

/** An opaque, unguessable token (codes, refresh tokens, device codes). */
export function opaqueToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}
