/** The text form of a result: JSON without whitespace and without null members. */
export function compactJson(value: unknown): string {
  return JSON.stringify(value, (_key, member: unknown) => (member === null ? undefined : member)) ?? "";
}
