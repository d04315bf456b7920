/**
 * Finds the top-level "id" member of a JSON object fed to it in pieces, without keeping the text:
 * what an oversized message needs so that its sender gets an error instead of waiting forever. The
 * SDK's client writes `id` last (after `params`), so the whole line has to be walked; a JSON parser
 * would have to hold all of it. Works on bytes: every JSON structural character is ASCII, and no
 * byte of a multi-byte UTF-8 character is below 0x80.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
// An id longer than this is not one we could answer sensibly; keys longer than "id" are not "id".
const MAX_ID_BYTES = 256;

export class TopLevelIdScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** At depth 1: the next string is a key. */
  private expectKey = false;
  private key: number[] | undefined;
  private keyIsId = false;
  /** Bytes of the id's value while it is being read. */
  private value: number[] | undefined;
  private found: string | number | undefined;

  feed(bytes: Buffer): void {
    for (let i = 0; i < bytes.length; i++) this.step(bytes[i] as number);
  }

  /** The id, once its value has ended; undefined when the object had none (or none was valid). */
  id(): string | number | undefined {
    if (this.found === undefined && this.value) this.finishValue();
    return this.found;
  }

  private step(byte: number): void {
    if (this.value && this.depth === 1 && !this.inString && (byte === COMMA || byte === CLOSE_OBJECT)) {
      this.finishValue();
    } else if (this.value) {
      if (this.value.length < MAX_ID_BYTES) this.value.push(byte);
      else this.value = undefined;
    }
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (byte === BACKSLASH) this.escaped = true;
      else if (byte === QUOTE) {
        this.inString = false;
        if (this.key) {
          this.keyIsId = this.key.length === 2 && this.key[0] === 0x69 && this.key[1] === 0x64;
          this.key = undefined;
        }
        return;
      }
      if (this.key && this.key.length < 3) this.key.push(byte);
      return;
    }
    switch (byte) {
      case QUOTE:
        this.inString = true;
        if (this.depth === 1 && this.expectKey) {
          this.key = [];
          this.expectKey = false;
        }
        return;
      case OPEN_OBJECT:
      case OPEN_ARRAY:
        this.depth += 1;
        if (this.depth === 1) this.expectKey = byte === OPEN_OBJECT;
        return;
      case CLOSE_OBJECT:
      case CLOSE_ARRAY:
        this.depth -= 1;
        return;
      case COMMA:
        if (this.depth === 1) this.expectKey = true;
        return;
      case COLON:
        if (this.depth === 1 && this.keyIsId && this.found === undefined) this.value = [];
        this.keyIsId = false;
        return;
    }
  }

  private finishValue(): void {
    const text = Buffer.from(this.value ?? []).toString("utf8");
    this.value = undefined;
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === "string" || (typeof parsed === "number" && Number.isInteger(parsed))) {
        this.found = parsed;
      }
    } catch {
      // Not a JSON-RPC id (an object, a truncated value): nothing to answer.
    }
  }
}
