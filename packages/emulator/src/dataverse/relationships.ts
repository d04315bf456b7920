/**
 * Table relationships (one-to-many and many-to-many), as EntityDefinitions' OneToManyRelationships /
 * ManyToOneRelationships / ManyToManyRelationships return them, and the navigation properties they
 * give $expand: a lookup column's single-valued property on the referencing (many) side, and a
 * collection-valued property on the referenced (one) side. Schema names are Dataverse's own.
 */

export interface OneToManyRelationship {
  schemaName: string;
  /** The "one" side (the table the lookup points at) and its key. */
  referencedEntity: string;
  referencedAttribute: string;
  /** The "many" side and its lookup column (logical name, e.g. parentcustomerid). */
  referencingEntity: string;
  referencingAttribute: string;
  /** Collection-valued navigation on the referenced table. */
  referencedNavigation: string;
  /** Single-valued navigation on the referencing table. */
  referencingNavigation: string;
}

export interface ManyToManyRelationship {
  schemaName: string;
  entity1: string;
  entity2: string;
  intersectEntity: string;
  entity1Navigation: string;
  entity2Navigation: string;
}

export const ONE_TO_MANY: OneToManyRelationship[] = [
  {
    schemaName: "account_primary_contact",
    referencedEntity: "contact",
    referencedAttribute: "contactid",
    referencingEntity: "account",
    referencingAttribute: "primarycontactid",
    referencedNavigation: "account_primary_contact",
    referencingNavigation: "primarycontactid",
  },
  {
    schemaName: "contact_customer_accounts",
    referencedEntity: "account",
    referencedAttribute: "accountid",
    referencingEntity: "contact",
    referencingAttribute: "parentcustomerid",
    referencedNavigation: "contact_customer_accounts",
    referencingNavigation: "parentcustomerid_account",
  },
  {
    schemaName: "business_unit_system_users",
    referencedEntity: "businessunit",
    referencedAttribute: "businessunitid",
    referencingEntity: "systemuser",
    referencingAttribute: "businessunitid",
    referencedNavigation: "business_unit_system_users",
    referencingNavigation: "businessunitid",
  },
  {
    schemaName: "business_unit_teams",
    referencedEntity: "businessunit",
    referencedAttribute: "businessunitid",
    referencingEntity: "team",
    referencingAttribute: "businessunitid",
    referencedNavigation: "business_unit_teams",
    referencingNavigation: "businessunitid",
  },
];

export const MANY_TO_MANY: ManyToManyRelationship[] = [
  {
    schemaName: "systemuserroles_association",
    entity1: "role",
    entity2: "systemuser",
    intersectEntity: "systemuserroles",
    entity1Navigation: "systemuserroles_association",
    entity2Navigation: "systemuserroles_association",
  },
];

/** A navigation property of a table, for $expand. */
export type Navigation =
  | { kind: "single"; name: string; target: string; lookupAttribute: string }
  | { kind: "collection"; name: string; target: string; referencingLookup: string }
  | { kind: "many-to-many"; name: string; target: string; relationship: string };

/** The navigation properties of `logicalName`, from the relationships above. */
export function navigationsOf(logicalName: string): Navigation[] {
  const out: Navigation[] = [];
  for (const r of ONE_TO_MANY) {
    if (r.referencingEntity === logicalName) {
      out.push({
        kind: "single",
        name: r.referencingNavigation,
        target: r.referencedEntity,
        lookupAttribute: `_${r.referencingAttribute}_value`,
      });
    }
    if (r.referencedEntity === logicalName) {
      out.push({
        kind: "collection",
        name: r.referencedNavigation,
        target: r.referencingEntity,
        referencingLookup: `_${r.referencingAttribute}_value`,
      });
    }
  }
  for (const r of MANY_TO_MANY) {
    if (r.entity1 === logicalName)
      out.push({
        kind: "many-to-many",
        name: r.entity1Navigation,
        target: r.entity2,
        relationship: r.schemaName,
      });
    if (r.entity2 === logicalName)
      out.push({
        kind: "many-to-many",
        name: r.entity2Navigation,
        target: r.entity1,
        relationship: r.schemaName,
      });
  }
  return out;
}
