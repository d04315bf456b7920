import type { Context, Hono } from "hono";
import type { DirectoryState } from "../directory/directory-state.js";
import type { DirectoryUser } from "../directory/directory-types.js";
import type { AccessTokenVerifier } from "../entra/access-token-verifier.js";
import { authorizeGraph, type GraphPermissionRule } from "./graph-auth.js";
import { graphError } from "./graph-errors.js";

export interface GraphDeps {
  directory: DirectoryState;
  verifyAccessToken: AccessTokenVerifier;
  /** This origin's URL, for @odata.context and nextLink. */
  graphUrl: string;
}

// Permission tables from the Graph API reference (least to most privileged).
const READ_USERS: GraphPermissionRule = {
  roles: ["User.Read.All", "User.ReadWrite.All", "Directory.Read.All"],
  scopes: ["User.ReadBasic.All", "User.Read.All", "User.ReadWrite.All", "Directory.Read.All"],
};
// Any app token gets past the permission check so that /me can answer its own 400 for app-only calls.
const READ_ME: GraphPermissionRule = {
  roles: ["*"],
  scopes: ["User.Read", "User.ReadWrite", "User.ReadBasic.All", "User.Read.All"],
};
const READ_ORGANIZATION: GraphPermissionRule = {
  roles: ["Organization.Read.All", "Directory.Read.All"],
  scopes: ["User.Read", "Organization.Read.All", "Directory.Read.All"],
};

const PAGE_SIZE_DEFAULT = 100;

/** A minimal Microsoft Graph v1.0: /me, /users, /users/{id}, /organization. */
export function registerGraphRoutes(app: Hono, deps: GraphDeps): void {
  const context = (fragment: string) => `${deps.graphUrl}/v1.0/$metadata#${fragment}`;

  app.get("/v1.0/me", async (c) => {
    const claims = await authorizeGraph(c, deps.verifyAccessToken, READ_ME);
    if (claims instanceof Response) return claims;
    if (claims.idtyp === "app") {
      return graphError(
        c,
        400,
        "BadRequest",
        "/me request is only valid with delegated authentication flow.",
      );
    }
    const user = deps.directory.getUser(claims.oid);
    if (!user)
      return graphError(c, 404, "Request_ResourceNotFound", `Resource '${claims.oid}' does not exist.`);
    return c.json({ "@odata.context": context("users/$entity"), ...userJson(user) });
  });

  app.get("/v1.0/users", async (c) => {
    const claims = await authorizeGraph(c, deps.verifyAccessToken, READ_USERS);
    if (claims instanceof Response) return claims;
    return c.json(page(c, deps, context("users"), deps.directory.listUsers().map(userJson)));
  });

  app.get("/v1.0/users/:id", async (c) => {
    const claims = await authorizeGraph(c, deps.verifyAccessToken, READ_USERS);
    if (claims instanceof Response) return claims;
    const id = decodeURIComponent(c.req.param("id"));
    const user = deps.directory.findUser(id);
    if (!user)
      return graphError(
        c,
        404,
        "Request_ResourceNotFound",
        `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
      );
    return c.json({ "@odata.context": context("users/$entity"), ...userJson(user) });
  });

  app.get("/v1.0/organization", async (c) => {
    const claims = await authorizeGraph(c, deps.verifyAccessToken, READ_ORGANIZATION);
    if (claims instanceof Response) return claims;
    const { tenant } = deps.directory;
    return c.json({
      "@odata.context": context("organization"),
      value: [
        {
          id: tenant.tenantId,
          displayName: tenant.displayName,
          tenantType: "AAD",
          countryLetterCode: "US",
          verifiedDomains: [
            {
              capabilities: "Email, OfficeCommunicationsOnline",
              isDefault: true,
              isInitial: true,
              name: tenant.defaultDomain,
              type: "Managed",
            },
          ],
        },
      ],
    });
  });
}

function userJson(user: DirectoryUser): Record<string, unknown> {
  return {
    businessPhones: [],
    displayName: user.displayName,
    givenName: user.givenName ?? null,
    jobTitle: user.jobTitle ?? null,
    mail: user.mail ?? null,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: null,
    surname: user.surname ?? null,
    userPrincipalName: user.upn,
    id: user.oid,
  };
}

/** OData paging with $top and an opaque-looking $skiptoken, as Graph clients follow nextLink. */
function page(c: Context, deps: GraphDeps, odataContext: string, items: unknown[]): Record<string, unknown> {
  const top = Math.max(
    1,
    Math.min(999, Number(c.req.query("$top") ?? PAGE_SIZE_DEFAULT) || PAGE_SIZE_DEFAULT),
  );
  const skipToken = c.req.query("$skiptoken");
  const offset = skipToken ? Number(Buffer.from(skipToken, "base64url").toString("utf8")) || 0 : 0;
  const value = items.slice(offset, offset + top);
  const body: Record<string, unknown> = { "@odata.context": odataContext, value };
  if (offset + top < items.length) {
    const next = new URL(`${deps.graphUrl}${c.req.path}`);
    next.searchParams.set("$top", String(top));
    next.searchParams.set("$skiptoken", Buffer.from(String(offset + top)).toString("base64url"));
    body["@odata.nextLink"] = next.toString();
  }
  return body;
}
