import type { DirectoryState } from "../directory/directory-state.js";
import type { DirectoryUser } from "../directory/directory-types.js";
import { testPassword } from "./hosted-identity-seed.js";

/**
 * Adele Vance (the user the sign-in pages sign in: she is added first) and Megan Bowen, whom
 * the sample data gives mail, workspace roles and Dataverse rows in every seed. Both have a
 * password (new each run) for scripted sign-in: the test users of hosted mode.
 */
export function seedIdentityUsers(directory: DirectoryState): { adele: DirectoryUser; megan: DirectoryUser } {
  const domain = directory.tenant.defaultDomain;
  const adele = directory.addUser({
    upn: `adele@${domain}`,
    displayName: "Adele Vance",
    givenName: "Adele",
    surname: "Vance",
    jobTitle: "Retail Manager",
    mail: `adele@${domain}`,
    password: testPassword(),
  });
  const megan = directory.addUser({
    upn: `megan@${domain}`,
    displayName: "Megan Bowen",
    givenName: "Megan",
    surname: "Bowen",
    jobTitle: "Marketing Manager",
    mail: `megan@${domain}`,
    password: testPassword(),
  });
  return { adele, megan };
}
