import type { Context, Hono } from "hono";
import { odataLink } from "../http/odata-link.js";
import { nameBasedGuid } from "../ids.js";
import { project } from "../odata/query-options.js";
import {
  annotateRow,
  MORE_RECORDS,
  PAGING_COOKIE,
  preferenceApplied,
  readPreferences,
} from "./annotations.js";
import { authorizeDataverse, type DataverseDeps, requireAnyRole } from "./dataverse-auth.js";
import type { DataverseEnvironment } from "./dataverse-environment.js";
import { DataverseQueryError, dataverseError, queryError } from "./dataverse-errors.js";
import {
  decodePagingCookie,
  encodePagingCookie,
  parseODataQuery,
  runQuery,
  validateNames,
} from "./dataverse-query.js";
import { registerDataverseUserAdminRoutes } from "./dataverse-user-admin-routes.js";
import type { EntityDefinition } from "./entity-definitions.js";
import { applyExpand, parseExpand } from "./expand.js";
import { parseFetchXml } from "./fetch-xml.js";
import { pagingCookieAnnotation, readPagingCookie } from "./fetch-xml-paging.js";
import { entityAttributes, entityDefinitions, entityRelationships } from "./metadata-routes.js";
import { retrieveTotalRecordCount } from "./record-count.js";

const FETCH_PAGE_SIZE = 5000;
const GUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

/** The Dataverse Web API of one environment: WhoAmI, EntityDefinitions and entity sets. */
export function registerDataverseRoutes(
  app: Hono,
  deps: DataverseDeps,
  environment: DataverseEnvironment,
): void {
  const api = `${environment.info.url}/api/data/v9.2`;

  app.get("/api/data/:version/:segment", async (c) => {
    const version = c.req.param("version");
    const segment = decodeURIComponent(c.req.param("segment"));
    if (!/^v9\.[0-2]$/.test(version)) return notFoundSegment(c, version);
    const auth = await authorizeDataverse(c, deps, environment);
    if (auth instanceof Response) return auth;
    try {
      if (/^WhoAmI(\(\))?$/.test(segment)) {
        return c.json({
          "@odata.context": `${api}/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`,
          BusinessUnitId: environment.info.businessUnitId,
          UserId: auth.user.systemuserid,
          OrganizationId: environment.info.organizationId,
        });
      }
      const definitionMatch = /^EntityDefinitions(?:\(LogicalName='([^']+)'\))?$/.exec(segment);
      if (definitionMatch) return entityDefinitions(c, environment, api, definitionMatch[1]);
      if (/^RetrieveTotalRecordCount\(/.test(segment))
        return retrieveTotalRecordCount(c, environment, api, segment, (definition) =>
          requireAnyRole(c, environment, auth.user, definition),
        );
      const setMatch = new RegExp(`^([A-Za-z_]\\w*)(?:\\((${GUID})\\))?$`).exec(segment);
      const definition = environment.definitions().find((d) => d.entitySetName === setMatch?.[1]);
      if (!setMatch || !definition) return notFoundSegment(c, segment);
      const denied = requireAnyRole(c, environment, auth.user, definition);
      if (denied) return denied;
      return setMatch[2]
        ? singleRecord(c, environment, api, definition, setMatch[2].toLowerCase())
        : entitySet(c, environment, api, definition);
    } catch (error) {
      if (error instanceof DataverseQueryError)
        return dataverseError(c, error.status, error.code, error.message);
      throw error;
    }
  });

  registerDataverseUserAdminRoutes(app, deps, environment);

  // EntityDefinitions(LogicalName='x')/Attributes[/<cast>] and its relationship collections.
  const metadataChild = async (c: Context, child: string, cast: string | undefined) => {
    const version = c.req.param("version") ?? "";
    if (!/^v9\.[0-2]$/.test(version)) return notFoundSegment(c, version);
    const auth = await authorizeDataverse(c, deps, environment);
    if (auth instanceof Response) return auth;
    const segment = decodeURIComponent(c.req.param("segment") ?? "");
    const table = /^EntityDefinitions\(LogicalName='([^']+)'\)$/.exec(segment)?.[1];
    if (!table) return notFoundSegment(c, child);
    try {
      if (child === "Attributes") return entityAttributes(c, environment, api, table, cast);
      if (
        cast === undefined &&
        (child === "OneToManyRelationships" ||
          child === "ManyToOneRelationships" ||
          child === "ManyToManyRelationships")
      ) {
        return entityRelationships(c, environment, api, table, child, (name) =>
          nameBasedGuid("relationship", name),
        );
      }
      return notFoundSegment(c, child);
    } catch (error) {
      if (error instanceof DataverseQueryError)
        return dataverseError(c, error.status, error.code, error.message);
      throw error;
    }
  };
  app.get("/api/data/:version/:segment/:child", (c) => metadataChild(c, c.req.param("child"), undefined));
  app.get("/api/data/:version/:segment/:child/:cast", (c) =>
    metadataChild(c, c.req.param("child"), decodeURIComponent(c.req.param("cast"))),
  );
}

const notFoundSegment = (c: Context, segment: string) =>
  dataverseError(c, 404, "0x8006088a", `Resource not found for the segment '${segment}'.`);

function entitySet(c: Context, environment: DataverseEnvironment, api: string, definition: EntityDefinition) {
  const params = new URL(c.req.url).searchParams;
  const records = environment.recordsOf(definition.entitySetName);
  const preferences = readPreferences(c.req.header("prefer"));
  const annotate = (row: Record<string, unknown>) => annotateRow(row, definition, environment, preferences);
  const headers: Record<string, string> = { "OData-Version": "4.0" };
  const fetchXml = params.get("fetchXml");
  if (fetchXml !== null) {
    const fetch = parseFetchXml(fetchXml);
    if (fetch.entityName !== definition.logicalName) {
      throw new DataverseQueryError(
        400,
        "0x80040203",
        `The entity name '${fetch.entityName}' in the FetchXml does not match the entity set '${definition.entitySetName}'.`,
      );
    }
    validateNames(fetch.query, definition);
    // Dataverse's default and largest FetchXML page is 5,000 rows.
    const size = Math.min(fetch.count ?? FETCH_PAGE_SIZE, FETCH_PAGE_SIZE);
    let offset = (fetch.page - 1) * size;
    if (fetch.pagingCookie) {
      const cookie = readPagingCookie(fetch.pagingCookie, definition);
      // A cookie from the page before continues after its last row; any other is ignored (simple paging).
      if (cookie.page === fetch.page - 1) {
        const sorted = runQuery(
          records,
          definition,
          { ...fetch.query, select: [definition.primaryIdAttribute] },
          {
            offset: 0,
            size: Number.MAX_SAFE_INTEGER,
          },
        ).rows;
        const index = sorted.findIndex((r) => r[definition.primaryIdAttribute] === cookie.lastId);
        if (index >= 0) offset = index + 1;
      }
    }
    const page = runQuery(records, definition, fetch.query, {
      offset,
      size: fetch.query.top ? Number.MAX_SAFE_INTEGER : size,
    });
    const body: Record<string, unknown> = {
      "@odata.context": `${api}/$metadata#${definition.entitySetName}`,
    };
    const more = page.nextOffset !== undefined;
    const first = page.rows[0];
    const last = page.rows.at(-1);
    if (more && first && last && preferences.wants(PAGING_COOKIE)) {
      const byId = (row: Record<string, unknown>) =>
        records.find((r) => r[definition.primaryIdAttribute] === row[definition.primaryIdAttribute]) ?? row;
      body[`@${PAGING_COOKIE}`] = pagingCookieAnnotation(
        fetch.page,
        definition,
        fetch.query.orderBy?.[0]?.property,
        byId(first),
        byId(last),
      );
    }
    if (preferences.wants(MORE_RECORDS)) body[`@${MORE_RECORDS}`] = more;
    body.value = page.rows.map(annotate);
    const applied = preferenceApplied(preferences, false);
    if (applied) headers["Preference-Applied"] = applied;
    return c.json(body, 200, headers);
  }

  const query = parseODataQuery(params, definition);
  const expand = params.get("$expand");
  const expanded = expand === null ? [] : parseExpand(expand, definition, environment);
  const skipToken = params.get("$skiptoken");
  const cookie = skipToken === null ? { pageNumber: 1, offset: 0 } : decodePagingCookie(skipToken);
  if (!cookie) throw queryError("The $skiptoken value is not a valid paging cookie.");
  const pageSize = preferences.maxPageSize;
  const page = runQuery(records, definition, query, {
    offset: cookie.offset,
    ...(pageSize ? { size: pageSize } : {}),
  });
  const select = query.select ? `(${query.select.join(",")})` : "";
  const body: Record<string, unknown> = {
    "@odata.context": `${api}/$metadata#${definition.entitySetName}${select}`,
  };
  if (query.count) body["@odata.count"] = page.totalCount;
  body.value = page.rows.map((row) => {
    const source =
      records.find((r) => r[definition.primaryIdAttribute] === row[definition.primaryIdAttribute]) ?? row;
    return applyExpand(annotate(row), source, definition, expanded, environment);
  });
  if (page.nextOffset !== undefined) {
    const nextParams = [...params].filter(([name]) => name !== "$skiptoken");
    nextParams.push(["$skiptoken", encodePagingCookie(cookie.pageNumber + 1, page.nextOffset)]);
    body["@odata.nextLink"] = odataLink(`${api}/${definition.entitySetName}`, nextParams);
  }
  const applied = preferenceApplied(preferences, pageSize !== undefined);
  if (applied) headers["Preference-Applied"] = applied;
  return c.json(body, 200, headers);
}

function singleRecord(
  c: Context,
  environment: DataverseEnvironment,
  api: string,
  definition: EntityDefinition,
  id: string,
) {
  const record = environment
    .recordsOf(definition.entitySetName)
    .find((r) => r[definition.primaryIdAttribute] === id);
  if (!record) {
    return dataverseError(c, 404, "0x80040217", `${definition.logicalName} With Id = ${id} Does Not Exist`);
  }
  const params = new URL(c.req.url).searchParams;
  const query = parseODataQuery(params, definition);
  const expand = params.get("$expand");
  const expanded = expand === null ? [] : parseExpand(expand, definition, environment);
  const preferences = readPreferences(c.req.header("prefer"));
  const select = query.select;
  const shaped = select ? project(record, ["@odata.etag", ...select, definition.primaryIdAttribute]) : record;
  const headers: Record<string, string> = { "OData-Version": "4.0" };
  const applied = preferenceApplied(preferences, false);
  if (applied) headers["Preference-Applied"] = applied;
  return c.json(
    {
      "@odata.context": `${api}/$metadata#${definition.entitySetName}${select ? `(${select.join(",")})` : ""}/$entity`,
      ...applyExpand(
        annotateRow(shaped, definition, environment, preferences),
        record,
        definition,
        expanded,
        environment,
      ),
    },
    200,
    headers,
  );
}
