/**
 * Trims kintone's official OpenAPI description (kintone/rest-api-spec, Apache-2.0) down to the
 * contract the local kintone's tests check against: only the APIs the sandbox implements (in
 * the normal and the guest-space form), each with its parameters and its 200 JSON response
 * schema, and only the component schemas those reach. Descriptions, titles, examples and
 * request bodies go. The result is committed as sandbox/contract/openapi.yaml; the command that
 * writes it is scripts/contract.ts (`npm run contract -- <upstream openapi.yaml>`).
 *
 * Written by hand: OpenAPI tools bundle or validate documents, none keeps "these operations and
 * what they reference" while dropping prose, and the walk below is small.
 */

type Json = unknown;
type JsonObject = Record<string, Json>;

export interface Operation {
  method: string;
  /** Path after `/k/v1/`, e.g. `records.json`. */
  api: string;
}

export interface UpstreamDocument {
  openapi?: string;
  info?: { title?: string; version?: string };
  paths: Record<string, Record<string, JsonObject>>;
  components?: { schemas?: Record<string, Json> };
}

export interface TrimResult {
  document: {
    openapi: string;
    info: { title: string; version: string };
    paths: Record<string, Record<string, JsonObject>>;
    components: { schemas: Record<string, Json> };
  };
  /** Operations the upstream description does not have (left out). */
  missing: string[];
}

/** Keys of a schema object dropped from the contract: prose and samples only. */
const PROSE = new Set([
  "description",
  "title",
  "example",
  "examples",
  "$comment",
]);
/** Keys whose value is a map from names to schemas (the names are data, not keywords). */
const SCHEMA_MAPS = new Set([
  "properties",
  "patternProperties",
  "$defs",
  "dependentSchemas",
]);
/** Keys whose value is one schema. */
const SCHEMA_ONE = new Set([
  "items",
  "additionalProperties",
  "not",
  "if",
  "then",
  "else",
  "contains",
  "propertyNames",
  "unevaluatedItems",
  "unevaluatedProperties",
]);
/** Keys whose value is a list of schemas. */
const SCHEMA_LIST = new Set(["allOf", "anyOf", "oneOf", "prefixItems"]);

const isObject = (v: Json): v is JsonObject =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const REF = /^#\/components\/schemas\/(.+)$/;

/** A schema without prose; `refs` collects the component names it references. */
const trimSchema = (schema: Json, refs: Set<string>): Json => {
  if (!isObject(schema)) {
    return schema;
  }
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (PROSE.has(key) || key.startsWith("x-")) {
      continue;
    }
    if (key === "$ref" && typeof value === "string") {
      const name = REF.exec(value)?.[1];
      if (name) {
        refs.add(name);
      }
      out[key] = value;
    } else if (SCHEMA_MAPS.has(key) && isObject(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, s]) => [name, trimSchema(s, refs)]),
      );
    } else if (SCHEMA_ONE.has(key)) {
      out[key] = trimSchema(value, refs);
    } else if (SCHEMA_LIST.has(key) && Array.isArray(value)) {
      out[key] = value.map((s) => trimSchema(s, refs));
    } else {
      out[key] = value;
    }
  }
  return out;
};

const trimParameter = (p: Json, refs: Set<string>): Json => {
  if (!isObject(p)) {
    return p;
  }
  const out: JsonObject = { name: p.name, in: p.in };
  if (p.required !== undefined) {
    out.required = p.required;
  }
  if (p.schema !== undefined) {
    out.schema = trimSchema(p.schema, refs);
  }
  return out;
};

const trimOperation = (op: JsonObject, refs: Set<string>): JsonObject => {
  const out: JsonObject = {};
  if (Array.isArray(op.parameters) && op.parameters.length > 0) {
    out.parameters = op.parameters.map((p) => trimParameter(p, refs));
  }
  const responses = isObject(op.responses) ? op.responses : {};
  const ok = isObject(responses["200"]) ? responses["200"] : undefined;
  const content = ok && isObject(ok.content) ? ok.content : undefined;
  const json =
    content && isObject(content["application/json"])
      ? content["application/json"]
      : undefined;
  out.responses = {
    "200":
      json && json.schema !== undefined
        ? {
            content: {
              "application/json": { schema: trimSchema(json.schema, refs) },
            },
          }
        : {},
  };
  return out;
};

/** The paths an API has in kintone: the normal one and the guest-space one. */
export const pathsOf = (api: string): string[] => [
  `/k/v1/${api}`,
  `/k/guest/{guestSpaceId}/v1/${api}`,
];

export const trimOpenApi = (
  upstream: UpstreamDocument,
  operations: readonly Operation[],
): TrimResult => {
  const refs = new Set<string>();
  const paths: TrimResult["document"]["paths"] = {};
  const missing: string[] = [];
  const sorted = [...operations].sort(
    (a, b) => a.api.localeCompare(b.api) || a.method.localeCompare(b.method),
  );
  for (const { method, api } of sorted) {
    const m = method.toLowerCase();
    for (const path of pathsOf(api)) {
      const op = upstream.paths[path]?.[m];
      if (!isObject(op)) {
        missing.push(`${method.toUpperCase()} ${path}`);
        continue;
      }
      (paths[path] ??= {})[m] = trimOperation(op, refs);
    }
  }
  // Components reached from the kept operations, and from those components, transitively.
  const all = upstream.components?.schemas ?? {};
  const schemas: Record<string, Json> = {};
  const queue = [...refs];
  for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
    if (name in schemas || !(name in all)) {
      continue;
    }
    const found = new Set<string>();
    schemas[name] = trimSchema(all[name], found);
    queue.push(...found);
  }
  const sortedSchemas = Object.fromEntries(
    Object.keys(schemas)
      .sort()
      .map((k) => [k, schemas[k]]),
  );
  return {
    document: {
      openapi: upstream.openapi ?? "3.1.0",
      info: {
        title: upstream.info?.title ?? "kintone REST API",
        version: upstream.info?.version ?? "unknown",
      },
      paths,
      components: { schemas: sortedSchemas },
    },
    missing,
  };
};
