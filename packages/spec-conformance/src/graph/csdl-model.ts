/**
 * The Graph v1.0 CSDL as a lookup model: structured types with their properties and base types, the
 * entity container, and the bound functions and actions per binding type. Parsed with fast-xml-parser
 * once per process (the file is 3.5 MB).
 */
import { XMLParser } from "fast-xml-parser";
import { specFile } from "../spec-file.js";
import { SPEC_FILES } from "../specs-dir.js";

export interface CsdlProperty {
  name: string;
  /** Qualified type, e.g. "Edm.String", "Collection(microsoft.graph.emailAddress)". */
  type: string;
  navigation: boolean;
}

export interface CsdlType {
  kind: "entity" | "complex";
  /** Qualified name, e.g. "microsoft.graph.user". */
  name: string;
  baseType: string | undefined;
  open: boolean;
  properties: Map<string, CsdlProperty>;
}

export interface CsdlOperation {
  kind: "function" | "action";
  name: string;
  /** The binding parameter's type, e.g. "microsoft.graph.driveItem" or "Collection(microsoft.graph.user)". */
  bindingType: string | undefined;
  parameters: string[];
  /** Parameter name -> qualified type (an action's JSON body has one member per parameter). */
  parameterTypes: Record<string, string>;
  returnType: string | undefined;
}

export interface CsdlModel {
  types: Map<string, CsdlType>;
  enums: Set<string>;
  /** Per type: the types derived from it directly. */
  derived: Map<string, string[]>;
  entitySets: Map<string, string>;
  singletons: Map<string, string>;
  /** Unbound operations by name (function and action imports). */
  imports: Map<string, CsdlOperation>;
  /** Bound operations by lowercase name. */
  bound: Map<string, CsdlOperation[]>;
}

// Elements that repeat in the CSDL: always arrays, so one element is not a special case.
const LISTS = new Set([
  "Schema",
  "EntityType",
  "ComplexType",
  "EnumType",
  "Property",
  "NavigationProperty",
  "Function",
  "Action",
  "Parameter",
  "EntitySet",
  "Singleton",
  "FunctionImport",
  "ActionImport",
  "EntityContainer",
]);

type Element = Record<string, unknown>;
const list = (value: unknown): Element[] => (Array.isArray(value) ? (value as Element[]) : []);
const attr = (element: Element, name: string): string | undefined => {
  const value = element[name];
  return typeof value === "string" ? value : undefined;
};

/** Parses CSDL text (the spec file, or a small document in a unit test). */
export function parseCsdl(text: string): CsdlModel {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "",
    removeNSPrefix: true,
    // Annotations are not needed and are most of the file's elements.
    updateTag: (name) => name !== "Annotation" && name !== "Annotations",
    isArray: (name, _path, _leaf, isAttribute) => !isAttribute && LISTS.has(name),
  });
  const root = parser.parse(text) as Element;
  const schemas = list(((root.Edmx as Element)?.DataServices as Element)?.Schema);
  const aliases = new Map<string, string>();
  for (const schema of schemas) {
    const namespace = attr(schema, "Namespace") ?? "";
    const alias = attr(schema, "Alias");
    if (alias) aliases.set(alias, namespace);
  }
  const qualify = (type: string | undefined): string | undefined => {
    if (!type) return undefined;
    const collection = /^Collection\((.+)\)$/.exec(type);
    if (collection) return `Collection(${qualify(collection[1])})`;
    const dot = type.lastIndexOf(".");
    const prefix = type.slice(0, dot);
    return aliases.has(prefix) ? `${aliases.get(prefix)}.${type.slice(dot + 1)}` : type;
  };

  const model: CsdlModel = {
    types: new Map(),
    enums: new Set(),
    derived: new Map(),
    entitySets: new Map(),
    singletons: new Map(),
    imports: new Map(),
    bound: new Map(),
  };
  const operations = new Map<string, CsdlOperation[]>();
  for (const schema of schemas) {
    const namespace = attr(schema, "Namespace") ?? "";
    for (const e of list(schema.EnumType)) model.enums.add(`${namespace}.${attr(e, "Name")}`);
    for (const [kind, elements] of [
      ["entity", list(schema.EntityType)],
      ["complex", list(schema.ComplexType)],
    ] as const) {
      for (const e of elements) {
        const name = `${namespace}.${attr(e, "Name")}`;
        const properties = new Map<string, CsdlProperty>();
        for (const p of list(e.Property)) {
          const pname = attr(p, "Name") ?? "";
          properties.set(pname, {
            name: pname,
            type: qualify(attr(p, "Type")) ?? "Edm.Untyped",
            navigation: false,
          });
        }
        for (const p of list(e.NavigationProperty)) {
          const pname = attr(p, "Name") ?? "";
          properties.set(pname, {
            name: pname,
            type: qualify(attr(p, "Type")) ?? "Edm.Untyped",
            navigation: true,
          });
        }
        const baseType = qualify(attr(e, "BaseType"));
        model.types.set(name, { kind, name, baseType, open: attr(e, "OpenType") === "true", properties });
        if (baseType) model.derived.set(baseType, [...(model.derived.get(baseType) ?? []), name]);
      }
    }
    for (const [kind, elements] of [
      ["function", list(schema.Function)],
      ["action", list(schema.Action)],
    ] as const) {
      for (const e of elements) {
        const name = attr(e, "Name") ?? "";
        const params = list(e.Parameter);
        const bound = attr(e, "IsBound") === "true";
        const returnType = qualify(attr((e.ReturnType as Element | undefined) ?? {}, "Type"));
        const operation: CsdlOperation = {
          kind,
          name,
          bindingType: bound ? qualify(attr(params[0] ?? {}, "Type")) : undefined,
          parameters: params.slice(bound ? 1 : 0).map((p) => attr(p, "Name") ?? ""),
          parameterTypes: Object.fromEntries(
            params
              .slice(bound ? 1 : 0)
              .map((p) => [attr(p, "Name") ?? "", qualify(attr(p, "Type")) ?? "Edm.Untyped"]),
          ),
          returnType,
        };
        if (bound) {
          const key = name.toLowerCase();
          model.bound.set(key, [...(model.bound.get(key) ?? []), operation]);
        } else {
          operations.set(`${namespace}.${name}`, [
            ...(operations.get(`${namespace}.${name}`) ?? []),
            operation,
          ]);
        }
      }
    }
  }
  for (const schema of schemas) {
    for (const container of list(schema.EntityContainer)) {
      for (const s of list(container.EntitySet)) {
        model.entitySets.set(attr(s, "Name") ?? "", qualify(attr(s, "EntityType")) ?? "");
      }
      for (const s of list(container.Singleton)) {
        model.singletons.set(attr(s, "Name") ?? "", qualify(attr(s, "Type")) ?? "");
      }
      for (const [key, elements] of [
        ["Function", list(container.FunctionImport)],
        ["Action", list(container.ActionImport)],
      ] as const) {
        for (const i of elements) {
          const target = operations.get(qualify(attr(i, key)) ?? "")?.[0];
          if (target) model.imports.set(attr(i, "Name") ?? "", target);
        }
      }
    }
  }
  return model;
}

/** The Graph v1.0 model from the specs folder (parsed once), or undefined when the file is absent. */
export function graphModel(dir?: string): CsdlModel | undefined {
  return specFile(SPEC_FILES.csdl, parseCsdl, dir);
}

/** The type and its base types, nearest first. */
export function typeChain(model: CsdlModel, name: string): CsdlType[] {
  const chain: CsdlType[] = [];
  let current = model.types.get(name);
  while (current && chain.length < 20) {
    chain.push(current);
    current = current.baseType ? model.types.get(current.baseType) : undefined;
  }
  return chain;
}

/** A property of the type or one of its base types. */
export function findProperty(model: CsdlModel, type: string, name: string): CsdlProperty | undefined {
  for (const t of typeChain(model, type)) {
    const property = t.properties.get(name);
    if (property) return property;
  }
  return undefined;
}

/** True when `type` is `base` or derives from it. */
export function derivesFrom(model: CsdlModel, type: string, base: string): boolean {
  return typeChain(model, type).some((t) => t.name === base);
}
