import type { Context, Hono } from "hono";
import { odataLink } from "../http/odata-link.js";
import { filterTerms, matchesFilter, ODataSyntaxError, parseFilter } from "../odata/filter-expression.js";
import { parseSelect, project } from "../odata/query-options.js";
import { authorizeDataverse, type DataverseDeps, requireAnyRole } from "./dataverse-auth.js";
import type { DataverseEnvironment } from "./dataverse-environment.js";
import { DataverseQueryError, dataverseError, queryError } from "./dataverse-errors.js";
import {
  decodePagingCookie,
  encodePagingCookie,
  parseODataQuery,
  preferredPageSize,
  runQuery,
  validateNames,
} from "./dataverse-query.js";
import { registerDataverseUserAdminRoutes } from "./dataverse-user-admin-routes.js";
import { type EntityDefinition, entityDefinitionJson } from "./entity-definitions.js";
import { parseFetchXml } from "./fetch-xml.js";

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
}

const notFoundSegment = (c: Context, segment: string) =>
  dataverseError(c, 404, "0x8006088a", `Resource not found for the segment '${segment}'.`);

function entitySet(c: Context, environment: DataverseEnvironment, api: string, definition: EntityDefinition) {
  const params = new URL(c.req.url).searchParams;
  const records = environment.recordsOf(definition.entitySetName);
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
    const size = fetch.count;
    const page = runQuery(records, definition, fetch.query, {
      offset: size ? (fetch.page - 1) * size : 0,
      ...(size ? { size } : {}),
    });
    const body: Record<string, unknown> = {
      "@odata.context": `${api}/$metadata#${definition.entitySetName}`,
    };
    if (page.nextOffset !== undefined) {
      body["@Microsoft.Dynamics.CRM.fetchxmlpagingcookie"] = encodePagingCookie(
        fetch.page + 1,
        page.nextOffset,
      );
    }
    body["@Microsoft.Dynamics.CRM.morerecords"] = page.nextOffset !== undefined;
    body.value = page.rows;
    return c.json(body);
  }

  const query = parseODataQuery(params, definition);
  const skipToken = params.get("$skiptoken");
  const cookie = skipToken === null ? { pageNumber: 1, offset: 0 } : decodePagingCookie(skipToken);
  if (!cookie) throw queryError("The $skiptoken value is not a valid paging cookie.");
  const pageSize = preferredPageSize(c.req.header("prefer"));
  const page = runQuery(records, definition, query, {
    offset: cookie.offset,
    ...(pageSize ? { size: pageSize } : {}),
  });
  const select = query.select ? `(${query.select.join(",")})` : "";
  const body: Record<string, unknown> = {
    "@odata.context": `${api}/$metadata#${definition.entitySetName}${select}`,
  };
  if (query.count) body["@odata.count"] = page.totalCount;
  body.value = page.rows;
  if (page.nextOffset !== undefined) {
    const nextParams = [...params].filter(([name]) => name !== "$skiptoken");
    nextParams.push(["$skiptoken", encodePagingCookie(cookie.pageNumber + 1, page.nextOffset)]);
    body["@odata.nextLink"] = odataLink(`${api}/${definition.entitySetName}`, nextParams);
  }
  const headers: Record<string, string> = { "OData-Version": "4.0" };
  if (pageSize) headers["Preference-Applied"] = `odata.maxpagesize=${pageSize}`;
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
  const query = parseODataQuery(new URL(c.req.url).searchParams, definition);
  const select = query.select;
  const shaped = select ? project(record, ["@odata.etag", ...select, definition.primaryIdAttribute]) : record;
  return c.json({
    "@odata.context": `${api}/$metadata#${definition.entitySetName}${select ? `(${select.join(",")})` : ""}/$entity`,
    ...shaped,
  });
}

function entityDefinitions(c: Context, environment: DataverseEnvironment, api: string, logicalName?: string) {
  let items = environment.definitions().map(entityDefinitionJson);
  if (logicalName !== undefined) {
    const one = items.find((d) => d.LogicalName === logicalName);
    if (!one)
      throw new DataverseQueryError(404, "0x80040217", `Could not find entity with Name = ${logicalName}.`);
    items = [one];
  }
  const params = new URL(c.req.url).searchParams;
  let select: string[] | undefined;
  try {
    const filterRaw = params.get("$filter");
    if (filterRaw !== null) {
      const filter = parseFilter(filterRaw);
      const allowed = new Set([
        "LogicalName",
        "EntitySetName",
        "SchemaName",
        "IsCustomEntity",
        "ObjectTypeCode",
      ]);
      const bad = filterTerms(filter).find((t) => !allowed.has(t.property));
      if (bad) throw queryError(`The property '${bad.property}' cannot be used in a query filter.`);
      items = items.filter((d) => matchesFilter(filter, d));
    }
    const selectRaw = params.get("$select");
    if (selectRaw !== null) select = parseSelect(selectRaw);
  } catch (error) {
    if (error instanceof ODataSyntaxError) throw queryError(error.message);
    throw error;
  }
  const known = Object.keys(
    items[0] ?? entityDefinitionJson(environment.definitions()[0] as EntityDefinition),
  );
  const unknown = select?.find((f) => !known.includes(f));
  if (unknown)
    throw queryError(
      `Could not find a property named '${unknown}' on type 'Microsoft.Dynamics.CRM.EntityMetadata'.`,
    );
  const fields = select;
  const shaped = fields ? items.map((d) => project(d, ["MetadataId", ...fields])) : items;
  const context = `${api}/$metadata#EntityDefinitions${fields ? `(${fields.join(",")})` : ""}`;
  if (logicalName !== undefined) return c.json({ "@odata.context": `${context}/$entity`, ...shaped[0] });
  return c.json({ "@odata.context": context, value: shaped });
}
