/**
 * Parses an OData alternate-key segment such as `applications(uniqueName='my-app')` (already
 * percent-decoded). Returns the key property and its value, or undefined when the segment is
 * not `<entitySet>(<property>='<value>')` with one of the allowed properties.
 */
export function parseAlternateKey(
  segment: string,
  entitySet: string,
  allowed: readonly string[],
): { property: string; value: string } | undefined {
  const match = new RegExp(`^${entitySet}\\((\\w+)=('(?:[^']|'')*'|"[^"]*")\\)$`, "i").exec(segment);
  if (!match) return undefined;
  const property = allowed.find((p) => p.toLowerCase() === (match[1] ?? "").toLowerCase());
  if (!property) return undefined;
  const quoted = match[2] ?? "''";
  const value = quoted.startsWith("'") ? quoted.slice(1, -1).replaceAll("''", "'") : quoted.slice(1, -1);
  return { property, value };
}
