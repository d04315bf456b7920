/** Which spec checks an API: Graph's CSDL, the Fabric or Power BI swaggers, or none (no published file). */
import type { ApiTarget } from "@entra-mcp/server-kit";
import type { ApiChecker } from "./api-checker.js";
import { graphModel } from "./graph/csdl-model.js";
import { graphChecker } from "./graph/graph-checker.js";
import { graphPermissionIndex } from "./graph/graph-permissions.js";
import { swaggerChecker } from "./swagger/swagger-checker.js";
import { FABRIC_FILES, loadSwaggerSet, POWERBI_FILES } from "./swagger/swagger-docs.js";

export type CheckerChoice = { checker: ApiChecker } | { uncovered: string };

const cache = new Map<string, CheckerChoice>();

export function checkerFor(target: ApiTarget): CheckerChoice {
  const key = `${target.resource}|${target.basePath}`;
  const known = cache.get(key);
  if (known) return known;
  let choice: CheckerChoice;
  const title = target.title ?? target.resource;
  if (target.resource === "graph") {
    const model = target.basePath === "/v1.0" ? graphModel() : undefined;
    choice = model
      ? { checker: graphChecker(model, graphPermissionIndex()) }
      : {
          uncovered: `not covered: no published spec file for ${title} ${target.basePath} (the specs hold Graph v1.0)`,
        };
  } else if (target.resource === "fabric" || target.resource === "powerbi") {
    const set =
      target.resource === "fabric"
        ? loadSwaggerSet("Fabric REST", FABRIC_FILES)
        : loadSwaggerSet("Power BI REST", POWERBI_FILES, { caseInsensitive: true });
    choice = set
      ? { checker: swaggerChecker({ set, prefix: target.basePath }) }
      : { uncovered: `not covered: the ${title} swagger is not in the specs folder` };
  } else {
    choice = { uncovered: `not covered: no published spec file for ${title}` };
  }
  cache.set(key, choice);
  return choice;
}
