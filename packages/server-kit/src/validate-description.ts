/**
 * Catches description mistakes when the server is built (not on the first call): unknown APIs,
 * duplicate or reserved tool names, path parameters without an input.
 */
import type { ApiDescription } from "./api-description.js";
import { BATCH_TOOL, batchApi } from "./batch/batch-support.js";

const RESERVED = new Set(["request", "auth_status"]);
const TOOL_NAME = /^[a-z][a-z0-9_]{0,63}$/;

// Descriptions are data built once per process; hosted mode builds a server per request, and checking
// the same description again each time cost ~0.2 ms a request (CPU profile of graph --http).
const valid = new WeakSet<ApiDescription>();

/** Throws an Error naming every problem, e.g. `operations[2].path: {groupId} has no input`. */
export function validateDescription(description: ApiDescription): void {
  if (valid.has(description)) return;
  const problems: string[] = [];
  const apis = description.apis;
  if (!apis[description.defaultApi]) problems.push(`defaultApi: "${description.defaultApi}" is not in apis`);
  for (const [key, target] of Object.entries(apis)) {
    if (target.discovery) {
      const source = apis[target.discovery.api];
      if (!source || source.dynamic)
        problems.push(`apis.${key}.discovery.api: "${target.discovery.api}" must be a fixed API`);
    }
  }
  const names = new Set<string>();
  description.operations.forEach((op, index) => {
    const at = `operations[${index}] (${op.name})`;
    if (!TOOL_NAME.test(op.name)) problems.push(`${at}.name: use snake_case letters, digits and _`);
    if (RESERVED.has(op.name)) problems.push(`${at}.name: "${op.name}" is a built-in tool`);
    if (names.has(op.name)) problems.push(`${at}.name: duplicate`);
    names.add(op.name);
    if (op.api && !apis[op.api]) problems.push(`${at}.api: "${op.api}" is not in apis`);
    if (!op.path.startsWith("/")) problems.push(`${at}.path: must start with "/"`);
    for (const match of op.path.matchAll(/\{([A-Za-z0-9_]+)\}/g)) {
      const param = match[1] as string;
      if (!(param in op.input)) problems.push(`${at}.path: {${param}} has no input of that name`);
    }
    for (const [arg, lookup] of Object.entries(op.lookups ?? {})) {
      if (!(arg in op.input)) problems.push(`${at}.lookups.${arg}: no input of that name`);
      if (lookup.api && !apis[lookup.api])
        problems.push(`${at}.lookups.${arg}.api: "${lookup.api}" is not in apis`);
    }
    for (const preset of op.presets ?? []) {
      if (!description.presets?.[preset])
        problems.push(`${at}.presets: "${preset}" is not in the description's presets`);
    }
    if (op.paging && "cursor" in op.input) problems.push(`${at}.input.cursor: reserved for paged operations`);
    const dynamic = apis[op.api ?? description.defaultApi]?.dynamic === "environment-url";
    if (dynamic && "environment" in op.input) {
      problems.push(`${at}.input.environment: reserved for environment-url APIs (server-kit adds it)`);
    }
  });
  (description.apps ?? []).forEach((app, index) => {
    const at = `apps[${index}]`;
    if (!app.uri.startsWith("ui://")) problems.push(`${at}.uri: must start with "ui://"`);
    app.tools.forEach((tool, toolIndex) => {
      const toolAt = `${at}.tools[${toolIndex}] (${tool.name})`;
      if (!TOOL_NAME.test(tool.name)) problems.push(`${toolAt}.name: use snake_case letters, digits and _`);
      if (RESERVED.has(tool.name)) problems.push(`${toolAt}.name: "${tool.name}" is a built-in tool`);
      if (names.has(tool.name)) problems.push(`${toolAt}.name: duplicate`);
      names.add(tool.name);
      if (tool.visibility.length === 0) problems.push(`${toolAt}.visibility: name "model", "app" or both`);
    });
  });
  const batch = batchApi(description);
  if (batch && names.has(BATCH_TOOL))
    problems.push(`apis.${batch.key}.batch: "${BATCH_TOOL}" is also a tool name`);
  for (const preset of batch?.batch.presets ?? []) {
    if (!description.presets?.[preset])
      problems.push(`apis.${batch?.key}.batch.presets: "${preset}" is not in the description's presets`);
  }
  for (const preset of Object.keys(description.presets ?? {})) {
    if (preset === "default" || preset === "all")
      problems.push(`presets.${preset}: built in, pick another name`);
    if (names.has(preset) || RESERVED.has(preset)) problems.push(`presets.${preset}: also a tool name`);
  }
  if (problems.length > 0) {
    throw new Error(
      `createEntraMcpServer: invalid description "${description.name}": ${problems.join("; ")}.`,
    );
  }
  valid.add(description);
}
