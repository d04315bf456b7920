/** Small operations for the checker tests: only what the checks read. */
import type { HttpMethod, OperationDescription } from "@entra-mcp/server-kit";
import type { RequestParts } from "../src/api-checker.js";
import { specsLocation } from "../src/specs-dir.js";

export const specsPresent = specsLocation().present;

export function op(
  method: HttpMethod,
  path: string,
  extra: Partial<OperationDescription> = {},
): OperationDescription {
  return {
    name: "test_op",
    title: "Test",
    description: "A test operation",
    method,
    path,
    input: {},
    access: "read",
    ...extra,
  };
}

export const parts = (
  query: RequestParts["query"],
  headers: RequestParts["headers"] = {},
): RequestParts[] => [{ label: "test args", query, headers }];
