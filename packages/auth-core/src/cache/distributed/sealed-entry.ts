/**
 * AES-256-GCM for cache entries at rest. The Redis key is the additional authenticated data, so an
 * entry copied under another user's key does not open: it is a miss, never that user's tokens.
 * Format: "v1." + base64url(12-byte IV | 16-byte tag | ciphertext). Node's crypto does the work; the
 * only hand-written part is this framing.
 */
import { createCipheriv, createDecipheriv, createSecretKey, type KeyObject, randomBytes } from "node:crypto";
import { ConfigError } from "../../errors.js";

const PREFIX = "v1.";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A 32-byte AES key as a KeyObject (the raw bytes are not kept by the caller's object). */
export function toCacheKey(key: KeyObject | Buffer): KeyObject {
  const object = Buffer.isBuffer(key) ? createSecretKey(key) : key;
  if (object.type !== "secret" || object.symmetricKeySize !== 32)
    throw new ConfigError(
      "CONFIG_INVALID",
      `The token cache encryption key must be 32 bytes (AES-256); this one is ${object.symmetricKeySize ?? 0} bytes.`,
      {
        fix: "generate one with `openssl rand -base64 32` and set ENTRA_MCP_CACHE_KEY (or store it in the vault secret ENTRA_MCP_CACHE_KEY_SECRET names).",
      },
    );
  return object;
}

export function seal(plaintext: string, key: KeyObject, aad: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
}

/** The plaintext, or undefined when the entry is not ours: wrong format, wrong key, tampered, or moved. */
export function open(sealed: string, key: KeyObject, aad: string): string | undefined {
  if (!sealed.startsWith(PREFIX)) return undefined;
  const raw = Buffer.from(sealed.slice(PREFIX.length), "base64url");
  if (raw.length < IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(aad, "utf8"));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    return undefined;
  }
}
