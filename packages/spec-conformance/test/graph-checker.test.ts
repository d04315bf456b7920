/**
 * The Graph checker must be able to fail: each wrong operation below is reported with what is wrong,
 * and the right form of each passes. Runs against the real spec files (skipped without them).
 */
import { describe, expect, it } from "vitest";
import { graphModel } from "../src/graph/csdl-model.js";
import { graphChecker } from "../src/graph/graph-checker.js";
import { graphPermissionIndex } from "../src/graph/graph-permissions.js";
import { op, parts, specsPresent } from "./support.js";

describe.skipIf(!specsPresent)("graph checker against the Graph v1.0 specs", () => {
  const checker = () => {
    const model = graphModel();
    if (!model) throw new Error("CSDL missing");
    return graphChecker(model, graphPermissionIndex());
  };
  const readUsers = {
    app: ["User.ReadBasic.All", "User.Read.All"],
    delegated: ["User.ReadBasic.All", "User.Read.All"],
  };

  it("a path that is not in the spec is reported, naming the segment", () => {
    const result = checker().path(op("GET", "/users/{userId}/inventedThings"));
    expect(result.status).toBe("fail");
    expect(result.problems.join("\n")).toMatch(/"inventedThings" is no property.*microsoft\.graph\.user/);
    expect(checker().path(op("GET", "/nowhere")).problems.join()).toMatch(/no entity set, singleton/);
  });

  it("a method the target does not take is reported (POST on a function, GET on an action)", () => {
    expect(checker().path(op("GET", "/me/sendMail")).problems.join()).toMatch(
      /GET does not apply to a action/,
    );
    expect(checker().path(op("POST", "/me/sendMail")).status).toBe("pass");
  });

  it("navigation, bound functions with parameters, casts and $batch resolve", () => {
    const c = checker();
    for (const [method, path] of [
      ["GET", "/groups/{groupId}/transitiveMembers"],
      ["GET", "/reports/authenticationMethods/userRegistrationDetails"],
      ["GET", "/me/calendarView"],
      ["GET", "/drives/{driveId}/root/search(q='{q}')"],
      ["GET", "/groups/{groupId}/members/microsoft.graph.user"],
      ["POST", "/$batch"],
    ] as const) {
      expect(c.path(op(method, path)), path).toMatchObject({ status: "pass" });
    }
    expect(c.path(op("GET", "/drives/{driveId}/root/search(query='{q}')")).problems.join()).toMatch(
      /has no parameter query/,
    );
    expect(c.path(op("GET", "/groups/{groupId}/members/microsoft.graph.message")).problems.join()).toMatch(
      /does not derive/,
    );
  });

  it("an invalid query parameter is reported; OData options that apply pass", () => {
    const users = op("GET", "/users");
    expect(
      checker()
        .parameters(users, parts({ top: 5 }))
        .problems.join(),
    ).toMatch(/"top" is not an OData option/);
    expect(
      checker()
        .parameters(op("GET", "/users/{id}"), parts({ $top: 5 }))
        .problems.join(),
    ).toMatch(/\$top does not apply to a entity/);
    expect(checker().parameters(users, parts({ $top: 5, $select: "id" })).status).toBe("pass");
    expect(
      checker()
        .parameters(users, parts({}, { "X-Custom": "1" }))
        .problems.join(),
    ).toMatch(/header X-Custom/);
  });

  it("advanced queries on directory objects need ConsistencyLevel: eventual and $count=true", () => {
    const users = op("GET", "/users");
    const endswith = { $filter: "endswith(mail,'@contoso.com')" };
    expect(checker().parameters(users, parts(endswith)).problems.join()).toMatch(
      /advanced query.*ConsistencyLevel: eventual and \$count=true/,
    );
    expect(
      checker().parameters(users, parts({ ...endswith, $count: true }, { ConsistencyLevel: "eventual" }))
        .status,
    ).toBe("pass");
    expect(
      checker()
        .parameters(users, parts({ $search: '"displayName:a"' }))
        .problems.join(),
    ).toMatch(/\$search .* ConsistencyLevel/);
    // Messages are no directory objects: $search there needs no header.
    expect(checker().parameters(op("GET", "/me/messages"), parts({ $search: '"invoice"' })).status).toBe(
      "pass",
    );
  });

  it("a write permission listed first where a read one is least privileged is reported", () => {
    const result = checker().permissions(
      op("GET", "/users", {
        permissions: { ...readUsers, app: ["User.ReadWrite.All", "User.ReadBasic.All"] },
      }),
    );
    expect(result.problems.join("\n")).toMatch(
      /app: the first permission must be the least-privileged one for GET \/users: User\.ReadBasic\.All, not User\.ReadWrite\.All \(a write permission first/,
    );
    expect(checker().permissions(op("GET", "/users", { permissions: readUsers })).status).toBe("pass");
  });

  it("an app-only permission that exists only as delegated is reported, and the reverse", () => {
    const me = checker().permissions(
      op("GET", "/users", { permissions: { ...readUsers, app: ["User.ReadBasic.All", "User.Read"] } }),
    );
    expect(me.problems.join()).toMatch(/app: User\.Read is not an application permission/);
    const app = checker().permissions(
      op("GET", "/me/messages", {
        mode: "delegated",
        permissions: { delegated: ["Mail.ReadBasic", "Mail.ReadBasic.All"] },
      }),
    );
    expect(app.problems.join()).toMatch(/delegated: Mail\.ReadBasic\.All is not an delegated permission/);
  });

  it("a permission that does not allow the path, an unknown one, and a missing mode are reported", () => {
    const result = checker().permissions(
      op("GET", "/users", {
        permissions: { app: ["User.ReadBasic.All", "Mail.Read", "Users.Read.Everything"] },
      }),
    );
    const text = result.problems.join("\n");
    expect(text).toMatch(/Mail\.Read does not allow GET \/users/);
    expect(text).toMatch(/Users\.Read\.Everything is not a Microsoft Graph permission/);
    expect(text).toMatch(/no delegated permissions listed/);
  });

  it("a body with an invented property fails, naming the JSON path and the type", () => {
    const users = op("GET", "/users");
    const result = checker().body(
      users,
      200,
      { "@odata.context": "x", value: [{ id: "1", displayName: "A", favouriteColour: "red" }] },
      "app",
    );
    expect(result.problems).toEqual([
      '$.value[0].favouriteColour: microsoft.graph.user has no property "favouriteColour"',
    ]);
    expect(
      checker().body(users, 200, { value: [{ id: "1", displayName: "A", mail: null }] }, "app").status,
    ).toBe("pass");
    // Recursively into complex values (assignedLicenses is Collection(assignedLicense)).
    const nested = checker().body(
      op("GET", "/users/{id}"),
      200,
      { id: "1", assignedLicenses: [{ skuId: "s", seats: 3 }] },
      "app",
    );
    expect(nested.problems).toEqual([
      '$.assignedLicenses[0].seats: microsoft.graph.assignedLicense has no property "seats"',
    ]);
    // Only "value" and annotations at the top of a collection.
    expect(checker().body(users, 200, { value: [], total: 3 }, "app").problems.join()).toMatch(/\$\.total/);
  });

  it("@odata.type picks the derived type, which must derive from the declared one", () => {
    const members = op("GET", "/groups/{id}/members");
    const mixed = {
      value: [
        { "@odata.type": "#microsoft.graph.user", id: "1", userPrincipalName: "a@b" },
        { "@odata.type": "#microsoft.graph.device", id: "2", deviceId: "d" },
      ],
    };
    expect(checker().body(members, 200, mixed, "app").status).toBe("pass");
    const wrong = { value: [{ "@odata.type": "#microsoft.graph.user", id: "1", deviceId: "d" }] };
    expect(checker().body(members, 200, wrong, "app").problems).toEqual([
      '$.value[0].deviceId: microsoft.graph.user has no property "deviceId"',
    ]);
    const untyped = { value: [{ id: "1", userPrincipalName: "a@b" }] };
    expect(checker().body(members, 200, untyped, "app").problems.join()).toMatch(
      /directoryObject has no property "userPrincipalName"/,
    );
  });

  it("an app role the data files under its delegated name counts as the deployed <name>.All one", () => {
    // graph-permissions.json marks Calendars.ReadBasic least for the Application scheme, but the app
    // role Microsoft deploys (with an ID in provisioningInfo) is Calendars.ReadBasic.All.
    const calendar = op("GET", "/users/{userId}/calendarView", {
      permissions: {
        app: ["Calendars.ReadBasic.All", "Calendars.Read"],
        delegated: ["Calendars.ReadBasic", "Calendars.Read"],
      },
    });
    expect(checker().permissions(calendar).status).toBe("pass");
    const readFirst = checker().permissions({
      ...calendar,
      permissions: { ...calendar.permissions, app: ["Calendars.Read"] },
    });
    expect(readFirst.problems.join()).toMatch(
      /app: the first permission must be the least-privileged one for GET \/users\/\{id\}\/calendarview: Calendars\.ReadBasic\.All, not Calendars\.Read/,
    );
  });

  it("documented non-OData parameters pass only where documented", () => {
    expect(checker().parameters(op("GET", "/sites"), parts({ search: "contoso" })).status).toBe("pass");
    expect(
      checker().parameters(
        op("GET", "/me/calendarView"),
        parts({ startDateTime: "2025-01-01", endDateTime: "2025-02-01" }),
      ).status,
    ).toBe("pass");
    expect(checker().parameters(op("GET", "/users"), parts({ search: "contoso" })).status).toBe("fail");
  });

  it("$select, $expand and $orderby must name properties of the target type (derived types count)", () => {
    const messages = op("GET", "/me/messages");
    const wrong = checker().parameters(
      messages,
      parts({ $select: "subject,sender,importanceLevel", $orderby: "receivedAt desc" }),
    );
    expect(wrong.problems).toEqual([
      'test args: $select=importanceLevel: microsoft.graph.message has no property "importanceLevel"',
      'test args: $orderby=receivedAt: microsoft.graph.message has no property "receivedAt"',
    ]);
    expect(
      checker().parameters(
        messages,
        parts({ $select: "subject,from", $expand: "attachments($select=name,size)" }),
      ).status,
    ).toBe("pass");
    expect(
      checker()
        .parameters(messages, parts({ $expand: "subject" }))
        .problems.join(),
    ).toMatch(/no navigation property "subject"/);
    // Members are directoryObjects; a user's userPrincipalName is selectable there.
    expect(
      checker().parameters(
        op("GET", "/groups/{id}/members"),
        parts({ $select: "id,displayName,userPrincipalName" }),
      ).status,
    ).toBe("pass");
    // Generated placeholder values are not names.
    expect(
      checker().parameters(messages, [
        { label: "generated", generated: true, query: { $select: "x" }, headers: {} },
      ]).status,
    ).toBe("pass");
  });

  it("request bodies: an action's members are its parameters, each of its type", () => {
    const sendMail = op("POST", "/me/sendMail");
    const good = {
      message: {
        subject: "s",
        body: { contentType: "Text", content: "c" },
        toRecipients: [{ emailAddress: { address: "a@b" } }],
      },
      saveToSentItems: true,
    };
    expect(checker().requestBody(sendMail, [{ label: "sample", body: good }]).status).toBe("pass");
    const bad = { message: { subject: "s", bodyText: "c" }, saveToSentItems: true, urgent: true };
    expect(checker().requestBody(sendMail, [{ label: "sample", body: bad }]).problems).toEqual([
      'sample: $.message.bodyText: microsoft.graph.message has no property "bodyText"',
      'sample: $.urgent: sendMail has no parameter "urgent" (it has: Message, SaveToSentItems)',
    ]);
    // POST to a collection creates one entity of its type.
    const created = checker().requestBody(op("POST", "/groups"), [
      { label: "sample", body: { displayName: "g", mailEnabled: false, colour: "red" } },
    ]);
    expect(created.problems).toEqual(['sample: $.colour: microsoft.graph.group has no property "colour"']);
  });
});
