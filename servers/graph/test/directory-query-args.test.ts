/** When a directory query needs Graph's advanced query parameters (ConsistencyLevel: eventual + $count=true). */
import { describe, expect, it } from "vitest";
import { advancedHeaders, directoryQuery, needsAdvancedQuery } from "../src/operations/query-args.js";

describe("advanced directory queries", () => {
  it.each([
    ["endswith(mail,'@contoso.com')", true],
    ["EndsWith(userPrincipalName,'@contoso.com')", true],
    ["department ne 'Finance'", true],
    ["not(startswith(displayName,'A'))", true],
    ["NOT startswith(displayName,'A')", true],
    ["accountEnabled eq true and mail ne null", true],
    ["startswith(displayName,'A')", false],
    ["displayName eq 'Anne ne Smith'", false],
    ["displayName eq 'not me'", false],
    ["displayName eq 'O''Neill' or jobTitle eq 'endswith(x,y)'", false],
  ])("filter %s -> %s", (filter, advanced) => {
    expect(needsAdvancedQuery({ filter })).toBe(advanced);
    expect(directoryQuery({ filter }).$count).toBe(advanced ? true : undefined);
    expect(advancedHeaders({ filter })).toEqual(advanced ? { ConsistencyLevel: "eventual" } : {});
  });

  it("$search always is; $orderby is when combined with $filter", () => {
    expect(directoryQuery({ search: "Adele" })).toMatchObject({
      $search: '"displayName:Adele"',
      $count: true,
    });
    expect(needsAdvancedQuery({ orderby: "displayName" })).toBe(false);
    expect(needsAdvancedQuery({ orderby: "displayName", filter: "startswith(displayName,'A')" })).toBe(true);
    expect(needsAdvancedQuery({})).toBe(false);
  });
});
