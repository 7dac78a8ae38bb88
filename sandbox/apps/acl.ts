/**
 * Permissions — `(preview/)app/acl.json`, `(preview/)record/acl.json`, `(preview/)field/acl.json`
 * GET and preview PUT, and `records/acl/evaluate.json` (docs/kintone-behaviour.md §7.11).
 * Rights are stored as given after a light check (entity types, booleans with false as the
 * default, record conditions the query language accepts, field codes that exist); the group
 * "everyone" always comes last in the app ACL, as kintone treats it.
 *
 * Evaluation is simple: administrators and API tokens may do everything; other users get the
 * record rights of the first app-ACL entry naming them (user, one of their groups, or CREATOR
 * for the app's creator: `entityNames`), narrowed per field by the first field-ACL entity
 * naming them. Record ACL conditions and organizations are not evaluated.
 */
import { entityNames } from "../core/auth.ts";
import type { RequestContext, Route, SandboxUser } from "../core/context.ts";
import { errors, messages, validation } from "../core/errors.ts";
import { requiredArray, requiredId } from "../core/params.ts";
import { compileQuery, type FieldProperties } from "../query/index.ts";
import { propertiesWithStatus } from "./fields.ts";
import {
  requireApp,
  type AppDoc,
  type AppSettings,
  type Json,
} from "./model.ts";
import {
  findField,
  isObject,
  problems,
  readBoolean,
  readEnum,
  readRoutes,
  readString,
  texts,
  writeRoute,
  type Problems,
  LIVE_MANAGE,
} from "./settingsKit.ts";

const APP_ENTITIES = ["USER", "GROUP", "ORGANIZATION", "CREATOR"];
const ENTITIES = ["USER", "GROUP", "ORGANIZATION", "FIELD_ENTITY"];
const APP_FLAGS = [
  "appEditable",
  "recordViewable",
  "recordAddable",
  "recordEditable",
  "recordDeletable",
  "recordImportable",
  "recordExportable",
];

const readEntity = (
  raw: unknown,
  types: readonly string[],
  key: string,
  report: Problems,
): Json => {
  const e = isObject(raw) ? raw : {};
  if (e.type === undefined) {
    report.add(`${key}.type`, messages.requiredParam);
  }
  const type = readEnum(e.type, types, `${key}.type`, report) ?? "";
  const code =
    type === "CREATOR"
      ? null
      : (readString(e.code, `${key}.code`, report) ?? "");
  return { type, code };
};

const readFlags = (
  raw: Json,
  flags: readonly string[],
  key: string,
  report: Problems,
): Json =>
  Object.fromEntries(
    flags.map((f) => [f, readBoolean(raw[f], `${key}.${f}`, report) ?? false]),
  );

const readRights = (ctx: RequestContext): unknown[] => {
  const rights = ctx.params.rights;
  if (!Array.isArray(rights)) {
    throw validation({
      rights: [rights === undefined ? messages.requiredParam : texts.array],
    });
  }
  return rights;
};

const readEntityRights = (
  raw: unknown,
  key: string,
  report: Problems,
  read: (e: Json, key: string) => Json,
): Json[] => {
  if (!Array.isArray(raw)) {
    report.add(key, raw === undefined ? messages.requiredParam : texts.array);
    return [];
  }
  return raw.map((e, i) => read(isObject(e) ? e : {}, `${key}[${i}]`));
};

const updateAppAcl = (ctx: RequestContext, settings: AppSettings): void => {
  const report = problems();
  const rights = readRights(ctx).map((raw, i) => {
    const r = isObject(raw) ? raw : {};
    const key = `rights[${i}]`;
    return {
      entity: readEntity(r.entity, APP_ENTITIES, `${key}.entity`, report),
      ...readFlags(r, ["includeSubs", ...APP_FLAGS], key, report),
    };
  });
  report.check();
  const everyone = (r: Json): boolean =>
    isObject(r.entity) &&
    r.entity.type === "GROUP" &&
    r.entity.code === "everyone";
  settings.acl = [
    ...rights.filter((r) => !everyone(r)),
    ...rights.filter(everyone),
  ];
};

const updateRecordAcl = (ctx: RequestContext, settings: AppSettings): void => {
  const report = problems();
  const fields = propertiesWithStatus(settings) as unknown as FieldProperties;
  const rights = readRights(ctx).map((raw, i) => {
    const r = isObject(raw) ? raw : {};
    const key = `rights[${i}]`;
    const filterCond =
      readString(r.filterCond, `${key}.filterCond`, report) ?? "";
    if (filterCond.trim() !== "") {
      compileQuery(filterCond, fields);
    }
    const entities = readEntityRights(
      r.entities,
      `${key}.entities`,
      report,
      (e, k) => ({
        entity: readEntity(e.entity, ENTITIES, `${k}.entity`, report),
        ...readFlags(
          e,
          ["viewable", "editable", "deletable", "includeSubs"],
          k,
          report,
        ),
      }),
    );
    return { filterCond, entities };
  });
  report.check();
  settings.recordAcl = rights;
};

const updateFieldAcl = (ctx: RequestContext, settings: AppSettings): void => {
  const report = problems();
  const rights = readRights(ctx).map((raw, i) => {
    const r = isObject(raw) ? raw : {};
    const key = `rights[${i}]`;
    const code = readString(r.code, `${key}.code`, report) ?? "";
    if (!findField(settings.properties, code)) {
      report.add(`${key}.code`, texts.unknownField(code));
    }
    const entities = readEntityRights(
      r.entities,
      `${key}.entities`,
      report,
      (e, k) => ({
        accessibility:
          readEnum(
            e.accessibility,
            ["READ", "WRITE", "NONE"],
            `${k}.accessibility`,
            report,
          ) ?? "READ",
        entity: readEntity(e.entity, ENTITIES, `${k}.entity`, report),
        includeSubs:
          readBoolean(e.includeSubs, `${k}.includeSubs`, report) ?? false,
      }),
    );
    return { code, entities };
  });
  report.check();
  settings.fieldAcl = rights;
};

const fieldRights = (
  settings: AppSettings,
  record: Json,
  user: SandboxUser | null,
  creator: string,
): Json => {
  const out: Json = {};
  for (const [code, prop] of Object.entries(settings.properties)) {
    if (prop.type === "GROUP" || prop.type === "REFERENCE_TABLE") {
      continue;
    }
    const rule = settings.fieldAcl.find((r) => isObject(r) && r.code === code);
    const entities =
      isObject(rule) && Array.isArray(rule.entities) ? rule.entities : [];
    const match =
      user === null
        ? undefined
        : (entities as Json[]).find((e) =>
            entityNames(e.entity, user, creator),
          );
    const access = match ? String(match.accessibility) : "WRITE";
    out[code] = {
      viewable: record.viewable === true && access !== "NONE",
      editable: record.editable === true && access === "WRITE",
    };
  }
  return out;
};

const evaluate = (ctx: RequestContext): unknown => {
  const app: AppDoc = requireApp(
    ctx.store,
    requiredId(ctx.params, "app"),
    "live",
  );
  const ids = requiredArray(ctx.params, "ids");
  if (ids.length > 100) {
    throw validation({ ids: [texts.atMost(100)] });
  }
  const settings = app.live ?? app.preview;
  const caller = ctx.auth.kind === "password" ? ctx.auth.user : null;
  const user = caller && !caller.admin ? caller : null;
  const entry =
    user === null
      ? undefined
      : (settings.acl as Json[]).find((r) =>
          entityNames(r.entity, user, app.creator.code),
        );
  const rights = ids.map((raw, i) => {
    const id = requiredId({ [`ids[${i}]`]: raw }, `ids[${i}]`);
    if (!ctx.store.getRecord(app.id, id)) {
      throw errors.recordNotFound(id);
    }
    const record =
      user === null
        ? { viewable: true, editable: true, deletable: true }
        : {
            viewable: entry?.recordViewable === true,
            editable: entry?.recordEditable === true,
            deletable: entry?.recordDeletable === true,
          };
    return {
      id: String(id),
      record,
      fields: fieldRights(settings, record, user, app.creator.code),
    };
  });
  return { rights };
};

export const aclRoutes: Route[] = [
  ...readRoutes(
    "app/acl.json",
    (_ctx, { settings }) => ({ rights: settings.acl }),
    true,
    LIVE_MANAGE,
  ),
  writeRoute("PUT", "app/acl.json", updateAppAcl),
  ...readRoutes(
    "record/acl.json",
    (_ctx, { settings }) => ({ rights: settings.recordAcl }),
    true,
    LIVE_MANAGE,
  ),
  writeRoute("PUT", "record/acl.json", updateRecordAcl),
  ...readRoutes(
    "field/acl.json",
    (_ctx, { settings }) => ({ rights: settings.fieldAcl }),
    true,
    LIVE_MANAGE,
  ),
  writeRoute("PUT", "field/acl.json", updateFieldAcl),
  {
    // Password or session authentication only, record view or record add needed (「APIを実行した
    // ユーザーのレコードのアクセス権の設定を取得する」): an API token is refused with GAIA_NO01.
    method: "GET",
    api: "records/acl/evaluate.json",
    token: null,
    right: ["view", "add"],
    handler: evaluate,
  },
];
