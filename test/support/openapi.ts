/**
 * Validates responses against kintone's official OpenAPI description, as trimmed and committed in
 * sandbox/contract/openapi.yaml (kintone/rest-api-spec, Apache-2.0; `npm run contract`), with ajv.
 *
 * kintone answers ids, revisions, counts and NUMBER values as JSON strings and some ids as null
 * (docs/kintone-behaviour.md §1.2), while the description types them as integers; the validator
 * therefore coerces scalars (ajv `coerceTypes`) before checking. Everything else — required
 * keys, object shapes, enums, arrays — is checked as written.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import * as ajvFormats from "ajv-formats";
import { parse } from "yaml";

type Schema = Record<string, unknown>;

interface OpenApi {
  paths: Record<
    string,
    Record<
      string,
      {
        responses?: Record<
          string,
          { content?: Record<string, { schema?: Schema }> }
        >;
      }
    >
  >;
  components: { schemas: Record<string, Schema> };
}

export const CONTRACT_PATH = join(
  process.cwd(),
  "sandbox",
  "contract",
  "openapi.yaml",
);

/**
 * Known defects of the description, corrected before use. PUT records.json: the two item shapes
 * of `records` (with and without `operation`) require no keys, so every answer matches both and
 * `oneOf` ("exactly one") can never hold; `anyOf` checks what was meant.
 */
const correctDefects = (s: OpenApi): void => {
  // GET (preview/)app/status.json: kintone answers `states: null, actions: null` for an app that
  // never enabled process management (docs/kintone-behaviour.md §7.7); the description omits null.
  for (const [path, item] of Object.entries(s.paths)) {
    const props = (
      item.get?.responses?.["200"]?.content?.["application/json"]?.schema as
        { properties?: Record<string, Schema> } | undefined
    )?.properties;
    if (/\/app\/status\.json$/.test(path) && props) {
      for (const key of ["states", "actions"]) {
        const original = props[key];
        if (original) {
          props[key] = { anyOf: [original, { type: "null" }] };
        }
      }
    }
  }
  for (const path of [
    "/k/v1/records.json",
    "/k/guest/{guestSpaceId}/v1/records.json",
  ]) {
    const schema =
      s.paths[path]?.put?.responses?.["200"]?.content?.["application/json"]
        ?.schema;
    const records = (schema?.properties as Record<string, Schema> | undefined)
      ?.records;
    if (records?.oneOf) {
      records.anyOf = records.oneOf;
      delete records.oneOf;
    }
  }
};

interface Contract {
  spec: OpenApi;
  ajv: Ajv2020;
  validators: Map<string, ValidateFunction | null>;
}

/** Contracts by file, loaded once each (tests may point at another file to break the check). */
const contracts = new Map<string, Contract>();

const load = (file: string): Contract => {
  let contract = contracts.get(file);
  if (!contract) {
    const spec = parse(readFileSync(file, "utf8")) as OpenApi;
    correctDefects(spec);
    const ajv = new Ajv2020({
      strict: false,
      coerceTypes: true,
      logger: false,
      allErrors: true,
      validateFormats: true,
    });
    // ajv-formats is CommonJS: its plugin is the module itself or its `default`.
    const plugin = ajvFormats as unknown as { default?: unknown };
    const addFormats = (
      typeof plugin === "function" ? plugin : plugin.default
    ) as (a: Ajv2020) => void;
    addFormats(ajv);
    // Unknown formats in the description ("long", "int32"…) are annotations only.
    for (const f of [
      "long",
      "int32",
      "int64",
      "double",
      "float",
      "number",
      "boolean",
    ]) {
      ajv.addFormat(f, true);
    }
    ajv.addSchema({ $id: "kintone", components: spec.components });
    contract = { spec, ajv, validators: new Map() };
    contracts.set(file, contract);
  }
  return contract;
};

/** Rewrites `#/components/...` references to the registered "kintone" document. */
const rebase = (schema: unknown): unknown => {
  if (Array.isArray(schema)) {
    return schema.map(rebase);
  }
  if (typeof schema === "object" && schema !== null) {
    return Object.fromEntries(
      Object.entries(schema).map(([k, v]) => [
        k,
        k === "$ref" && typeof v === "string" && v.startsWith("#/")
          ? `kintone${v}`
          : rebase(v),
      ]),
    );
  }
  return schema;
};

/** The validator of a path's 200 JSON response, or null when the description has none. */
const validatorFor = (
  file: string,
  method: string,
  path: string,
): ValidateFunction | null => {
  const { spec, ajv, validators } = load(file);
  const key = `${method} ${path}`;
  if (!validators.has(key)) {
    const schema =
      spec.paths[path]?.[method.toLowerCase()]?.responses?.["200"]?.content?.[
        "application/json"
      ]?.schema;
    validators.set(key, schema ? ajv.compile(rebase(schema) as Schema) : null);
  }
  return validators.get(key) ?? null;
};

export interface ResponseProblem {
  method: string;
  path: string;
  errors: string[];
}

/**
 * Checks one 200 response. `path` is the request path (`/k/v1/...` or `/k/guest/3/v1/...`);
 * returns null when it conforms, or the problems found, or "undescribed" when the description
 * has no such response. Throws when the contract file cannot be read.
 */
export const checkResponse = (
  method: string,
  path: string,
  body: unknown,
  contract: string = CONTRACT_PATH,
): ResponseProblem | "undescribed" | null => {
  const specPath_ = path.replace(
    /^\/k\/guest\/\d+\//,
    "/k/guest/{guestSpaceId}/",
  );
  const validate = validatorFor(contract, method, specPath_);
  if (!validate) {
    return "undescribed";
  }
  const copy = structuredClone(body);
  if (validate(copy)) {
    return null;
  }
  return {
    method,
    path,
    errors: (validate.errors ?? []).map(
      (e) => `${e.instancePath || "/"} ${e.message ?? ""}`,
    ),
  };
};
