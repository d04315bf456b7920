/**
 * Opaque paging tokens ($skiptoken, continuationToken). Real services encode server state
 * in them; clients must pass them back verbatim, so the emulator hides a plain offset in a
 * tagged base64url blob and rejects anything it did not issue.
 */
export function encodeOffsetToken(offset: number, tag: string): string {
  return Buffer.from(JSON.stringify({ t: tag, o: offset })).toString("base64url");
}

/** The offset inside a token this emulator issued with the same tag, else undefined. */
export function decodeOffsetToken(token: string, tag: string): number | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as {
      t?: unknown;
      o?: unknown;
    };
    if (parsed.t !== tag || typeof parsed.o !== "number" || !Number.isInteger(parsed.o) || parsed.o < 0) {
      return undefined;
    }
    return parsed.o;
  } catch {
    return undefined;
  }
}
