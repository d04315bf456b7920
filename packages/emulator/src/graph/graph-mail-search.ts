/**
 * KQL as Outlook's $search on messages understands it: words and "phrases" (matched on from, subject
 * and body, the default search properties), property restrictions (from:, to:, cc:, bcc:,
 * participants:, subject:, body:, importance:, hasAttachments:, received:/sent: with = < <= > >= on a
 * date), AND / OR / NOT (AND binds tighter; adjacent terms are ANDed) and parentheses. A word matches
 * when a word of the property starts with it, as the index's prefix matching does.
 */

export class KqlSyntaxError extends Error {}

type Node =
  | { kind: "term"; property: string | undefined; op: string; value: string }
  | { kind: "not"; node: Node }
  | { kind: "and" | "or"; nodes: Node[] };

const TOKEN = /\s*(\(|\)|"[^"]*"|[A-Za-z]+(?::|>=|<=|=|<|>)(?:"[^"]*"|[^\s()"]+)|[^\s()"]+)/y;

/** Parses the $search value (one quoted KQL string, or a bare word) into a message predicate. */
export function parseMailSearch(raw: string): (message: Record<string, unknown>) => boolean {
  const text = unquote(raw.trim());
  if (!text.trim()) throw new KqlSyntaxError("Syntax error: the $search query is empty.");
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (!match?.[1]) {
      if (text.slice(start).trim() === "") break;
      throw new KqlSyntaxError(`Syntax error: character '${text[start]}' is not valid at position ${start}.`);
    }
    tokens.push(match[1]);
  }
  let at = 0;
  const peek = () => tokens[at];
  const orExpr = (): Node => {
    const nodes = [andExpr()];
    while (peek() === "OR") {
      at += 1;
      nodes.push(andExpr());
    }
    return nodes.length === 1 ? (nodes[0] as Node) : { kind: "or", nodes };
  };
  const andExpr = (): Node => {
    const nodes = [unary()];
    for (;;) {
      const next = peek();
      if (next === undefined || next === ")" || next === "OR") break;
      if (next === "AND") at += 1;
      nodes.push(unary());
    }
    return nodes.length === 1 ? (nodes[0] as Node) : { kind: "and", nodes };
  };
  const unary = (): Node => {
    const token = tokens[at++];
    if (token === undefined || token === "AND" || token === "OR" || token === ")") {
      throw new KqlSyntaxError(`Syntax error: the $search query '${text}' is incomplete.`);
    }
    if (token === "NOT") return { kind: "not", node: unary() };
    if (token === "(") {
      const node = orExpr();
      if (tokens[at++] !== ")") throw new KqlSyntaxError("Syntax error: a ')' is missing.");
      return node;
    }
    const restriction = /^([A-Za-z]+)(:|>=|<=|=|<|>)(.+)$/.exec(token);
    if (restriction) {
      const [, property = "", op = ":", value = ""] = restriction;
      return { kind: "term", property: property.toLowerCase(), op, value: unquote(value).toLowerCase() };
    }
    return { kind: "term", property: undefined, op: ":", value: unquote(token).toLowerCase() };
  };
  const tree = orExpr();
  if (at < tokens.length) throw new KqlSyntaxError(`Syntax error: unexpected '${tokens[at]}'.`);
  return (message) => evaluate(tree, message);
}

function unquote(text: string): string {
  return text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : text;
}

function evaluate(node: Node, message: Record<string, unknown>): boolean {
  if (node.kind === "not") return !evaluate(node.node, message);
  if (node.kind === "term") return termMatches(node, message);
  if (node.kind === "and") return node.nodes.every((n) => evaluate(n, message));
  return node.nodes.some((n) => evaluate(n, message));
}

type Term = Extract<Node, { kind: "term" }>;

function termMatches(term: Term, m: Record<string, unknown>): boolean {
  const { property, op, value } = term;
  if (property === "received" || property === "sent") {
    const when = String(m[property === "received" ? "receivedDateTime" : "sentDateTime"] ?? "").slice(0, 10);
    const day = value.slice(0, 10);
    if (op === ">=") return when >= day;
    if (op === "<=") return when <= day;
    if (op === ">") return when > day;
    if (op === "<") return when < day;
    return when === day;
  }
  if (property === "hasattachments") return String(m.hasAttachments) === value;
  if (property === "importance") return String(m.importance) === value;
  const fields: Record<string, string[]> = {
    from: addresses(m.from),
    to: addresses(m.toRecipients),
    cc: addresses(m.ccRecipients),
    bcc: addresses(m.bccRecipients),
    subject: [String(m.subject ?? "")],
    body: [bodyText(m)],
  };
  fields.participants = [
    ...(fields.from ?? []),
    ...(fields.to ?? []),
    ...(fields.cc ?? []),
    ...(fields.bcc ?? []),
  ];
  const searched =
    property === undefined
      ? [...(fields.from ?? []), ...(fields.subject ?? []), ...(fields.body ?? [])]
      : (fields[property] ?? [`${property}:${value}`]);
  return searched.some((text) => containsPrefix(text, value));
}

function addresses(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((r) => {
    const email = (r as { emailAddress?: { name?: string; address?: string } }).emailAddress ?? {};
    return [email.name ?? "", email.address ?? ""];
  });
}

function bodyText(m: Record<string, unknown>): string {
  const body = m.body as { content?: string } | undefined;
  return (body?.content ?? "").replace(/<[^>]+>/g, " ");
}

/** Every word of the value is a prefix of a word of the text, in order (a phrase when there are several). */
function containsPrefix(text: string, value: string): boolean {
  const words = text
    .toLowerCase()
    .split(/[\s.,;:!?@_\-()<>"'/]+/)
    .filter(Boolean);
  const wanted = value.split(/[\s.,;:!?@_\-()<>"'/]+/).filter(Boolean);
  if (wanted.length === 0) return false;
  for (let i = 0; i + wanted.length <= words.length; i++) {
    if (wanted.every((w, j) => (words[i + j] ?? "").startsWith(w))) return true;
  }
  return false;
}
