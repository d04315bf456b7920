/** Reads one spec file once per process (the CSDL is 3.5 MB, the permissions JSON 3 MB). */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { specsLocation } from "./specs-dir.js";

const loaded = new Map<string, unknown>();

/** The parsed file, or undefined when it is not in the specs folder. */
export function specFile<T>(
  name: string,
  parse: (text: string) => T,
  dir = specsLocation().dir,
): T | undefined {
  const path = join(dir, name);
  if (loaded.has(path)) return loaded.get(path) as T | undefined;
  const value = existsSync(path) ? parse(readFileSync(path, "utf8").replace(/^\uFEFF/, "")) : undefined;
  loaded.set(path, value);
  return value;
}

export const specJson = <T>(name: string, dir?: string): T | undefined =>
  specFile(name, (text) => JSON.parse(text) as T, dir);
