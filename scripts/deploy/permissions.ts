/**
 * App and record permissions: the roles of a schema's `permissions` turned into the kintone
 * entities of one city — `admins` is kintone's built-in group Administrators, `everyone` its
 * group of every user, `staff` the entity the city names with `--staff` / KINTONE_STAFF
 * (`group:<code>`, `organization:<code>` or `user:<login>`). Without a staff entity the
 * apps are deployed for administrators only.
 *
 * The entries are written in role order (admins, staff, everyone): kintone applies the first
 * app-ACL entry that names a user, so an administrator who is also a clerk keeps every right,
 * and "everyone" (which kintone always keeps last) catches whoever else with no rights.
 */
import { appRights } from "../../schemas/permissions.ts";
import type { AppRight, AppSchema, Role } from "../../schemas/types.ts";
import { CliError } from "../lib/cli.ts";

export type EntityType = "USER" | "GROUP" | "ORGANIZATION";

export interface Entity {
  type: EntityType;
  code: string;
}

/** The roles in the order their app-ACL entries are written. */
export const ROLES: readonly Role[] = ["admins", "staff", "everyone"];

export const ADMINISTRATORS: Entity = { type: "GROUP", code: "Administrators" };
export const EVERYONE: Entity = { type: "GROUP", code: "everyone" };

const PREFIXES: Record<string, EntityType> = {
  group: "GROUP",
  organization: "ORGANIZATION",
  user: "USER",
};

/** `group:ninteigakari` → a GROUP entity; CliError for anything else. */
export const parseStaff = (text: string): Entity => {
  const m = /^(group|organization|user):(.+)$/i.exec(text.trim());
  const type = m ? PREFIXES[(m[1] ?? "").toLowerCase()] : undefined;
  const code = (m?.[2] ?? "").trim();
  if (!type || code === "") {
    throw new CliError(
      `職員の指定「${text}」が読めません。--staff（または KINTONE_STAFF）には group:<グループコード>、organization:<組織コード>、user:<ログイン名> のどれかを指定してください。`,
    );
  }
  const entity: Entity = { type, code };
  if (sameEntity(entity, ADMINISTRATORS) || sameEntity(entity, EVERYONE)) {
    throw new CliError(
      `職員に ${entityText(entity)} は指定できません。認定係の職員だけが入るグループ・組織・ユーザーを指定してください。`,
    );
  }
  return entity;
};

export const sameEntity = (a: Entity, b: Entity): boolean =>
  a.type === b.type && a.code === b.code;

/** `group:Administrators`, `user:clerk`: how the plan and the messages show an entity. */
export const entityText = (e: Entity): string =>
  `${e.type.toLowerCase()}:${e.code}`;

/** The entity a role stands for here; null for staff when the city named none. */
export const entityOf = (role: Role, staff: Entity | null): Entity | null => {
  if (role === "admins") {
    return ADMINISTRATORS;
  }
  return role === "everyone" ? EVERYONE : staff;
};

/** One entry of the app ACL as the plan shows it. */
export interface AclEntry {
  role: Role;
  entity: Entity;
  rights: AppRight[];
}

/** The app ACL a schema asks for with this staff entity, in priority order. */
export const aclEntries = (
  schema: AppSchema,
  staff: Entity | null,
): AclEntry[] =>
  ROLES.flatMap((role) => {
    const entity = entityOf(role, staff);
    const rights = schema.permissions.app[role];
    return entity
      ? [{ role, entity, rights: appRights.filter((r) => rights[r] === true) }]
      : [];
  });

type Json = Record<string, unknown>;

/** The body of app/acl.json's `rights`: every flag given, false for the rights not listed. */
export const appAclFor = (schema: AppSchema, staff: Entity | null): Json[] =>
  aclEntries(schema, staff).map((e) => ({
    entity: { ...e.entity },
    includeSubs: false,
    ...Object.fromEntries(appRights.map((r) => [r, e.rights.includes(r)])),
  }));

/** The body of record/acl.json's `rights` (conditions naming staff drop it when none is named). */
export const recordAclFor = (schema: AppSchema, staff: Entity | null): Json[] =>
  schema.permissions.record.map((r) => ({
    filterCond: r.filterCond,
    entities: r.entities.flatMap((e) => {
      const entity = entityOf(e.role, staff);
      return entity
        ? [
            {
              entity: { ...entity },
              viewable: e.viewable === true,
              editable: e.editable === true,
              deletable: e.deletable === true,
              includeSubs: false,
            },
          ]
        : [];
    }),
  }));

/** A JSON object (not an array, not null), as kintone's answers are read. */
export const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const flag = (v: unknown): boolean => v === true || v === "true";

const entityShape = (raw: unknown): Json => {
  const e = isObject(raw) ? raw : {};
  return { type: e.type, code: e.type === "CREATOR" ? null : e.code };
};

/**
 * An app ACL as compared: entity, includeSubs and the seven rights of each entry, in kintone's
 * order (the order is the priority, so it matters). An "everyone" entry with no right is left
 * out: kintone documents that leaving "everyone" out allows it nothing, so both mean the same
 * whether or not kintone answers the entry the deploy writes.
 */
export const appAclShape = (rights: readonly unknown[]): Json[] =>
  rights
    .map((raw): Json => {
      const r = isObject(raw) ? raw : {};
      return {
        entity: entityShape(r.entity),
        includeSubs: flag(r.includeSubs),
        ...Object.fromEntries(appRights.map((k) => [k, flag(r[k])])),
      };
    })
    .filter(
      (r) =>
        !(
          sameEntity(r.entity as unknown as Entity, EVERYONE) &&
          appRights.every((k) => !r[k])
        ),
    );

/** A record ACL as compared: conditions in order, each with its entities in order. */
export const recordAclShape = (rights: readonly unknown[]): Json[] =>
  rights.map((raw) => {
    const r = isObject(raw) ? raw : {};
    const entities = Array.isArray(r.entities) ? r.entities : [];
    return {
      filterCond: typeof r.filterCond === "string" ? r.filterCond : "",
      entities: entities.map((rawEntity: unknown) => {
        const e = isObject(rawEntity) ? rawEntity : {};
        return {
          entity: entityShape(e.entity),
          viewable: flag(e.viewable),
          editable: flag(e.editable),
          deletable: flag(e.deletable),
          includeSubs: flag(e.includeSubs),
        };
      }),
    };
  });

/** How the plan, --help and schemas/README.md name the roles and the rights. */
export const ROLE_LABELS: Record<Role, string> = {
  admins: "管理者",
  staff: "職員（認定係）",
  everyone: "全員",
};

/** The rights as kintone's app permission screen names them. */
export const APP_RIGHT_LABELS: Record<AppRight, string> = {
  appEditable: "アプリ管理",
  recordViewable: "レコード閲覧",
  recordAddable: "レコード追加",
  recordEditable: "レコード編集",
  recordDeletable: "レコード削除",
  recordImportable: "ファイルから読み込む",
  recordExportable: "ファイルに書き出す",
};

/** A right's label without its leading 「レコード」: 「閲覧」 for 「レコード閲覧」. */
export const shortLabel = (label: string): string =>
  label.replace(/^レコード/, "");

/** `閲覧・追加・編集` (the short form the plan uses); `なし` for no rights. */
export const shortRights = (rights: readonly AppRight[]): string =>
  rights.length === 0
    ? "なし"
    : rights.map((r) => shortLabel(APP_RIGHT_LABELS[r])).join("・");

/** The one line a deploy without a staff entity prints before its plan. */
export const NO_STAFF_NOTICE =
  "注意: 職員（--staff または KINTONE_STAFF）が指定されていないため、アクセス権は管理者（Administrators）だけに付与します。職員は各アプリを使えません。";
