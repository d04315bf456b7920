/**
 * What to do about an API error code the API's own message does not explain, per resource. Power BI
 * answers many failures with a bare code (`PowerBIEntityNotFound`, no message), so each code it is
 * known to return gets a fix here: the codes the emulator returns (packages/emulator/src/powerbi) and
 * the common ones from the Power BI REST reference and its troubleshooting page.
 */

const POWER_BI: Record<string, string> = {
  PowerBIEntityNotFound:
    "the workspace, semantic model, report or refresh with that ID does not exist, or this identity cannot see it. Fix: list the workspaces (or the workspace's datasets/reports) to get a current ID; for a service principal, add it to the workspace (Viewer or higher).",
  ItemNotFound:
    "the item with that ID does not exist, or this identity cannot see it. Fix: list the workspace's items to get a current ID; check the identity is a member of the workspace.",
  PowerBIModelNotFoundException:
    "the semantic model was not found. Fix: list the workspace's datasets to get a current ID; the model may have been deleted or moved to another workspace.",
  PowerBINotAuthorizedException:
    "the service refused this identity. Fix: a service principal needs the tenant setting 'Service principals can use Fabric APIs' (Fabric admin portal, Developer settings) covering it and membership of the workspace (Viewer or higher; writes need Contributor or Member); admin APIs need 'Service principals can access read-only admin APIs'; some APIs do not accept service principals at all. In delegated mode the user needs the Power BI scope (e.g. Workspace.Read.All) consented and access to the workspace.",
  TokenExpired:
    "the access token had expired when Power BI checked it. Fix: call again (a new token is requested); if it keeps happening, check this machine's clock.",
  InvalidRequest:
    "the service rejected the request before running it. Fix: check the arguments against the operation (IDs are GUIDs, enum values are case-sensitive) and send only the fields it takes.",
  BadRequest:
    "the service could not read the request. Fix: check the query options ($filter syntax, $top/$skip are numbers) and the body fields named in the message.",
  DatasetExecuteQueriesError:
    "the DAX query failed in the semantic model (the details say where). Fix: correct the query, e.g. EVALUATE a table expression with table and column names as the model spells them; the caller needs Build permission on the model, and the tenant setting 'Dataset Execute Queries REST API' must be on.",
  QueryResultRowLimitExceeded:
    "the query returned more rows than Power BI sends (100,000 rows or 1,000,000 values per query). Fix: narrow it with FILTER, TOPN or SUMMARIZECOLUMNS over fewer columns.",
  UnsupportedAccessRightError:
    "that workspace role is not one Power BI accepts here. Fix: use groupUserAccessRight Admin, Member, Contributor or Viewer.",
  AddingAlreadyExistsGroupUserNotSupportedError:
    "that user, group or service principal is already in the workspace. Fix: change its role with the update call (PUT) instead of adding it again, or remove it first.",
  DMTS_DatasourceHasNoCredentialError:
    "a data source of the semantic model has no credentials. Fix: set them in the model's settings (Data source credentials) or with Gateways - Update Datasource, then refresh again.",
  InvalidFileSizeError:
    "the file is larger than Power BI imports this way. Fix: import large .pbix files through a temporary upload location (createTemporaryUploadLocation) or use a Premium capacity.",
  DuplicatePackageNotFoundError:
    "nameConflict=Overwrite or CreateOrOverwrite found no existing item of that name to replace. Fix: import with nameConflict=Abort (the default) or give the existing item's exact name.",
};

const FIXES: Record<string, Record<string, string>> = { powerbi: POWER_BI };

/** The explanation and fix for `code` from the API behind `resource`, if one is known. */
export function fixFor(resource: string, code: string | undefined): string | undefined {
  if (!code) return undefined;
  return FIXES[resource]?.[code];
}

/** The codes with a fix, per resource (for tests and docs). */
export function knownFixCodes(resource: string): string[] {
  return Object.keys(FIXES[resource] ?? {});
}
