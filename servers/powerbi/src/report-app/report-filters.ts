/**
 * Report filters the model may pass to show_report, validated before anything is embedded: the shapes
 * of powerbi-client's models.IBasicFilter and models.IAdvancedFilter (column targets only). filterType
 * follows from $schema, so the view hands powerbi-client exactly what it expects.
 */
import { z } from "zod";

const BASIC_SCHEMA = "http://powerbi.com/product/schema#basic";
const ADVANCED_SCHEMA = "http://powerbi.com/product/schema#advanced";
// powerbi-models FilterType: Advanced = 0, Basic = 1.
const FILTER_TYPE = { basic: 1, advanced: 0 } as const;

const name = z.string().min(1).max(256);
const value = z.union([z.string().max(1000), z.number(), z.boolean()]);
const target = z
  .strictObject({ table: name, column: name })
  .describe("The column filtered: table and column name");

const basicFilter = z.strictObject({
  $schema: z.literal(BASIC_SCHEMA),
  target,
  operator: z.enum(["In", "NotIn", "All"]),
  values: z.array(value).max(1000),
  requireSingleSelection: z.boolean().optional(),
  filterType: z.literal(FILTER_TYPE.basic).optional(),
});

const advancedFilter = z.strictObject({
  $schema: z.literal(ADVANCED_SCHEMA),
  target,
  logicalOperator: z.enum(["And", "Or"]),
  conditions: z
    .array(
      z.strictObject({
        operator: z.enum([
          "None",
          "LessThan",
          "LessThanOrEqual",
          "GreaterThan",
          "GreaterThanOrEqual",
          "Contains",
          "DoesNotContain",
          "StartsWith",
          "DoesNotStartWith",
          "Is",
          "IsNot",
          "IsBlank",
          "IsNotBlank",
          "IsEmptyString",
          "IsNotEmptyString",
        ]),
        value: value.optional(),
      }),
    )
    .min(1)
    .max(2),
  filterType: z.literal(FILTER_TYPE.advanced).optional(),
});

/** show_report's `filters` argument. */
export const reportFilters = z
  .array(z.discriminatedUnion("$schema", [basicFilter, advancedFilter]))
  .max(20)
  .optional()
  .describe(
    `Report filters (powerbi-client models): basic {"$schema":"${BASIC_SCHEMA}","target":{"table","column"},"operator":"In"|"NotIn"|"All","values":[...]} or advanced {"$schema":"${ADVANCED_SCHEMA}","target":{...},"logicalOperator":"And"|"Or","conditions":[{"operator":"GreaterThan","value":100}]}`,
  );

export type ReportFilter = z.infer<typeof basicFilter> | z.infer<typeof advancedFilter>;

/** The filters as powerbi-client takes them (filterType set from $schema). */
export function embedFilters(filters: ReportFilter[] | undefined): Record<string, unknown>[] {
  return (filters ?? []).map((filter) => ({
    ...filter,
    filterType: filter.$schema === BASIC_SCHEMA ? FILTER_TYPE.basic : FILTER_TYPE.advanced,
  }));
}
