/** The stdio line reader: lines up to the limit pass whole, longer ones are skipped with their id found. */
import { describe, expect, it } from "vitest";
import { type DroppedLine, LineReader } from "../../src/transports/stdio/line-reader.js";
import { TopLevelIdScanner } from "../../src/transports/stdio/top-level-id.js";

function read(chunks: string[], limit: number) {
  const lines: string[] = [];
  const dropped: DroppedLine[] = [];
  const reader = new LineReader(
    limit,
    (line) => lines.push(line),
    (d) => dropped.push(d),
  );
  for (const chunk of chunks) reader.push(Buffer.from(chunk));
  return { lines, dropped };
}

function idOf(text: string, pieceSize: number): string | number | undefined {
  const scanner = new TopLevelIdScanner();
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += pieceSize) scanner.feed(bytes.subarray(i, i + pieceSize));
  return scanner.id();
}

describe("LineReader", () => {
  it("joins lines split across chunks and strips CRLF and blank lines", () => {
    const { lines, dropped } = read(['{"a":', '1}\r\n\n{"b"', ':2}\n{"c"'], 100);
    expect(lines).toEqual(['{"a":1}', '{"b":2}']);
    expect(dropped).toEqual([]);
  });

  it("skips a line over the limit, reports its size and id, and reads the next one", () => {
    const long = JSON.stringify({
      method: "tools/call",
      params: { q: "x".repeat(500) },
      jsonrpc: "2.0",
      id: 7,
    });
    const { lines, dropped } = read([long.slice(0, 50), long.slice(50), '\n{"ok":true}\n'], 100);
    expect(dropped).toEqual([{ bytes: long.length, id: 7 }]);
    expect(lines).toEqual(['{"ok":true}']);
  });

  it("a line of exactly the limit passes", () => {
    const { lines } = read([`${"y".repeat(100)}\n`], 100);
    expect(lines).toHaveLength(1);
  });
});

describe("TopLevelIdScanner", () => {
  it.each([1, 3, 1000])("finds the top-level id only, in pieces of %i bytes", (size) => {
    const text = JSON.stringify({
      params: { id: "nested", list: [{ id: 1 }], s: 'he said "id": 9, } ]' },
      jsonrpc: "2.0",
      id: "req-1,2",
    });
    expect(idOf(text, size)).toBe("req-1,2");
    expect(idOf('{"id" : 42 , "method":"x"}', size)).toBe(42);
    expect(idOf('{"method":"notifications/x","params":{"id":3}}', size)).toBeUndefined();
    expect(idOf('{"id":{"not":"an id"}}', size)).toBeUndefined();
    expect(idOf('{"idx":1,"id":2.5}', size)).toBeUndefined();
  });
});
