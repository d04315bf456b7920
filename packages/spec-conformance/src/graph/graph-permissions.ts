/**
 * graph-permissions.json (Microsoft's permissions reference data) and provisioningInfo.json as lookups:
 * per normalized path and method, which permissions allow it in which scheme, and which are marked
 * least privileged; per permission name, its IDs per scheme.
 */
import { specJson } from "../spec-file.js";
import { SPEC_FILES } from "../specs-dir.js";

export type GraphScheme = "Application" | "DelegatedWork" | "DelegatedPersonal";

interface PermissionsFile {
  permissions: Record<
    string,
    {
      schemes: Partial<Record<GraphScheme, { privilegeLevel?: number }>>;
      pathSets?: { schemeKeys: GraphScheme[]; methods: string[]; paths: Record<string, string> }[];
    }
  >;
}

interface ProvisioningFile {
  permissionDeployments: Record<
    string,
    { id: string; scheme: string; environment?: string; resourceAppId?: string }[]
  >;
}

export interface PathGrant {
  permission: string;
  schemes: GraphScheme[];
  /** Schemes in which this permission is marked least privileged for the path. */
  least: GraphScheme[];
  /** Methods of the path set (a least mark covers all of them, so a read-write set may be marked for a GET). */
  methods: string[];
  privilege: Partial<Record<GraphScheme, number>>;
}

export interface GraphPermissionIndex {
  /** "GET /users/{id}" -> the permissions that allow it. */
  byPath: Map<string, PathGrant[]>;
  schemesOf: Map<string, GraphScheme[]>;
  /** Permission name -> ids per scheme (provisioningInfo). */
  ids: Map<string, { id: string; scheme: string }[]>;
}

/**
 * The permissions file's path form: lowercase, `{id}` for key placeholders and `{value}` for function
 * parameters, e.g. /drives/{id}/root/search(q={value}).
 */
export function normalizeGraphPath(path: string): string {
  return path
    .toLowerCase()
    .replace(/\(([^)]*)\)/g, (_, inner: string) => `(${inner.replace(/'?\{[^}]*\}'?/g, "{value}")})`)
    .replace(/\{(?!value\})[^}]*\}/g, "{id}")
    .replace(/\/+$/, "");
}

export function buildGraphPermissionIndex(
  permissions: PermissionsFile,
  provisioning: ProvisioningFile | undefined,
): GraphPermissionIndex {
  const ids = new Map<string, { id: string; scheme: string }[]>();
  for (const [name, deployments] of Object.entries(provisioning?.permissionDeployments ?? {})) {
    ids.set(
      name,
      deployments
        .filter((d) => !d.environment || d.environment.split(";").includes("public"))
        .map(({ id, scheme }) => ({ id, scheme })),
    );
  }
  const deployable = (name: string, scheme: GraphScheme) =>
    !provisioning || (ids.get(name)?.some((i) => i.scheme === scheme) ?? false);
  const byPath = new Map<string, PathGrant[]>();
  const schemesOf = new Map<string, GraphScheme[]>();
  for (const [permission, entry] of Object.entries(permissions.permissions)) {
    schemesOf.set(permission, Object.keys(entry.schemes) as GraphScheme[]);
    const privilege = Object.fromEntries(
      Object.entries(entry.schemes).map(([scheme, value]) => [scheme, value?.privilegeLevel ?? 0]),
    ) as Partial<Record<GraphScheme, number>>;
    // The data lists some app roles under the delegated name (Calendars.ReadBasic, "Application"),
    // while the app role Microsoft deploys is <name>.All (Calendars.ReadBasic.All, with the ID): the
    // path sets then count for that one in the Application scheme.
    const appAlias =
      entry.schemes.Application &&
      !deployable(permission, "Application") &&
      deployable(`${permission}.All`, "Application")
        ? `${permission}.All`
        : undefined;
    for (const set of entry.pathSets ?? []) {
      for (const [path, marks] of Object.entries(set.paths)) {
        const least = (/(?:^|;)least=([^;]*)/.exec(marks)?.[1]?.split(",") ?? []) as GraphScheme[];
        for (const method of set.methods) {
          const key = `${method.toUpperCase()} ${normalizeGraphPath(path)}`;
          const grants = byPath.get(key) ?? [];
          grants.push({ permission, schemes: set.schemeKeys, least, methods: set.methods, privilege });
          if (appAlias && set.schemeKeys.includes("Application")) {
            grants.push({
              permission: appAlias,
              schemes: ["Application"],
              least: least.includes("Application") ? ["Application"] : [],
              methods: set.methods,
              privilege,
            });
          }
          byPath.set(key, grants);
        }
      }
    }
    if (appAlias)
      schemesOf.set(appAlias, [...new Set([...(schemesOf.get(appAlias) ?? []), "Application" as const])]);
  }
  return { byPath, schemesOf, ids };
}

let index: GraphPermissionIndex | undefined | null = null;

/** The index from the specs folder (built once), or undefined when the permissions file is absent. */
export function graphPermissionIndex(): GraphPermissionIndex | undefined {
  if (index !== null) return index;
  const permissions = specJson<PermissionsFile>(SPEC_FILES.graphPermissions);
  index = permissions
    ? buildGraphPermissionIndex(permissions, specJson<ProvisioningFile>(SPEC_FILES.graphProvisioning))
    : undefined;
  return index;
}

/** Write-like permission names: least privilege prefers a read one when both are marked. */
export const isWriteName = (name: string): boolean => /Write|Create|Manage|Send|Delete|Execute/.test(name);

/**
 * Where graph-permissions.json's least mark is another product's: for GET /organization it marks only
 * Intune's DeviceManagementServiceConfig.Read.All (from Intune's copy of the page), while Graph's own
 * reference (learn.microsoft.com/graph/api/organization-get) names User.Read (delegated) and
 * Organization.Read.All (application) least privileged. Both are accepted there.
 */
const LEAST_ALSO: Record<string, Partial<Record<GraphScheme, string[]>>> = {
  "GET /organization": { DelegatedWork: ["User.Read"], Application: ["Organization.Read.All"] },
};

/** The least-privileged permissions for the grants in one scheme: marked least, reads before writes, lowest privilege level. */
export function leastOf(
  grants: PathGrant[],
  scheme: GraphScheme,
  key?: string,
  ids?: GraphPermissionIndex["ids"],
): string[] {
  const also = (key && LEAST_ALSO[key]?.[scheme]) || [];
  let marked = grants.filter(
    (g) => g.least.includes(scheme) && (!ids || ids.get(g.permission)?.some((i) => i.scheme === scheme)),
  );
  if (marked.some((g) => !isWriteName(g.permission)))
    marked = marked.filter((g) => !isWriteName(g.permission));
  const level = (g: PathGrant) => g.privilege[scheme] ?? 0;
  const lowest = Math.min(...marked.map(level));
  return [...new Set([...marked.filter((g) => level(g) === lowest).map((g) => g.permission), ...also])];
}
