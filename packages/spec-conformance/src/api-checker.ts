/** One API's spec behind one interface: the Graph CSDL, a swagger, or "no published spec". */
import type { AuthMode, OperationDescription } from "@entra-mcp/server-kit";
import type { CheckResult } from "./check-result.js";

/** What query() and headers() produced for one argument set. */
export interface RequestParts {
  label: string;
  /**
   * True when the args include generated placeholder values ("x"): names inside values ($select,
   * $orderby) are then not meaningful and only the parameter names are checked.
   */
  generated?: boolean;
  query: Record<string, string | number | boolean>;
  headers: Record<string, string>;
}

export interface ApiChecker {
  /** Method + path exist in the spec. */
  path(op: OperationDescription): CheckResult;
  /** Every query parameter and header the op can produce is valid there. */
  parameters(op: OperationDescription, parts: RequestParts[]): CheckResult;
  /** Every JSON body body() can produce uses only names the spec defines for the request. */
  requestBody(op: OperationDescription, bodies: { label: string; body: unknown }[]): CheckResult;
  /** The listed permissions exist with the right type, allow the call, least privileged first. */
  permissions(op: OperationDescription): CheckResult;
  /** True when the spec documents headers for any 2xx response of the operation (the header test runs then). */
  documentsHeaders?(op: OperationDescription): boolean;
  /** Headers the spec documents for this response that it lacks (none for specs without headers). */
  responseHeaders?(op: OperationDescription, status: number, headers: Headers): CheckResult;
  /**
   * The problems of a response body (property names the spec does not define for its type), or a
   * skip reason when the spec gives no type for it.
   */
  body(op: OperationDescription, status: number, body: unknown, mode: AuthMode): CheckResult;
}
