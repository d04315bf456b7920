/**
 * Nothing invented, for Power BI and Fabric: a scope the emulator defines must be named by some
 * operation's documented scopes in the swaggers (generic names, or an *itemType* specific one).
 */
import type { SwaggerSet } from "./swagger-docs.js";
import { documentedScopes } from "./swagger-scopes.js";

/** Every scope name the swaggers' operations document, and the *itemType* suffixes. */
function allDocumented(sets: SwaggerSet[]): { names: Set<string>; suffixes: Set<string> } {
  const names = new Set<string>();
  const suffixes = new Set<string>();
  for (const set of sets) {
    for (const doc of set.apis) {
      for (const item of Object.values(doc.json.paths as Record<string, Record<string, unknown>>)) {
        for (const [method, operation] of Object.entries(item)) {
          if (method === "parameters") continue;
          const found = documentedScopes(String((operation as { description?: unknown }).description ?? ""));
          for (const name of found.scopes) names.add(name);
          for (const suffix of found.itemTypeSuffixes) suffixes.add(suffix);
        }
      }
    }
  }
  return { names, suffixes };
}

/** The names no operation of the swaggers documents. */
export function undocumentedScopes(names: string[], sets: SwaggerSet[]): string[] {
  const documented = allDocumented(sets);
  return names.filter(
    (name) =>
      !documented.names.has(name) &&
      ![...documented.suffixes].some((suffix) => name.endsWith(suffix) && name.split(".").length === 3),
  );
}
