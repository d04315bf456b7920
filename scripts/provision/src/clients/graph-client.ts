/**
 * Microsoft Graph v1.0 application management: the app registration (found by its uniqueName, the
 * stable identity a re-run uses), service principals, app role assignments, delegated permission
 * grants and users.
 */
import { ApiError } from "../errors.js";
import type {
  AppRoleAssignment,
  GraphApplication,
  GraphKeyCredential,
  GraphServicePrincipal,
  GraphUser,
  OAuth2PermissionGrant,
} from "./graph-types.js";
import { RestClient, type RestClientOptions } from "./rest.js";

const APP_FIELDS =
  "id,appId,displayName,uniqueName,signInAudience,requiredResourceAccess,publicClient,isFallbackPublicClient,keyCredentials,passwordCredentials,identifierUris,api,appRoles";

/** OData string literal: single quotes doubled. */
const literal = (value: string): string => `'${value.replaceAll("'", "''")}'`;

export class GraphClient {
  private readonly rest: RestClient;

  constructor(options: Omit<RestClientOptions, "api" | "baseUrl"> & { endpoint: string }) {
    this.rest = new RestClient({ ...options, api: "Microsoft Graph", baseUrl: `${options.endpoint}/v1.0` });
  }

  private static uniqueNamePath(uniqueName: string): string {
    return `/applications(uniqueName=${encodeURIComponent(literal(uniqueName))})`;
  }

  /** The app registration with this uniqueName, or undefined. */
  async findApplication(uniqueName: string): Promise<GraphApplication | undefined> {
    return this.rest.find<GraphApplication>(GraphClient.uniqueNamePath(uniqueName), {
      query: { $select: APP_FIELDS },
    });
  }

  /** The app registration with this appId (client id), or undefined. */
  async findApplicationByAppId(appId: string): Promise<GraphApplication | undefined> {
    const apps = await this.rest.list<GraphApplication>("/applications", {
      query: { $filter: `appId eq ${literal(appId)}`, $select: APP_FIELDS },
    });
    return apps[0];
  }

  /** Creates the app (or updates it if it appeared meanwhile): PATCH by uniqueName + Prefer: create-if-missing. */
  async upsertApplication(uniqueName: string, body: Record<string, unknown>): Promise<GraphApplication> {
    const response = await this.rest.send<GraphApplication>("PATCH", GraphClient.uniqueNamePath(uniqueName), {
      body,
      headers: { prefer: "create-if-missing" },
    });
    if (response.body?.id) return response.body;
    const found = await this.findApplication(uniqueName);
    if (!found)
      throw new ApiError(
        "Microsoft Graph",
        404,
        "Request_ResourceNotFound",
        `Microsoft Graph: application "${uniqueName}" was not found after it was created.`,
      );
    return found;
  }

  /** The app's certificate credentials including `key` (base64 DER), which a PATCH must send back. */
  async getKeyCredentials(objectId: string): Promise<GraphKeyCredential[]> {
    const app = await this.rest.get<{ keyCredentials?: GraphKeyCredential[] }>(
      `/applications/${encodeURIComponent(objectId)}`,
      { query: { $select: "keyCredentials" } },
    );
    return app.keyCredentials ?? [];
  }

  async updateApplication(objectId: string, patch: Record<string, unknown>): Promise<void> {
    await this.rest.send("PATCH", `/applications/${encodeURIComponent(objectId)}`, { body: patch });
  }

  async removePassword(objectId: string, keyId: string): Promise<void> {
    await this.rest.send("POST", `/applications/${encodeURIComponent(objectId)}/removePassword`, {
      body: { keyId },
    });
  }

  /** The service principal of `appId` in this tenant (with its app roles and scopes), or undefined. */
  async findServicePrincipal(appId: string): Promise<GraphServicePrincipal | undefined> {
    const found = await this.rest.list<GraphServicePrincipal>("/servicePrincipals", {
      query: {
        $filter: `appId eq ${literal(appId)}`,
        $select: "id,appId,displayName,appRoles,oauth2PermissionScopes",
      },
    });
    return found[0];
  }

  /** A service principal by object id, or undefined. */
  async findServicePrincipalById(objectId: string): Promise<GraphServicePrincipal | undefined> {
    return this.rest.find<GraphServicePrincipal>(`/servicePrincipals/${encodeURIComponent(objectId)}`, {
      query: { $select: "id,appId,displayName" },
    });
  }

  async createServicePrincipal(appId: string): Promise<GraphServicePrincipal> {
    const response = await this.rest.send<GraphServicePrincipal>("POST", "/servicePrincipals", {
      body: { appId },
    });
    return response.body as GraphServicePrincipal;
  }

  /** App role assignments granted on resource `resourceSpId` to principal `principalId`. */
  async appRoleAssignments(resourceSpId: string, principalId: string): Promise<AppRoleAssignment[]> {
    const all = await this.rest.list<AppRoleAssignment>(
      `/servicePrincipals/${encodeURIComponent(resourceSpId)}/appRoleAssignedTo`,
    );
    return all.filter((assignment) => assignment.principalId === principalId);
  }

  async assignAppRole(resourceSpId: string, principalId: string, appRoleId: string): Promise<void> {
    await this.rest.send("POST", `/servicePrincipals/${encodeURIComponent(resourceSpId)}/appRoleAssignedTo`, {
      body: { principalId, resourceId: resourceSpId, appRoleId },
    });
  }

  /** The tenant-wide (AllPrincipals) delegated grant from `clientSpId` on `resourceSpId`, if any. */
  async findAllPrincipalsGrant(
    clientSpId: string,
    resourceSpId: string,
  ): Promise<OAuth2PermissionGrant | undefined> {
    const grants = await this.rest.list<OAuth2PermissionGrant>("/oauth2PermissionGrants", {
      query: {
        $filter: `clientId eq ${literal(clientSpId)} and consentType eq 'AllPrincipals' and resourceId eq ${literal(resourceSpId)}`,
      },
    });
    return grants[0];
  }

  async createGrant(clientSpId: string, resourceSpId: string, scope: string): Promise<void> {
    await this.rest.send("POST", "/oauth2PermissionGrants", {
      body: { clientId: clientSpId, consentType: "AllPrincipals", resourceId: resourceSpId, scope },
    });
  }

  async updateGrant(grantId: string, scope: string): Promise<void> {
    await this.rest.send("PATCH", `/oauth2PermissionGrants/${encodeURIComponent(grantId)}`, {
      body: { scope },
    });
  }

  /** A user by UPN or object id, or undefined. */
  async findUser(upnOrId: string): Promise<GraphUser | undefined> {
    return this.rest.find<GraphUser>(`/users/${encodeURIComponent(upnOrId)}`, {
      query: { $select: "id,userPrincipalName,displayName" },
    });
  }
}
