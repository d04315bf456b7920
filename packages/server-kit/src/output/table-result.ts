/**
 * Tabular results: an operation whose response is rows (a DAX query's) returns them as
 * {columns, rows} — column names once, each row an array — which costs a model a fraction of
 * the tokens of one object per row. The budget then cuts whole rows from the end, and the note
 * says how many were kept and which limit cut them.
 */
import { jsonBytes, type Measure } from "./fit-budget.js";

/** What an operation's `table` hook makes of a response body. */
export interface TableResult {
  columns: string[];
  rows: unknown[][];
  /** When the API itself returned fewer rows than asked (its own limits): why, for the note. */
  cutBy?: string;
  /** Other fields worth returning beside the table (e.g. the API's error for the cut). */
  extra?: Record<string, unknown>;
}

export interface FittedTable {
  data: Record<string, unknown>;
  note: string | undefined;
}

/** Keeps the leading rows that fit in `budget` bytes; `maxResultBytes` is what the note names. */
export function fitTable(
  table: TableResult,
  budget: number,
  maxResultBytes: number,
  sizeOf: Measure = jsonBytes,
): FittedTable {
  const total = table.rows.length;
  const base = { ...table.extra, columns: table.columns, rowCount: total };
  let used = sizeOf({ ...base, rows: [] });
  let kept = 0;
  for (; kept < total; kept++) {
    used += sizeOf(table.rows[kept]) + (kept > 0 ? 1 : 0);
    if (used > budget) break;
  }
  const notes: string[] = [];
  if (table.cutBy) notes.push(`the API cut the rows: ${table.cutBy}`);
  if (kept < total) {
    notes.push(
      `${kept} of ${total} rows returned: cut to fit the ${Math.round(maxResultBytes / 1024)} KB result budget (ENTRA_MCP_MAX_RESULT_BYTES)`,
    );
  }
  const note =
    notes.length > 0
      ? `${notes.join("; ")}. Narrow the query (fewer rows or columns) to see the rest.`.replace(/^./, (c) =>
          c.toUpperCase(),
        )
      : undefined;
  return { data: { ...base, rows: table.rows.slice(0, kept) }, note };
}
