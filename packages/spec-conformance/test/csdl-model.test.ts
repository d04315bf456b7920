/** The CSDL parser and path resolver on a small hand-written document (runs without the spec files). */
import { describe, expect, it } from "vitest";
import { parseCsdl } from "../src/graph/csdl-model.js";
import { graphBodyProblems } from "../src/graph/graph-body.js";
import { resolveGraphPath } from "../src/graph/graph-path.js";

const CSDL = `<?xml version="1.0"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>
<Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
  <EntityType Name="entity" Abstract="true"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.String"/></EntityType>
  <EntityType Name="thing" BaseType="graph.entity">
    <Property Name="label" Type="Edm.String"><Annotation Term="Org.OData.Core.V1.Description" String="x"/></Property>
    <Property Name="size" Type="graph.size"/>
    <NavigationProperty Name="parts" Type="Collection(graph.thing)" ContainsTarget="true"/>
  </EntityType>
  <EntityType Name="bigThing" BaseType="graph.thing"><Property Name="weight" Type="Edm.Int32"/></EntityType>
  <ComplexType Name="size"><Property Name="width" Type="Edm.Int32"/></ComplexType>
  <Function Name="find" IsBound="true"><Parameter Name="bindingParameter" Type="Collection(graph.thing)"/><Parameter Name="q" Type="Edm.String"/><ReturnType Type="Collection(graph.thing)"/></Function>
  <Action Name="polish" IsBound="true"><Parameter Name="bindingParameter" Type="graph.thing"/></Action>
  <EntityContainer Name="GraphService"><EntitySet Name="things" EntityType="microsoft.graph.thing"/><Singleton Name="favourite" Type="microsoft.graph.thing"/></EntityContainer>
</Schema></edmx:DataServices></edmx:Edmx>`;

describe("CSDL model and path resolution", () => {
  const model = parseCsdl(CSDL);

  it("reads types with aliases resolved, base types, entity sets and singletons", () => {
    expect(model.types.get("microsoft.graph.thing")?.baseType).toBe("microsoft.graph.entity");
    expect(model.types.get("microsoft.graph.thing")?.properties.get("size")?.type).toBe(
      "microsoft.graph.size",
    );
    expect(model.entitySets.get("things")).toBe("microsoft.graph.thing");
    expect(model.singletons.get("favourite")).toBe("microsoft.graph.thing");
  });

  it("resolves keys, navigation, bound functions and actions, casts; refuses what is not there", () => {
    expect(resolveGraphPath(model, "/things/{id}/parts")).toMatchObject({
      ok: true,
      target: { type: "microsoft.graph.thing", collection: true },
    });
    expect(resolveGraphPath(model, "/things/find(q='{q}')")).toMatchObject({
      ok: true,
      target: { kind: "function", collection: true },
    });
    expect(resolveGraphPath(model, "/favourite/polish")).toMatchObject({
      ok: true,
      target: { kind: "action", type: undefined },
    });
    expect(resolveGraphPath(model, "/things/microsoft.graph.bigThing")).toMatchObject({
      ok: true,
      target: { type: "microsoft.graph.bigThing" },
    });
    expect(resolveGraphPath(model, "/things/{id}/wheels")).toMatchObject({ ok: false });
    expect(resolveGraphPath(model, "/things/find(x='{q}')")).toMatchObject({ ok: false });
    expect(resolveGraphPath(model, "/widgets")).toMatchObject({ ok: false });
  });

  it("checks bodies recursively, with base-type properties and @odata.type-derived ones", () => {
    const body = {
      value: [
        { id: "1", label: "a", size: { width: 2, depth: 3 } },
        { "@odata.type": "#microsoft.graph.bigThing", id: "2", weight: 4 },
        { id: "3", weight: 5 },
      ],
    };
    expect(graphBodyProblems(model, body, "microsoft.graph.thing", true)).toEqual([
      '$.value[0].size.depth: microsoft.graph.size has no property "depth"',
      '$.value[2].weight: microsoft.graph.thing has no property "weight"',
    ]);
  });
});
