/** A swagger-described API (Fabric, Power BI): paths, parameters, documented scopes and response schemas. */
import type { AuthMode, OperationDescription } from "@entra-mcp/server-kit";
import type { ApiChecker, RequestParts } from "../api-checker.js";
import { fromProblems, pass, skip } from "../check-result.js";
import { swaggerBodyProblems } from "./swagger-body.js";
import { deref, type Json, type SwaggerDoc, type SwaggerSet } from "./swagger-docs.js";
import { documentedScopes, scopeRank } from "./swagger-scopes.js";

interface Found {
  doc: SwaggerDoc;
  template: string;
  operation: Json;
  pathItem: Json;
}

const segments = (path: string) => path.split("/").filter(Boolean);
const placeholder = (segment: string) => /^\{[^}]+\}$/.test(segment);

/** The swagger operation for `fullPath` (endpoint path + API base path + op path) and `method`. */
function findOperation(set: SwaggerSet, fullPath: string, method: string): Found | { problem: string } {
  const wanted = segments(fullPath);
  let pathOnly: string | undefined;
  let best: { found: Found; literals: number } | undefined;
  for (const doc of set.apis) {
    const base = String(doc.json.basePath ?? "");
    for (const [template, item] of Object.entries(doc.json.paths as Record<string, Json>)) {
      const have = segments(`${base}${template}`);
      if (have.length !== wanted.length) continue;
      const same = have.every((segment, i) => {
        const other = wanted[i] as string;
        return placeholder(segment)
          ? true
          : !placeholder(other) && segment.toLowerCase() === other.toLowerCase();
      });
      if (!same) continue;
      const operation = item[method.toLowerCase()] as Json | undefined;
      if (!operation) {
        pathOnly = `${base}${template} (methods: ${Object.keys(item)
          .filter((k) => k !== "parameters")
          .map((k) => k.toUpperCase())
          .join(", ")})`;
        continue;
      }
      // /items/getDefinition-style literal templates win over /items/{itemId} when both match.
      const literals = have.filter((segment) => !placeholder(segment)).length;
      if (!best || literals > best.literals) {
        best = { found: { doc, template: `${base}${template}`, operation, pathItem: item }, literals };
      }
    }
  }
  if (best) return best.found;
  return {
    problem: pathOnly
      ? `${method} is not an operation of ${pathOnly} in the ${set.title} spec`
      : `${method} ${fullPath} is not a path of the ${set.title} spec`,
  };
}

/** Query and header parameters of the operation (path-level ones too), $refs followed. */
function parametersOf(set: SwaggerSet, found: Found): Json[] {
  const all = [
    ...((found.pathItem.parameters as Json[]) ?? []),
    ...((found.operation.parameters as Json[]) ?? []),
  ];
  return all.flatMap((p) => {
    const r = deref(set, found.doc, p);
    return "missing" in r ? [] : [r.schema];
  });
}

function valueProblem(parameter: Json, value: string | number | boolean): string | undefined {
  const text = String(value);
  const allowed = parameter.enum as unknown[] | undefined;
  if (allowed && !allowed.map(String).includes(text)) return `"${text}" is not one of ${allowed.join(", ")}`;
  if (parameter.type === "integer" && !/^-?\d+$/.test(text)) return `"${text}" is not an integer`;
  if (parameter.type === "boolean" && text !== "true" && text !== "false")
    return `"${text}" is not a boolean`;
  const n = Number(text);
  if (parameter.type === "integer" && typeof parameter.maximum === "number" && n > parameter.maximum)
    return `${text} is above the maximum ${parameter.maximum}`;
  if (parameter.type === "integer" && typeof parameter.minimum === "number" && n < parameter.minimum)
    return `${text} is below the minimum ${parameter.minimum}`;
  return undefined;
}

export interface SwaggerApi {
  set: SwaggerSet;
  /** endpoint path + ApiTarget.basePath, e.g. "/v1" or "/v1.0/myorg". */
  prefix: string;
}

export function swaggerChecker({ set, prefix }: SwaggerApi): ApiChecker {
  const find = (op: OperationDescription) => findOperation(set, `${prefix}${op.path}`, op.method);
  return {
    path(op) {
      const found = find(op);
      return "problem" in found
        ? fromProblems([found.problem])
        : pass([`${found.template} in ${found.doc.source}`]);
    },

    parameters(op, parts: RequestParts[]) {
      const found = find(op);
      if ("problem" in found) return skip("the path is not in the spec (see the path check)");
      const params = parametersOf(set, found);
      const problems: string[] = [];
      for (const part of parts) {
        for (const [name, value] of Object.entries(part.query)) {
          const p = params.find((x) => x.in === "query" && x.name === name);
          if (!p) {
            const valid = params.filter((x) => x.in === "query").map((x) => x.name);
            problems.push(
              `${part.label}: query parameter "${name}" is not defined for ${op.method} ${found.template} (defined: ${valid.join(", ") || "none"})`,
            );
            continue;
          }
          const bad = valueProblem(p, value);
          if (bad) problems.push(`${part.label}: ${name}=${bad}`);
        }
        for (const name of Object.keys(part.headers)) {
          if (!params.some((x) => x.in === "header" && String(x.name).toLowerCase() === name.toLowerCase())) {
            problems.push(`${part.label}: header ${name} is not defined for ${op.method} ${found.template}`);
          }
        }
      }
      return fromProblems(problems);
    },

    requestBody(op, bodies) {
      const found = find(op);
      if ("problem" in found) return skip("the path is not in the spec (see the path check)");
      const parameter = parametersOf(set, found).find((p) => p.in === "body");
      const problems: string[] = [];
      for (const { label, body } of bodies) {
        if (!parameter) {
          problems.push(`${label}: ${op.method} ${found.template} takes no request body`);
          continue;
        }
        const schema = parameter.schema as Json | undefined;
        if (!schema) continue;
        const top = deref(set, found.doc, schema);
        if ("missing" in top) return skip(`the request schema is in ${top.missing}`);
        problems.push(
          ...swaggerBodyProblems(set, found.doc, schema, body).problems.map((p) => `${label}: ${p}`),
        );
      }
      return fromProblems(problems);
    },

    permissions(op) {
      const found = find(op);
      if ("problem" in found) return skip("the path is not in the spec (see the path check)");
      const documented = documentedScopes(String(found.operation.description ?? ""));
      const problems: string[] = [];
      const notes: string[] = [];
      if (!documented.heading)
        return skip(`${op.method} ${found.template}: the spec documents no required scopes`);
      const allows = (name: string) =>
        documented.scopes.includes(name) ||
        documented.itemTypeSuffixes.some((suffix) => name.endsWith(suffix) && name.split(".").length === 3);
      // Fabric documents delegated scopes only: a service principal's access comes from workspace
      // roles and tenant settings. Power BI's "Required Scope" names the scope either way.
      for (const name of op.permissions?.app ?? []) {
        if (/Delegated/i.test(documented.heading)) {
          problems.push(
            `app: ${name}: ${op.method} ${found.template} documents delegated scopes only (${documented.heading}); a service principal needs workspace roles or tenant settings, not app permissions`,
          );
        } else if (!allows(name)) {
          problems.push(
            `app: ${name} is not among the scopes the spec lists for ${op.method} ${found.template}`,
          );
        }
      }
      if (documented.servicePrincipal === false && op.mode !== "delegated") {
        problems.push(
          `${op.method} ${found.template}: the spec's identities table says service principals are not supported; set mode: "delegated"`,
        );
      }
      const delegated = op.permissions?.delegated ?? [];
      if (delegated.length === 0)
        problems.push(
          `no delegated permissions listed (${documented.heading}: ${documented.scopes.join(" or ")})`,
        );
      for (const name of delegated) {
        if (!allows(name)) {
          problems.push(
            `delegated: ${name} is not among the scopes the spec lists for ${op.method} ${found.template} (${documented.heading}: ${[...documented.scopes, ...documented.itemTypeSuffixes.map((s) => `<itemType>${s}`)].join(", ")})`,
          );
        }
      }
      const first = delegated[0];
      const lowest = Math.min(...documented.scopes.map(scopeRank));
      if (first && allows(first) && scopeRank(first) > lowest) {
        const least = documented.scopes.filter((s) => scopeRank(s) === lowest);
        problems.push(
          `delegated: the first permission must be the least-privileged documented scope (${least.join(" or ")}), not ${first}: read before write`,
        );
      }
      return fromProblems(problems, notes);
    },

    documentsHeaders(op) {
      const found = find(op);
      if ("problem" in found) return false;
      const responses = (found.operation.responses as Record<string, Json> | undefined) ?? {};
      return Object.entries(responses).some(([code, r]) => /^2/.test(code) && r.headers !== undefined);
    },

    responseHeaders(op, status, headers) {
      const found = find(op);
      if ("problem" in found) return skip("the path is not in the spec (see the path check)");
      const response = (found.operation.responses as Record<string, Json> | undefined)?.[String(status)];
      const documented = Object.entries((response?.headers as Record<string, Json> | undefined) ?? {});
      if (documented.length === 0) return skip(`the spec documents no headers for ${status}`);
      // "This would be returned only if ..." marks a header the service sends only sometimes.
      const always = documented.filter(
        ([, h]) => !/\bonly (if|when)\b|\bif (any|the)\b|\bmay\b/i.test(String(h.description ?? "")),
      );
      const missing = always.map(([name]) => name).filter((name) => !headers.has(name));
      return fromProblems(
        missing.map(
          (name) =>
            `${status} lacks the ${name} header the spec documents for ${op.method} ${found.template}`,
        ),
        documented.length > always.length ? ["conditional headers not required"] : [],
      );
    },

    body(op, status, body, _mode: AuthMode) {
      const found = find(op);
      if ("problem" in found) return skip("the path is not in the spec (see the path check)");
      const responses = (found.operation.responses as Record<string, Json> | undefined) ?? {};
      const response = responses[String(status)];
      if (!response) {
        const documented = Object.keys(responses).filter((code) => /^2/.test(code));
        return fromProblems([
          `status ${status} is not a documented response of ${op.method} ${found.template} (documented: ${documented.join(", ")})`,
        ]);
      }
      const schema = response.schema as Json | undefined;
      if (!schema) {
        return body === undefined
          ? pass()
          : fromProblems([`the spec documents no body for ${status}, but one came back`]);
      }
      if (body === undefined)
        return fromProblems([`status ${status} with no body, but the spec documents one`]);
      const top = deref(set, found.doc, schema);
      if ("missing" in top) return skip(`the response schema is in ${top.missing}`);
      const { problems, unresolved } = swaggerBodyProblems(set, found.doc, schema, body);
      return fromProblems(
        problems,
        unresolved.map((u) => `not checked: ${u}`),
      );
    },
  };
}
