/**
 * A small OData $filter parser and evaluator: comparisons (eq ne gt ge lt le), the string
 * functions startswith/endswith/contains, and/or/not and parentheses. Enough for what Graph,
 * Power BI and Dataverse clients send; each API then decides which properties and operators
 * it supports, because the real services differ there.
 */

export type Literal = string | number | boolean | null;
export type ComparisonOperator = "eq" | "ne" | "gt" | "ge" | "lt" | "le";
export type FilterFunction = "startswith" | "endswith" | "contains";

export type FilterExpression =
  | { kind: "compare"; op: ComparisonOperator; property: string; value: Literal }
  | { kind: "call"; fn: FilterFunction; property: string; value: string }
  | { kind: "and" | "or"; left: FilterExpression; right: FilterExpression }
  | { kind: "not"; operand: FilterExpression };

/** A syntax error; the message names the position like the services' own parse errors. */
export class ODataSyntaxError extends Error {}

const COMPARISONS = new Set(["eq", "ne", "gt", "ge", "lt", "le"]);
const FUNCTIONS = new Set(["startswith", "endswith", "contains"]);

type Token =
  | { type: "ident"; text: string; pos: number }
  | { type: "string"; text: string; pos: number }
  | { type: "literal"; value: Literal; pos: number }
  | { type: "punct"; text: "(" | ")" | ","; pos: number };

// GUIDs and date-times appear unquoted in OData URLs (Dataverse ids, Graph createdDateTime filters).
const BARE_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const BARE_DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?/;

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i] as string;
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    if (ch === "(" || ch === ")" || ch === ",") {
      tokens.push({ type: "punct", text: ch, pos: i });
      i += 1;
      continue;
    }
    if (ch === "'") {
      let text = "";
      let j = i + 1;
      for (;;) {
        if (j >= input.length) throw new ODataSyntaxError(`Unterminated string literal at position ${i}.`);
        if (input[j] === "'") {
          if (input[j + 1] === "'") {
            text += "'";
            j += 2;
            continue;
          }
          break;
        }
        text += input[j];
        j += 1;
      }
      tokens.push({ type: "string", text, pos: i });
      i = j + 1;
      continue;
    }
    const rest = input.slice(i);
    const bare = BARE_GUID.exec(rest) ?? BARE_DATE.exec(rest);
    if (bare) {
      tokens.push({ type: "string", text: bare[0], pos: i });
      i += bare[0].length;
      continue;
    }
    const number = /^-?\d+(\.\d+)?/.exec(rest);
    if (number) {
      tokens.push({ type: "literal", value: Number(number[0]), pos: i });
      i += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_$@][\w$@./]*/.exec(rest);
    if (!word) throw new ODataSyntaxError(`Syntax error: character '${ch}' is not valid at position ${i}.`);
    const text = word[0];
    if (text === "true" || text === "false") tokens.push({ type: "literal", value: text === "true", pos: i });
    else if (text === "null") tokens.push({ type: "literal", value: null, pos: i });
    else tokens.push({ type: "ident", text, pos: i });
    i += text.length;
  }
  return tokens;
}

/** Parses a $filter value; throws ODataSyntaxError. */
export function parseFilter(input: string): FilterExpression {
  const tokens = tokenize(input);
  let index = 0;
  const peek = () => tokens[index];
  const fail = (what: string): never => {
    const token = peek();
    const at = token ? `position ${token.pos}` : "the end of the expression";
    throw new ODataSyntaxError(`Syntax error: expected ${what} at ${at} in '${input}'.`);
  };
  const isKeyword = (word: string) => {
    const t = peek();
    return t?.type === "ident" && t.text.toLowerCase() === word;
  };

  const parseOr = (): FilterExpression => {
    let left = parseAnd();
    while (isKeyword("or")) {
      index += 1;
      left = { kind: "or", left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): FilterExpression => {
    let left = parseUnary();
    while (isKeyword("and")) {
      index += 1;
      left = { kind: "and", left, right: parseUnary() };
    }
    return left;
  };
  const parseUnary = (): FilterExpression => {
    if (isKeyword("not")) {
      index += 1;
      return { kind: "not", operand: parseUnary() };
    }
    const t = peek();
    if (t?.type === "punct" && t.text === "(") {
      index += 1;
      const inner = parseOr();
      expectPunct(")");
      return inner;
    }
    return parsePrimary();
  };
  const expectPunct = (text: "(" | ")" | ",") => {
    const t = peek();
    if (t?.type !== "punct" || t.text !== text) fail(`'${text}'`);
    index += 1;
  };
  const parseLiteral = (): Literal => {
    const t = peek();
    if (t?.type === "string") {
      index += 1;
      return t.text;
    }
    if (t?.type === "literal") {
      index += 1;
      return t.value;
    }
    return fail("a literal value");
  };
  const parsePrimary = (): FilterExpression => {
    const t = peek();
    if (t?.type !== "ident") return fail("a property name or function");
    index += 1;
    const next = peek();
    if (next?.type === "punct" && next.text === "(") {
      const fn = t.text.toLowerCase();
      if (!FUNCTIONS.has(fn)) {
        throw new ODataSyntaxError(`An unknown function with name '${t.text}' was found.`);
      }
      index += 1;
      const property = peek();
      if (property?.type !== "ident") return fail("a property name");
      index += 1;
      expectPunct(",");
      const value = parseLiteral();
      if (typeof value !== "string") return fail("a string literal");
      expectPunct(")");
      return { kind: "call", fn: fn as FilterFunction, property: property.text, value };
    }
    const op = peek();
    if (op?.type !== "ident" || !COMPARISONS.has(op.text.toLowerCase())) return fail("a comparison operator");
    index += 1;
    return {
      kind: "compare",
      op: op.text.toLowerCase() as ComparisonOperator,
      property: t.text,
      value: parseLiteral(),
    };
  };

  if (tokens.length === 0) throw new ODataSyntaxError("The $filter expression is empty.");
  const expression = parseOr();
  if (index < tokens.length) fail("the end of the expression");
  return expression;
}

/** Every (property, operator-or-function) pair the expression uses, for per-API support checks. */
export function filterTerms(expression: FilterExpression): { property: string; operator: string }[] {
  switch (expression.kind) {
    case "compare":
      return [{ property: expression.property, operator: expression.op }];
    case "call":
      return [{ property: expression.property, operator: expression.fn }];
    case "not":
      return filterTerms(expression.operand);
    default:
      return [...filterTerms(expression.left), ...filterTerms(expression.right)];
  }
}

/** True when the expression negates anything (`not ...`), which the directory treats as an advanced query. */
export function usesNot(expression: FilterExpression): boolean {
  switch (expression.kind) {
    case "not":
      return true;
    case "and":
    case "or":
      return usesNot(expression.left) || usesNot(expression.right);
    default:
      return false;
  }
}

/** Reads a property path ("status/errorCode") from a JSON-like record. */
export function readPath(record: Record<string, unknown>, path: string): unknown {
  let value: unknown = record;
  for (const segment of path.split("/")) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

/**
 * Evaluates the expression against a record. String comparisons ignore case, as both the
 * directory (Graph) and Dataverse's SQL collation do.
 */
export function matchesFilter(
  expression: FilterExpression,
  record: Record<string, unknown>,
  read: (record: Record<string, unknown>, property: string) => unknown = readPath,
): boolean {
  switch (expression.kind) {
    case "and":
      return matchesFilter(expression.left, record, read) && matchesFilter(expression.right, record, read);
    case "or":
      return matchesFilter(expression.left, record, read) || matchesFilter(expression.right, record, read);
    case "not":
      return !matchesFilter(expression.operand, record, read);
    case "call": {
      const value = read(record, expression.property);
      if (typeof value !== "string") return false;
      const haystack = value.toLowerCase();
      const needle = expression.value.toLowerCase();
      if (expression.fn === "startswith") return haystack.startsWith(needle);
      if (expression.fn === "endswith") return haystack.endsWith(needle);
      return haystack.includes(needle);
    }
    case "compare":
      return compare(read(record, expression.property), expression.op, expression.value);
  }
}

function compare(actual: unknown, op: ComparisonOperator, expected: Literal): boolean {
  if (expected === null || actual === null || actual === undefined) {
    const equal = (actual ?? null) === expected;
    return op === "eq" ? equal : op === "ne" ? !equal : false;
  }
  const order = orderOf(actual, expected);
  if (order === undefined) return op === "ne";
  switch (op) {
    case "eq":
      return order === 0;
    case "ne":
      return order !== 0;
    case "gt":
      return order > 0;
    case "ge":
      return order >= 0;
    case "lt":
      return order < 0;
    case "le":
      return order <= 0;
  }
}

/** Orders two values of compatible types; undefined when they cannot be compared. */
export function orderOf(a: unknown, b: unknown): number | undefined {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  if (typeof a === "string" && typeof b === "string") {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === "number" && typeof b === "string" && b.trim() !== "" && !Number.isNaN(Number(b))) {
    return a - Number(b);
  }
  return undefined;
}
