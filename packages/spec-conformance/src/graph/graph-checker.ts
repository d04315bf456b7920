/** The Graph v1.0 checker: paths and bodies against the CSDL, permissions against Microsoft's permission data. */
import type { AuthMode, OperationDescription } from "@entra-mcp/server-kit";
import type { ApiChecker, RequestParts } from "../api-checker.js";
import { fromProblems, pass, skip } from "../check-result.js";
import type { CsdlModel } from "./csdl-model.js";
import { graphBodyProblems, graphValueProblems } from "./graph-body.js";
import { type GraphTarget, methodProblem, resolveGraphPath } from "./graph-path.js";
import {
  type GraphPermissionIndex,
  type GraphScheme,
  isWriteName,
  leastOf,
  normalizeGraphPath,
} from "./graph-permissions.js";
import { graphQueryProblems } from "./graph-query.js";

const SCHEME: Record<AuthMode, GraphScheme> = { app: "Application", delegated: "DelegatedWork" };
const TYPE_NAME: Record<AuthMode, string> = {
  app: "application permission (app role)",
  delegated: "delegated permission (scope)",
};

export function graphChecker(model: CsdlModel, permissions: GraphPermissionIndex | undefined): ApiChecker {
  const targets = new Map<string, ReturnType<typeof resolveGraphPath>>();
  const resolve = (op: OperationDescription) => {
    let resolution = targets.get(op.path);
    if (!resolution) {
      resolution = resolveGraphPath(model, op.path);
      targets.set(op.path, resolution);
    }
    return resolution;
  };
  const targetOf = (op: OperationDescription): GraphTarget | undefined => {
    const r = resolve(op);
    return r.ok ? r.target : undefined;
  };

  return {
    path(op) {
      const r = resolve(op);
      if (!r.ok) return fromProblems([`${op.method} ${op.path}: ${r.problem} (Graph v1.0 CSDL)`]);
      const problem = methodProblem(r.target, op.method);
      return problem ? fromProblems([`${op.method} ${op.path}: ${problem}`]) : pass();
    },

    parameters(op, parts: RequestParts[]) {
      const target = targetOf(op);
      if (!target) return skip("the path is not in the spec (see the path check)");
      const last = op.path.split("/").filter(Boolean).pop() ?? "";
      return fromProblems(parts.flatMap((p) => graphQueryProblems(model, target, last, p)));
    },

    requestBody(op, bodies) {
      const target = targetOf(op);
      if (!target) return skip("the path is not in the spec (see the path check)");
      const problems: string[] = [];
      for (const { label, body } of bodies) {
        if (target.kind === "action" && target.operation) {
          // An action's body has one member per parameter, each of the parameter's type.
          const types = target.operation.parameterTypes;
          if (body === null || typeof body !== "object" || Array.isArray(body)) {
            problems.push(
              `${label}: an action's body is a JSON object of its parameters (${Object.keys(types).join(", ")})`,
            );
            continue;
          }
          for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
            // Graph reads action parameters ignoring case: the CSDL declares sendMail's as Message and
            // SaveToSentItems, the reference and every client send message and saveToSentItems.
            const type =
              types[name] ?? Object.entries(types).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
            if (!type)
              problems.push(
                `${label}: $.${name}: ${target.operation.name} has no parameter "${name}" (it has: ${Object.keys(types).join(", ")})`,
              );
            else
              problems.push(
                ...graphValueProblems(model, value, type, `$.${name}`).map((p) => `${label}: ${p}`),
              );
          }
        } else if (target.type && (target.kind === "entitySet" || target.kind === "entity")) {
          problems.push(...graphValueProblems(model, body, target.type, "$").map((p) => `${label}: ${p}`));
        } else if (target.kind === "batch") {
          return skip("a $batch body is OData's JSON batch format, not a CSDL type");
        }
      }
      return fromProblems(problems);
    },

    permissions(op) {
      if (!permissions) return skip("graph-permissions.json is not in the specs folder");
      const target = targetOf(op);
      if (target?.kind === "batch") {
        return skip(
          "$batch has no permission of its own: each inner request needs the permission of its own path",
        );
      }
      const problems: string[] = [];
      const notes: string[] = [];
      const modes = (Object.keys(op.permissions ?? {}) as AuthMode[]).filter(
        (m) => (op.permissions?.[m]?.length ?? 0) > 0,
      );
      const expected: AuthMode[] = op.mode ? [op.mode] : ["app", "delegated"];
      for (const mode of expected) {
        if (!modes.includes(mode))
          problems.push(`no ${mode} permissions listed (the tool runs in ${mode} mode)`);
      }
      if (op.mode) {
        for (const mode of modes) {
          if (mode !== op.mode)
            problems.push(`${mode} permissions listed, but the tool runs only in ${op.mode} mode`);
        }
      }
      for (const mode of modes) {
        const scheme = SCHEME[mode];
        const listed = op.permissions?.[mode] ?? [];
        const key = `${op.method} ${normalizeGraphPath(op.path)}`;
        let grants = permissions.byPath.get(key);
        // /me is /users/{signed-in user}: the reference lists some paths only under /users/{id}.
        if (!grants && key.includes(" /me/") && mode === "delegated") {
          grants = permissions.byPath.get(key.replace(" /me/", " /users/{id}/"));
          if (grants) notes.push(`${key} is listed in graph-permissions.json as /users/{id}/...`);
        }
        if (!grants) {
          problems.push(`${key}: no permissions entry in graph-permissions.json for this path and method`);
          continue;
        }
        const allowing = grants.filter((g) => g.schemes.includes(scheme));
        for (const name of listed) {
          const schemes = permissions.schemesOf.get(name);
          if (!schemes) {
            problems.push(`${mode}: ${name} is not a Microsoft Graph permission`);
            continue;
          }
          if (!schemes.includes(scheme)) {
            problems.push(
              `${mode}: ${name} is not an ${TYPE_NAME[mode]} (it exists as ${schemes.join(", ")})`,
            );
            continue;
          }
          const ids = permissions.ids.get(name);
          if (ids && !ids.some((i) => i.scheme === scheme)) {
            problems.push(`${mode}: ${name} has no ${scheme} ID in graph-provisioningInfo.json`);
          }
          if (!allowing.some((g) => g.permission === name)) {
            problems.push(`${mode}: ${name} does not allow ${key} (${scheme}) per graph-permissions.json`);
          }
        }
        const least = leastOf(allowing, scheme, key, permissions.ids.size > 0 ? permissions.ids : undefined);
        const first = listed[0];
        if (first && least.length > 0 && !least.includes(first)) {
          problems.push(
            `${mode}: the first permission must be the least-privileged one for ${key}: ${least.join(" or ")}, not ${first}${isWriteName(first) && !least.some(isWriteName) ? " (a write permission first where a read one is least)" : ""}`,
          );
        }
        if (least.length === 0)
          notes.push(`${mode}: graph-permissions.json marks no least-privileged permission for ${key}`);
      }
      return fromProblems(problems, notes);
    },

    body(op, status, body) {
      const target = targetOf(op);
      if (!target) return skip("the path is not in the spec (see the path check)");
      if (target.kind === "batch")
        return skip("a $batch response is OData's JSON batch format, not a CSDL type");
      if (status === 204 || body === undefined) {
        return target.type
          ? fromProblems([`status ${status} with no body, but the spec returns ${target.type}`])
          : pass();
      }
      if (!target.type || target.type.startsWith("Edm.")) return pass(["the target has no structured type"]);
      return fromProblems(graphBodyProblems(model, body, target.type, target.collection));
    },
  };
}
