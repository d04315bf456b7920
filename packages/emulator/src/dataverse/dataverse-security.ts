import { nameBasedGuid } from "../ids.js";

/** A Dataverse security role (the `role` table) in an environment's root business unit. */
export interface SecurityRole {
  roleid: string;
  name: string;
  roletemplateid: string;
  _businessunitid_value: string;
  ismanaged: boolean;
}

export const SYSTEM_ADMINISTRATOR = "System Administrator";
export const BASIC_USER = "Basic User";

// System Administrator's template id is the same in every environment; the others are the
// emulator's own stable ids.
const ROLE_TEMPLATES: [string, string?][] = [
  [SYSTEM_ADMINISTRATOR, "627090ff-40a3-4053-8790-584edc5be201"],
  ["System Customizer"],
  [BASIC_USER],
  ["Environment Maker"],
  ["Service Reader"],
];

/** The built-in roles every environment has, with ids stable per environment. */
export function builtInRoles(environmentName: string, businessUnitId: string): SecurityRole[] {
  return ROLE_TEMPLATES.map(([name, template]) => ({
    roleid: nameBasedGuid("dataverse-role", environmentName, name),
    name,
    roletemplateid: template ?? nameBasedGuid("dataverse-role-template", name),
    _businessunitid_value: businessUnitId,
    ismanaged: true,
  }));
}

/**
 * The 403 Dataverse sends when the caller's roles lack a privilege (0x80040220), e.g.
 * prvReadAccount for a user with no security role at all.
 */
export function missingPrivilegeMessage(input: {
  systemuserid: string;
  accessMode: number;
  roleCount: number;
  privilege: string;
  objectTypeCode: number;
  logicalName: string;
}): string {
  const privilegeId = nameBasedGuid("dataverse-privilege", input.privilege);
  return (
    `Principal user (Id=${input.systemuserid}, type=8, roleCount=${input.roleCount}, privilegeCount=0, accessMode=${input.accessMode}), ` +
    `is missing ${input.privilege} privilege (Id=${privilegeId}) on OTC=${input.objectTypeCode} for entity '${input.logicalName}'. ` +
    `context.Caller=${input.systemuserid}`
  );
}
