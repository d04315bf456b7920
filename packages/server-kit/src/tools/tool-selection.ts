/**
 * Which tools a server registers, from ENTRA_MCP_TOOLS: tool names and preset names, comma-separated.
 *
 * - unset or "default": the default list, i.e. every tool without `presets`, app tools and the kit tools
 *   (request, auth_status). It is what fits the tools/list budget.
 * - a preset name (declared in ApiDescription.presets, e.g. "admin"): the default list plus that preset's
 *   tools, so an admin keeps the everyday tools.
 * - "all": every tool.
 * - tool names: exactly those tools (plus whatever presets are also named).
 * Write tools still need ENTRA_MCP_ALLOW_WRITES=true; unknown names are reported, not fatal, so a typo
 * in a client config does not stop the server.
 */
import type { ApiDescription } from "../api-description.js";
import { appToolNames } from "../apps/register-apps.js";
import { BATCH_TOOL, batchToolPresets } from "../batch/batch-support.js";
import { AUTH_STATUS_TOOL } from "./auth-status-tool.js";
import { REQUEST_TOOL } from "./request-tool.js";

export const DEFAULT_PRESET = "default";
export const ALL_PRESET = "all";
const KIT_TOOLS = [REQUEST_TOOL, AUTH_STATUS_TOOL];

export interface ToolSelection {
  /** Whether the tool `name` is registered (before the writes switch). */
  includes(name: string): boolean;
  /** Whether ENTRA_MCP_TOOLS named the tool itself (then a skipped write deserves a warning). */
  named(name: string): boolean;
  /** Settings mistakes to report once (unknown names). */
  warnings: string[];
}

/** The tools of each preset, "default" and "all" included (for the selection and the README sizes). */
export function presetTools(description: ApiDescription): Map<string, string[]> {
  // The batch tool (an API with `batch`) sits with the operations: default list unless in presets.
  const batch = batchToolPresets(description);
  const defaults = [
    ...description.operations.filter((op) => !op.presets?.length).map((op) => op.name),
    ...appToolNames(description.apps),
    ...KIT_TOOLS,
    ...(batch && batch.length === 0 ? [BATCH_TOOL] : []),
  ];
  const presets = new Map<string, string[]>([[DEFAULT_PRESET, defaults]]);
  for (const preset of Object.keys(description.presets ?? {})) {
    const extra = description.operations.filter((op) => op.presets?.includes(preset)).map((op) => op.name);
    if (batch?.includes(preset)) extra.push(BATCH_TOOL);
    presets.set(preset, [...defaults, ...extra]);
  }
  presets.set(ALL_PRESET, [
    ...description.operations.map((op) => op.name),
    ...appToolNames(description.apps),
    ...KIT_TOOLS,
    ...(batch ? [BATCH_TOOL] : []),
  ]);
  return presets;
}

// Hosted mode builds a server per request; the same description and ENTRA_MCP_TOOLS give the same
// selection, so it is worked out once (it was ~0.05 ms a request).
const selections = new WeakMap<ApiDescription, Map<string, ToolSelection>>();

/** Reads `requested` (ENTRA_MCP_TOOLS split on commas; undefined when unset) against `description`. */
export function selectTools(description: ApiDescription, requested: string[] | undefined): ToolSelection {
  const key = (requested ?? []).join(",");
  let known = selections.get(description);
  if (!known) {
    known = new Map();
    selections.set(description, known);
  }
  let selection = known.get(key);
  if (!selection) {
    selection = workOutSelection(description, requested);
    known.set(key, selection);
  }
  return selection;
}

function workOutSelection(description: ApiDescription, requested: string[] | undefined): ToolSelection {
  const presets = presetTools(description);
  const tools = new Set(presets.get(ALL_PRESET));
  const entries = requested && requested.length > 0 ? requested : [DEFAULT_PRESET];
  const selected = new Set<string>();
  const named = new Set<string>();
  const unknown: string[] = [];
  for (const entry of entries) {
    const preset = presets.get(entry);
    if (preset) for (const name of preset) selected.add(name);
    else if (tools.has(entry)) {
      selected.add(entry);
      named.add(entry);
    } else unknown.push(entry);
  }
  const warnings =
    unknown.length === 0
      ? []
      : [
          `ENTRA_MCP_TOOLS: unknown tool${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")} (ignored). ` +
            `Presets: ${[...presets.keys()].join(", ")}. This server's tools: ${[...tools].join(", ")}.`,
        ];
  return { includes: (name) => selected.has(name), named: (name) => named.has(name), warnings };
}
