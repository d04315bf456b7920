/** get_item_definition's table hook: text parts decoded, binary parts kept as base64, long parts cut. */
import { describe, expect, it } from "vitest";
import { definitionTable } from "../src/definition-table.js";

const b64 = (value: string | Buffer) => Buffer.from(value).toString("base64");
const part = (path: string, payload: string) => ({ path, payload, payloadType: "InlineBase64" });

describe("definitionTable", () => {
  it("decodes UTF-8 parts and keeps the definition's format", () => {
    const table = definitionTable({
      definition: { format: "ipynb", parts: [part("notebook-content.ipynb", b64('{"cells":[]} — ünïcode'))] },
    });
    expect(table).toEqual({
      columns: ["path", "encoding", "content"],
      rows: [["notebook-content.ipynb", "text", '{"cells":[]} — ünïcode']],
      extra: { format: "ipynb" },
    });
  });

  it("keeps binary parts (invalid UTF-8 or control bytes) as base64", () => {
    const png = b64(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff]));
    const control = b64(Buffer.from([0x41, 0x00, 0x42]));
    const table = definitionTable({ definition: { parts: [part("image.png", png), part("blob", control)] } });
    expect(table?.rows).toEqual([
      ["image.png", "base64", png],
      ["blob", "base64", control],
    ]);
  });

  it("cuts a part past 16,000 characters and says so", () => {
    const table = definitionTable({ definition: { parts: [part("big.py", b64("x".repeat(20_000)))] } });
    const content = table?.rows[0]?.[2] as string;
    expect(content.startsWith("x".repeat(16_000))).toBe(true);
    expect(content.endsWith("… (cut at 16000 of 20000 characters)")).toBe(true);
  });

  it("is not a table for other bodies", () => {
    expect(definitionTable({ status: "Running" })).toBeUndefined();
    expect(definitionTable(undefined)).toBeUndefined();
  });
});
