/**
 * AES-256-GCM for cache entries at rest. The Redis key is the additional authenticated data, so an
 * entry copied under another user's key does not open: it is a miss, never that user's tokens.
 * Format: "v1." + hex(12-byte IV | 16-byte tag | ciphertext). Hex, not base64: a base64 run of random
 * bytes contains "eyJ" by chance, and a scan of Redis for JWTs must be able to find none. Node's
 * crypto does the work; the only hand-written part is this framing.
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
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString("hex");
}

/** The plaintext, or undefined when the entry is not ours: wrong format, wrong key, tampered, or moved. */
export function open(sealed: string, key: KeyObject, aad: string): string | undefined {
  const hex = sealed.slice(PREFIX.length);
  if (!sealed.startsWith(PREFIX) || !/^(?:[0-9a-f]{2})+$/.test(hex)) return undefined;
  const raw = Buffer.from(hex, "hex");
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
