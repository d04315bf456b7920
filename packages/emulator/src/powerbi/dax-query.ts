import { orderOf } from "../odata/filter-expression.js";
import type { CellValue, SemanticTable } from "../workspaces/workspace-types.js";

/**
 * The DAX the emulator answers: `EVALUATE 'Table'` and `EVALUATE TOPN(n, 'Table'[, 'Table'[Col][,
 * ASC|DESC]])`. Anything else fails the way Analysis Services reports errors: a message with
 * the (line, column) position, which Power BI wraps in DatasetExecuteQueriesError.
 */

export class DaxError extends Error {
  constructor(
    message: string,
    /** Analysis Services error code Power BI passes on as AnalysisServicesErrorCode. */
    readonly analysisServicesCode: string,
  ) {
    super(message);
  }
}

const SYNTAX_ERROR = "3238002695";
const NAME_ERROR = "3239837702";

/** Evaluates a query and returns rows keyed "Table[Column]", as executeQueries serializes them. */
export function evaluateDax(query: string, tables: SemanticTable[]): Record<string, CellValue>[] {
  const text = query.trim().replace(/;\s*$/, "");
  const evaluate = /^EVALUATE\b\s*/i.exec(text);
  if (!evaluate) {
    const first = /^\S+/.exec(text)?.[0] ?? "";
    throw new DaxError(
      `Query (1, 1) The syntax for '${first}' is incorrect. (${text.slice(0, 60)}).`,
      SYNTAX_ERROR,
    );
  }
  const bodyColumn = evaluate[0].length + 1;
  const body = text.slice(evaluate[0].length).trim();

  const tableOnly = /^(?:'([^']+)'|([A-Za-z_][\w]*))$/.exec(body);
  if (tableOnly) return serialize(findTable(tables, tableOnly[1] ?? tableOnly[2] ?? "", bodyColumn));

  const call = /^([A-Za-z_][\w.]*)\s*\(/.exec(body);
  if (!call?.[1]) {
    throw new DaxError(
      `Query (1, ${bodyColumn}) The syntax for '${body.slice(0, 20)}' is incorrect.`,
      SYNTAX_ERROR,
    );
  }
  if (call[1].toUpperCase() !== "TOPN") {
    throw new DaxError(
      `Query (1, ${bodyColumn}) Failed to resolve name '${call[1]}'. It is not a valid table, variable, or function name.`,
      NAME_ERROR,
    );
  }
  const topn =
    /^TOPN\s*\(\s*(\d+)\s*,\s*(?:'([^']+)'|([A-Za-z_]\w*))\s*(?:,\s*(?:'([^']+)'|([A-Za-z_]\w*))?\[([^\]]+)\]\s*(?:,\s*(ASC|DESC|0|1)\s*)?)?\)$/i.exec(
      body,
    );
  if (!topn) {
    throw new DaxError(
      `Query (1, ${bodyColumn}) The syntax for 'TOPN' is incorrect. The emulator supports TOPN(n, 'Table'[, 'Table'[Column][, ASC|DESC]]).`,
      SYNTAX_ERROR,
    );
  }
  const n = Number(topn[1]);
  const table = findTable(tables, topn[2] ?? topn[3] ?? "", bodyColumn);
  let rows = table.rows;
  const orderColumn = topn[6];
  if (orderColumn !== undefined) {
    const orderTable = topn[4] ?? topn[5] ?? table.name;
    if (orderTable.toLowerCase() !== table.name.toLowerCase() || !columnOf(table, orderColumn)) {
      throw new DaxError(
        `Query (1, ${bodyColumn}) Column '${orderColumn}' in table '${orderTable}' cannot be found or may not be used in this expression.`,
        NAME_ERROR,
      );
    }
    const column = columnOf(table, orderColumn) as string;
    // DAX's TOPN orders descending unless told ASC (or 1).
    const ascending = /^(ASC|1)$/i.test(topn[7] ?? "DESC");
    rows = [...rows].sort((a, b) => {
      const order = orderOf(a[column], b[column]) ?? 0;
      return ascending ? order : -order;
    });
  }
  return serialize({ ...table, rows: rows.slice(0, n) });
}

function findTable(tables: SemanticTable[], name: string, column: number): SemanticTable {
  const table = tables.find((t) => t.name.toLowerCase() === name.toLowerCase());
  if (!table) throw new DaxError(`Query (1, ${column}) Cannot find table '${name}'.`, NAME_ERROR);
  return table;
}

const columnOf = (table: SemanticTable, name: string) =>
  table.columns.find((c) => c.toLowerCase() === name.toLowerCase());

function serialize(table: SemanticTable): Record<string, CellValue>[] {
  return table.rows.map((row) => {
    const out: Record<string, CellValue> = {};
    for (const column of table.columns) out[`${table.name}[${column}]`] = row[column] ?? null;
    return out;
  });
}
