/**
 * Splits a byte stream into newline-delimited messages of at most `limit` bytes. A longer line is not
 * kept: its bytes are dropped as they arrive (memory stays bounded) while a scanner looks for its
 * top-level "id", so that the sender can still be told. The SDK's own ReadBuffer instead throws on
 * overflow and its transport closes, which left the server alive but deaf (it never answered again).
 */
import { TopLevelIdScanner } from "./top-level-id.js";

export interface DroppedLine {
  bytes: number;
  /** The message's JSON-RPC id, when one was found before the line ended. */
  id: string | number | undefined;
}

const NEWLINE = 0x0a;

export class LineReader {
  private parts: Buffer[] = [];
  private size = 0;
  /** Set while the current line is over the limit and being skipped. */
  private skipping: TopLevelIdScanner | undefined;
  private skipped = 0;

  constructor(
    private readonly limit: number,
    private readonly onLine: (line: string) => void,
    private readonly onDropped: (dropped: DroppedLine) => void,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const end = chunk.indexOf(NEWLINE, start);
      if (end === -1) {
        if (start < chunk.length) this.add(chunk.subarray(start));
        return;
      }
      if (end > start) this.add(chunk.subarray(start, end));
      this.endLine();
      start = end + 1;
    }
  }

  clear(): void {
    this.parts = [];
    this.size = 0;
    this.skipping = undefined;
    this.skipped = 0;
  }

  private add(piece: Buffer): void {
    if (this.skipping) {
      this.skipping.feed(piece);
      this.skipped += piece.length;
      return;
    }
    if (this.size + piece.length <= this.limit) {
      this.parts.push(piece);
      this.size += piece.length;
      return;
    }
    const scanner = new TopLevelIdScanner();
    for (const part of this.parts) scanner.feed(part);
    scanner.feed(piece);
    this.skipping = scanner;
    this.skipped = this.size + piece.length;
    this.parts = [];
    this.size = 0;
  }

  private endLine(): void {
    const skipping = this.skipping;
    if (skipping) {
      const bytes = this.skipped;
      this.clear();
      this.onDropped({ bytes, id: skipping.id() });
      return;
    }
    const parts = this.parts;
    this.parts = [];
    this.size = 0;
    const buffer = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
    let line = buffer.toString("utf8");
    if (line.endsWith("\r")) line = line.slice(0, -1);
    if (line.trim().length > 0) this.onLine(line);
  }
}
