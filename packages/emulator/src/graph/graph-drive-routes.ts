import type { Context, Hono } from "hono";
import type { EmulatorAccessTokenClaims } from "../entra/access-token-verifier.js";
import { authorizeGraph } from "./graph-auth.js";
import { graphEntity, listGraphCollection } from "./graph-collection.js";
import { READ_DRIVES, READ_MY_FILES, READ_SITES, readsAllDrives } from "./graph-content-permissions.js";
import { contentOf } from "./graph-content-state.js";
import type { Drive, DriveItem, Site } from "./graph-content-types.js";
import { graphError, meNeedsDelegated, resourceNotFound } from "./graph-errors.js";
import type { GraphDeps } from "./graph-routes.js";

const SEARCH_FUNCTION = /^search\(q='((?:[^']|'')*)'\)$/;

/** OneDrive and SharePoint: drives, drive search (root/search(q=...)), sites and site search. */
export function registerGraphDriveRoutes(app: Hono, deps: GraphDeps): void {
  const content = () => contentOf(deps.graph);

  app.get("/v1.0/me/drive", async (c) => {
    const claims = await authorizeGraph(c, deps, READ_MY_FILES);
    if (claims instanceof Response) return claims;
    if (claims.idtyp === "app") return meNeedsDelegated(c);
    const drive = content().driveOf(claims.oid);
    if (!drive) return itemNotFound(c);
    return graphEntity(c, deps.graphUrl, "drives", driveJson(drive, deps));
  });

  app.get("/v1.0/me/drive/root/:fn", async (c) => {
    const claims = await authorizeGraph(c, deps, READ_MY_FILES);
    if (claims instanceof Response) return claims;
    if (claims.idtyp === "app") return meNeedsDelegated(c);
    const drive = content().driveOf(claims.oid);
    if (!drive) return itemNotFound(c);
    return searchDrive(c, deps, drive);
  });

  app.get("/v1.0/users/:id/drive", async (c) => {
    const claims = await authorizeGraph(c, deps, READ_DRIVES);
    if (claims instanceof Response) return claims;
    const drive = userDrive(c, deps, claims);
    if (drive instanceof Response) return drive;
    return graphEntity(c, deps.graphUrl, "drives", driveJson(drive, deps));
  });

  app.get("/v1.0/drives/:id", async (c) => {
    const claims = await authorizeGraph(c, deps, READ_DRIVES);
    if (claims instanceof Response) return claims;
    const drive = reachableDrive(c, deps, claims);
    if (drive instanceof Response) return drive;
    return graphEntity(c, deps.graphUrl, "drives", driveJson(drive, deps));
  });

  app.get("/v1.0/drives/:id/root/:fn", async (c) => {
    const claims = await authorizeGraph(c, deps, READ_DRIVES);
    if (claims instanceof Response) return claims;
    const drive = reachableDrive(c, deps, claims);
    if (drive instanceof Response) return drive;
    return searchDrive(c, deps, drive);
  });

  app.get("/v1.0/sites", async (c) => {
    const claims = await authorizeGraph(c, deps, READ_SITES);
    if (claims instanceof Response) return claims;
    const query = (c.req.query("search") ?? "*").trim().toLowerCase();
    const words = query === "*" || query === "" ? [] : query.split(/\s+/);
    const sites = content()
      .listSites()
      .filter((site) =>
        words.every((w) =>
          wordsOf(`${site.displayName} ${site.name} ${site.description}`).some((x) => x.startsWith(w)),
        ),
      );
    return listGraphCollection(c, deps.graphUrl, {
      resource: "Site",
      odataType: "microsoft.graph.site",
      contextFragment: "sites",
      items: sites.map(siteJson),
      filterable: {},
      pageSize: { default: 200, max: 999 },
      advancedQueries: false,
    });
  });

  app.get("/v1.0/sites/:id/drives", async (c) => {
    const claims = await authorizeGraph(c, deps, { roles: READ_DRIVES.roles, scopes: READ_DRIVES.scopes });
    if (claims instanceof Response) return claims;
    const site = content().getSite(decodeURIComponent(c.req.param("id")));
    if (!site) return itemNotFound(c);
    return listGraphCollection(c, deps.graphUrl, {
      resource: "Drive",
      odataType: "microsoft.graph.drive",
      contextFragment: "drives",
      items: content()
        .drivesOfSite(site.id)
        .map((d) => driveJson(d, deps)),
      filterable: {},
      pageSize: { default: 200, max: 999 },
      advancedQueries: false,
    });
  });
}

function itemNotFound(c: Context): Response {
  return graphError(c, 404, "itemNotFound", "The resource could not be found.");
}

function userDrive(c: Context, deps: GraphDeps, claims: EmulatorAccessTokenClaims): Drive | Response {
  const id = decodeURIComponent(c.req.param("id") ?? "");
  const user = deps.directory.findUser(id);
  if (!user) return resourceNotFound(c, id);
  const drive = contentOf(deps.graph).driveOf(user.oid);
  if (!drive) return itemNotFound(c);
  if (!readsAllDrives(claims) && user.oid !== claims.oid) return accessDenied(c);
  return drive;
}

/** The drive of the path, when this token reaches it (Files.Read only reaches the caller's own). */
function reachableDrive(c: Context, deps: GraphDeps, claims: EmulatorAccessTokenClaims): Drive | Response {
  const drive = contentOf(deps.graph).getDrive(decodeURIComponent(c.req.param("id") ?? ""));
  if (!drive) return itemNotFound(c);
  if (!readsAllDrives(claims) && drive.ownerOid !== claims.oid) return accessDenied(c);
  return drive;
}

function accessDenied(c: Context): Response {
  return graphError(c, 403, "accessDenied", "Access denied");
}

/** root/search(q='...'): items whose name or content has words starting with each word of q. */
function searchDrive(c: Context, deps: GraphDeps, drive: Drive): Response {
  const segment = decodeURIComponent(new URL(c.req.url).pathname.split("/").at(-1) ?? "");
  const match = SEARCH_FUNCTION.exec(segment);
  if (!match) {
    if (/^search/i.test(segment)) {
      return graphError(
        c,
        400,
        "invalidRequest",
        "Invalid search request: use search(q='text') with the text in single quotes.",
      );
    }
    return graphError(c, 400, "BadRequest", `Resource not found for the segment '${segment}'.`);
  }
  const words = wordsOf((match[1] ?? "").replaceAll("''", "'"));
  const items = contentOf(deps.graph)
    .listItems(drive.id)
    .filter(
      (item) =>
        words.length > 0 &&
        words.every((w) => wordsOf(`${item.name} ${item.content}`).some((x) => x.startsWith(w))),
    );
  return listGraphCollection(c, deps.graphUrl, {
    resource: "DriveItem",
    odataType: "microsoft.graph.driveItem",
    contextFragment: "Collection(driveItem)",
    items: items.map((item) => driveItemJson(item, drive)),
    filterable: {},
    orderable: ["name", "lastModifiedDateTime", "size"],
    pageSize: { default: 200, max: 999 },
    advancedQueries: false,
  });
}

function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[\s._\-()'",;:]+/)
    .filter(Boolean);
}

const identity = (name: string, email: string) => ({ user: { displayName: name, email } });

export function driveJson(drive: Drive, deps: GraphDeps): Record<string, unknown> {
  const owner = drive.ownerOid ? deps.directory.getUser(drive.ownerOid) : undefined;
  return {
    id: drive.id,
    name: drive.name,
    description: "",
    driveType: drive.driveType,
    createdDateTime: drive.createdDateTime,
    lastModifiedDateTime: drive.createdDateTime,
    webUrl: drive.webUrl,
    createdBy: { user: { displayName: "System Account" } },
    owner: owner
      ? { user: { id: owner.oid, displayName: owner.displayName, email: owner.mail ?? owner.upn } }
      : { group: { displayName: "Site owners" } },
  };
}

export function driveItemJson(item: DriveItem, drive: Drive): Record<string, unknown> {
  const path = `/drive/root:${item.folder}`;
  return {
    "@odata.type": "#microsoft.graph.driveItem",
    id: item.id,
    name: item.name,
    size: item.size,
    createdDateTime: item.createdDateTime,
    lastModifiedDateTime: item.lastModifiedDateTime,
    webUrl: `${drive.webUrl}${item.folder}/${encodeURIComponent(item.name)}`,
    createdBy: identity(item.createdBy.name, item.createdBy.address),
    lastModifiedBy: identity(item.createdBy.name, item.createdBy.address),
    parentReference: { driveId: drive.id, driveType: drive.driveType, path },
    // Both facets are keys of every item (the absent one undefined, so not serialized): $select may
    // name either, as Graph allows for any driveItem property, whatever the results happen to be.
    folder: item.isFolder ? { childCount: 0 } : undefined,
    file: item.isFolder ? undefined : { mimeType: item.mimeType ?? "application/octet-stream" },
    searchResult: {},
  };
}

export function siteJson(site: Site): Record<string, unknown> {
  return {
    id: site.id,
    name: site.name,
    displayName: site.displayName,
    description: site.description,
    webUrl: site.webUrl,
    createdDateTime: site.createdDateTime,
    lastModifiedDateTime: site.createdDateTime,
    siteCollection: { hostname: site.id.split(",")[0] },
  };
}
