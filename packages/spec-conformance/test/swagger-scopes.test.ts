/** Reading the scopes and identities a swagger operation documents (hand-written descriptions). */
import { describe, expect, it } from "vitest";
import { documentedScopes, scopeRank } from "../src/swagger/swagger-scopes.js";

const fabric = (scopes: string, servicePrincipal: string) =>
  `Lists things.\n\n## Required Delegated Scopes\n\n${scopes}\n\n## Microsoft Entra supported identities\n\nThis API supports...\n\n| Identity | Support |\n|-|-|\n| User | Yes |\n| [Service principal](/x) and [Managed identities](/y) | ${servicePrincipal} |\n\n## Interface`;

describe("documented scopes", () => {
  it("reads Fabric's generic and *itemType* specific scopes and the service principal row", () => {
    const d = documentedScopes(
      fabric(
        " For item APIs use these scope types: \n- Generic scope: Item.ReadWrite.All or Item.Read.All \n- Specific scope: *itemType*.ReadWrite.All or *itemType*.Read.All (for example: Notebook.ReadWrite.All)",
        "Yes",
      ),
    );
    expect(d).toMatchObject({
      scopes: ["Item.ReadWrite.All", "Item.Read.All"],
      itemTypeSuffixes: [".ReadWrite.All", ".Read.All"],
      servicePrincipal: true,
      heading: "Required Delegated Scopes",
    });
  });

  it("a heading indented by a space (run job's description) is still a heading", () => {
    const d = documentedScopes(
      "> [!NOTE]\n> The URL changed.\n\n ## Required Delegated Scopes\n\n Generic scope: Item.Execute.All \n\n ## Interface",
    );
    expect(d).toMatchObject({ scopes: ["Item.Execute.All"], heading: "Required Delegated Scopes" });
  });

  it("a service principal row that says No is false; a condition is neither", () => {
    expect(documentedScopes(fabric("Workspace.Read.All", "No")).servicePrincipal).toBe(false);
    expect(
      documentedScopes(
        fabric("Workspace.Read.All", "When the item type in the call is supported. Check the API."),
      ).servicePrincipal,
    ).toBeUndefined();
  });

  it("reads Power BI's Required Scope section, and nothing without one", () => {
    const d = documentedScopes(
      "\n## Permissions\n\nA service principal profile.\n\n## Required Scope\n\nDataset.ReadWrite.All or Dataset.Read.All\n<br><br>",
    );
    expect(d.scopes).toEqual(["Dataset.ReadWrite.All", "Dataset.Read.All"]);
    expect(documentedScopes("No headings here. Workspace.Read.All").heading).toBeUndefined();
  });

  it("ranks read before execute before write", () => {
    expect(
      ["Item.ReadWrite.All", "Item.Execute.All", "Item.Read.All"].sort((a, b) => scopeRank(a) - scopeRank(b)),
    ).toEqual(["Item.Read.All", "Item.Execute.All", "Item.ReadWrite.All"]);
  });
});
