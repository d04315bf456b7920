/**
 * Keeps a result within its byte budget. Lists lose whole items from the end (the caller turns the
 * cut into a cursor); a single oversized value has its largest arrays and strings shortened, which
 * keeps it valid against an output schema.
 */

import { compactJson } from "./compact-json.js";

/** Bytes a value costs in the result as it is sent (render.ts decides which form is sent). */
export type Measure = (value: unknown) => number;

/** UTF-8 bytes of the JSON text of `value`: its size as `structuredContent`. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? "", "utf8");
}

/**
 * Its size as the text of a text-only result: compact JSON, then escaped once more as a JSON string
 * inside the JSON-RPC message (every quote becomes \", which is what the wire carries).
 */
export function textBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(compactJson(value)), "utf8") - 2;
}

/** How many leading items fit in `budget` bytes, given the bytes of everything around the list. */
export function itemsThatFit(
  items: unknown[],
  budget: number,
  overhead: number,
  sizeOf: Measure = jsonBytes,
): number {
  let used = overhead;
  for (let i = 0; i < items.length; i++) {
    used += sizeOf(items[i]) + (i > 0 ? 1 : 0);
    if (used > budget) return i;
  }
  return items.length;
}

interface Candidate {
  holder: Record<string, unknown> | unknown[];
  key: string | number;
  size: number;
}

/** Shortens the largest arrays/strings of a copy of `value` until it fits; `truncated` says if it did. */
export function shrinkToFit(
  value: unknown,
  budget: number,
  sizeOf: Measure = jsonBytes,
): { value: unknown; truncated: boolean } {
  if (sizeOf(value) <= budget) return { value, truncated: false };
  const root = { v: structuredClone(value) as unknown };
  for (let round = 0; round < 200; round++) {
    if (round > 0 && sizeOf(root.v) <= budget) return { value: root.v, truncated: true };
    const candidates: Candidate[] = [];
    measure(root, "v", root.v, candidates, 0);
    const largest = candidates.sort((a, b) => b.size - a.size)[0];
    if (!largest) break;
    const current = (largest.holder as Record<string | number, unknown>)[largest.key];
    if (Array.isArray(current)) {
      current.length = Math.max(0, Math.min(current.length - 1, Math.floor(current.length / 2)));
    } else if (typeof current === "string") {
      const keep = Math.max(16, Math.floor(current.length / 2));
      (largest.holder as Record<string | number, unknown>)[largest.key] = `${current.slice(0, keep)}…`;
    }
  }
  return { value: root.v, truncated: true };
}

/** JSON size of `value` in UTF-16 units (to rank what to shorten); records shrinkable arrays and strings. */
function measure(
  holder: Record<string, unknown> | unknown[],
  key: string | number,
  value: unknown,
  out: Candidate[],
  depth: number,
): number {
  if (typeof value === "string") {
    const size = value.length + 2;
    if (value.length > 32) out.push({ holder, key, size });
    return size;
  }
  if (value === null || typeof value !== "object" || depth > 64) return JSON.stringify(value)?.length ?? 4;
  if (Array.isArray(value)) {
    let size = 2 + Math.max(0, value.length - 1);
    value.forEach((item, index) => {
      size += measure(value, index, item, out, depth + 1);
    });
    if (value.length > 0) out.push({ holder, key, size });
    return size;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let size = 2 + Math.max(0, keys.length - 1);
  for (const name of keys) size += name.length + 3 + measure(record, name, record[name], out, depth + 1);
  return size;
}
