import type { CellValue, Dataset, RlsRole, SemanticTable } from "../workspaces/workspace-types.js";

/** Who the model's RLS rules see: USERPRINCIPALNAME() and the roles in force. */
export interface EffectiveUser {
  username: string;
  roles: string[];
}

/** True when the dataset has RLS roles (Power BI's isEffectiveIdentityRequired / ...RolesRequired). */
export const hasRls = (dataset: Dataset): boolean => (dataset.rls?.length ?? 0) > 0;

export const roleNamed = (dataset: Dataset, name: string): RlsRole | undefined =>
  dataset.rls?.find((role) => role.name.toLowerCase() === name.toLowerCase());

/** The roles a user is a member of (what executeQueries applies to a Viewer or an impersonated UPN). */
export function rolesOf(dataset: Dataset, upn: string): string[] {
  const who = upn.toLowerCase();
  return (dataset.rls ?? [])
    .filter((role) => role.members.some((member) => member.toLowerCase() === who))
    .map((role) => role.name);
}

/**
 * The model's tables as `user` sees them. Several roles combine as a union, as Power BI
 * documents ("all roles are simultaneously enforced ... the union of the data"): a row is
 * visible when any one role lets it through, and a role lets through every row of a table it
 * does not filter. A user in no role sees no rows at all.
 */
export function tablesFor(dataset: Dataset, user: EffectiveUser): SemanticTable[] {
  if (!hasRls(dataset)) return dataset.tables;
  const roles = user.roles
    .map((name) => roleNamed(dataset, name))
    .filter((role): role is RlsRole => role !== undefined);
  return dataset.tables.map((table) => ({
    ...table,
    rows: table.rows.filter((row) =>
      roles.some((role) => passes(dataset, role, table.name, row, user.username)),
    ),
  }));
}

function passes(
  dataset: Dataset,
  role: RlsRole,
  tableName: string,
  row: Record<string, CellValue>,
  username: string,
): boolean {
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  return role.filters
    .filter((filter) => same(filter.table, tableName))
    .every((filter) => {
      const value = row[filter.column] ?? null;
      if ("equals" in filter) return value === filter.equals;
      const mapping = dataset.tables.find((t) => same(t.name, filter.lookup.table));
      const allowed = (mapping?.rows ?? [])
        .filter((m) => {
          const key = m[filter.lookup.userColumn];
          return typeof key === "string" && same(key, username);
        })
        .map((m) => m[filter.lookup.valueColumn] ?? null);
      return allowed.includes(value);
    });
}
