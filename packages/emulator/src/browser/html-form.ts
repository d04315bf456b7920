/** A parsed <form>: where it posts and its hidden fields. */
export interface ParsedForm {
  action: string;
  fields: Record<string, string>;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", apos: "'" };

function unescapeHtml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|apos);/g, (_, name: string) => ENTITIES[name] ?? "");
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*"([^"]*)"`, "i").exec(tag);
  return match?.[1] === undefined ? undefined : unescapeHtml(match[1]);
}

/** Extracts the first form (action + named inputs) from a page; enough for Entra's form_post page. */
export function parseFirstForm(html: string): ParsedForm | undefined {
  const formTag = /<form\b[^>]*>/i.exec(html)?.[0];
  if (!formTag) return undefined;
  const action = attribute(formTag, "action");
  if (!action) return undefined;
  const fields: Record<string, string> = {};
  for (const input of html.match(/<input\b[^>]*>/gi) ?? []) {
    const name = attribute(input, "name");
    if (name && attribute(input, "type")?.toLowerCase() === "hidden")
      fields[name] = attribute(input, "value") ?? "";
  }
  return { action, fields };
}

/** The AADSTS error an Entra error page shows, e.g. "AADSTS50011: The redirect URI ...". */
export function findAadstsError(html: string): string | undefined {
  const match = /(AADSTS\d+:[^<]*)/.exec(html);
  return match?.[1] ? unescapeHtml(match[1]).trim() : undefined;
}
