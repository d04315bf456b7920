/**
 * The credential the view embeds with. App-only: a Power BI embed token from GenerateToken v2 (scoped to
 * the one report, its model and workspace; with the effective identity when the model has RLS).
 * Delegated: the signed-in user's own Power BI token (tokenType Aad), so RLS applies as that user.
 * Either way it goes only into the app-only tool's result, never into anything the model sees.
 */
import type { AppToolContext } from "@entra-mcp/server-kit";
import { ToolError } from "@entra-mcp/server-kit";
import { withAccessHint } from "./access-hint.js";
import { identityFor, type RlsFlags } from "./effective-identity.js";

export interface EmbedCredential {
  accessToken: string;
  tokenType: "Embed" | "Aad";
  expiration: string;
}

/** What a show_report call granted: the report and the model it reads. */
export interface GrantedReport {
  workspaceId: string;
  workspaceName: string;
  reportId: string;
  reportName: string;
  embedUrl: string;
  datasetId: string;
  datasetWorkspaceId: string;
}

const READ_DATASETS = { delegated: ["Dataset.Read.All", "Dataset.ReadWrite.All"] };

/** The model's RLS flags (Datasets - Get Dataset In Group). */
export async function rlsFlags(
  ctx: AppToolContext,
  report: GrantedReport,
): Promise<RlsFlags & { name: string }> {
  const body = (await withAccessHint(ctx.mode, report.workspaceName, () =>
    ctx.call({
      method: "GET",
      path: "/groups/{workspaceId}/datasets/{datasetId}",
      params: { workspaceId: report.datasetWorkspaceId, datasetId: report.datasetId },
      permissions: READ_DATASETS,
    }),
  )) as Record<string, unknown>;
  return {
    name: typeof body.name === "string" ? body.name : report.datasetId,
    isEffectiveIdentityRequired: body.isEffectiveIdentityRequired === true,
    isEffectiveIdentityRolesRequired: body.isEffectiveIdentityRolesRequired === true,
  };
}

/** A fresh credential for `report`. */
export async function embedCredential(ctx: AppToolContext, report: GrantedReport): Promise<EmbedCredential> {
  if (ctx.mode === "delegated") {
    const credential = await ctx.credential();
    return {
      accessToken: credential.token,
      tokenType: "Aad",
      expiration: credential.expiresOn.toISOString(),
    };
  }
  const flags = await rlsFlags(ctx, report);
  const identity = identityFor(flags, ctx.env, { report: report.reportName, dataset: flags.name });
  const body = {
    datasets: [{ id: report.datasetId }],
    reports: [{ id: report.reportId, allowEdit: false }],
    targetWorkspaces: [{ id: report.workspaceId }],
    ...(identity ? { identities: [{ ...identity, datasets: [report.datasetId] }] } : {}),
  };
  const answer = (await withAccessHint(ctx.mode, report.workspaceName, () =>
    ctx.call({ method: "POST", path: "/GenerateToken", body, idempotent: true }),
  )) as Record<string, unknown>;
  if (typeof answer.token !== "string" || typeof answer.expiration !== "string") {
    throw new ToolError("UnexpectedResponse", "GenerateToken answered without token and expiration.");
  }
  return { accessToken: answer.token, tokenType: "Embed", expiration: answer.expiration };
}
