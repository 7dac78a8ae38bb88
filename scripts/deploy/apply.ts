/**
 * The kintone side of a deploy, through documented REST APIs only (via rest-api-client):
 * reading an app's preview settings, checking a field for data, writing a plan to the preview
 * settings with the app's revision, and deploying (POST, then polling until SUCCESS).
 */
import type { KintoneRestAPIClient } from "@kintone/rest-api-client";
import type { AppIds } from "../lib/appsFile.ts";
import { classifyKintoneError } from "../../kintone/client.ts";
import { CliError } from "../lib/cli.ts";
import type { AppSchema, FieldSchema } from "../../schemas/types.ts";
import {
  ownViews,
  UNASSIGNED,
  type AppState,
  type Change,
  type Json,
} from "./plan.ts";
import { appAclFor, recordAclFor, type Entity } from "./permissions.ts";

type App = KintoneRestAPIClient["app"];
type Properties = Parameters<App["addFormFields"]>[0]["properties"];
type Layout = Parameters<App["updateFormLayout"]>[0]["layout"];
type Views = Parameters<App["updateViews"]>[0]["views"];
type AppAcl = Parameters<App["updateAppAcl"]>[0]["rights"];
type RecordAcl = Parameters<App["updateRecordAcl"]>[0]["rights"];
type Actions = NonNullable<
  Parameters<App["updateProcessManagement"]>[0]["actions"]
>;

/** kintone's refusal (its code, message and CB_VA01 details), or null for any other failure. */
export const kintoneErrorOf = (
  e: unknown,
): { code: string; message: string; errors?: unknown } | null => {
  const f = classifyKintoneError(e);
  return f.kind === "refused" ? f : null;
};

/** kintone's own words: each invalid key with its messages, or the message without its wrapping. */
const errorText = (k: { message: string; errors?: unknown }): string => {
  if (typeof k.errors === "object" && k.errors !== null) {
    return Object.entries(k.errors as Record<string, { messages?: string[] }>)
      .map(([key, v]) => `${key}: ${(v.messages ?? []).join(" ")}`)
      .join(" / ");
  }
  return k.message
    .replace(/^\[\d+\] \[[^\]]+\] /, "")
    .replace(/ \([^()]*\)$/, "");
};

/** Runs one kintone call; a kintone error becomes one Japanese line naming the app and step. */
export const step = async <T>(
  appName: string,
  what: string,
  call: () => Promise<T>,
): Promise<T> => {
  try {
    return await call();
  } catch (e) {
    const k = kintoneErrorOf(e);
    if (!k) {
      throw e;
    }
    throw new CliError(
      `アプリ「${appName}」の${what}で kintone がエラーを返しました（${k.code}）。${errorText(k)}`,
    );
  }
};

/**
 * An app's settings — fields, layout, views, process management, general settings — as the
 * preview (default) or live APIs answer them. kintone's errors are passed on as they are.
 */
export const readState = async (
  client: KintoneRestAPIClient,
  app: string,
  preview = true,
): Promise<AppState> => {
  const [fields, layout, views, status, general, acl, recordAcl] =
    await Promise.all([
      client.app.getFormFields({ app, preview }),
      client.app.getFormLayout({ app, preview }),
      client.app.getViews({ app, preview }),
      client.app.getProcessManagement({ app, preview }),
      client.app.getAppSettings({ app, preview }),
      client.app.getAppAcl({ app, preview }),
      client.app.getRecordAcl({ app, preview }),
    ]);
  return {
    general: general as unknown as Json,
    properties: fields.properties as unknown as Record<string, Json>,
    layout: layout.layout,
    views: views.views as unknown as Record<string, Json>,
    status: {
      enable: status.enable,
      states: status.states as unknown as Json | null,
      actions: status.actions as unknown as Json[] | null,
    },
    acl: acl.rights,
    recordAcl: recordAcl.rights,
    revision: fields.revision,
  };
};

const NO_VALUE_TYPES = ["GROUP", "LABEL", "SPACER", "HR", "REFERENCE_TABLE"];
const PAGE = 500;

const isEmptyValue = (v: unknown): boolean =>
  v === undefined ||
  v === null ||
  v === "" ||
  (Array.isArray(v) && v.length === 0);

/**
 * Whether any record holds a value in field `code` of the deployed app: pages through the
 * records by `$id`, reading only that field, and stops at the first non-empty value. A field
 * the live app does not have yet holds nothing.
 */
export const fieldHasData = async (
  client: KintoneRestAPIClient,
  app: string,
  code: string,
  type: string,
): Promise<boolean> => {
  if (NO_VALUE_TYPES.includes(type)) {
    return false;
  }
  let live: Record<string, unknown>;
  try {
    live = (await client.app.getFormFields({ app })).properties;
  } catch {
    return false; // never deployed: no records
  }
  if (!live[code]) {
    return false;
  }
  for (let last = 0; ;) {
    const { records } = await client.record.getRecords({
      app,
      fields: ["$id", code],
      query: `$id > ${last} order by $id asc limit ${PAGE}`,
    });
    if (records.some((r) => !isEmptyValue(r[code]?.value))) {
      return true;
    }
    const tail = records.at(-1);
    if (records.length < PAGE || !tail) {
      return false;
    }
    last = Number(tail.$id?.value);
  }
};

/** A schema field as the form-fields API takes it: the lookup's source app by id. */
export const fieldForRequest = (field: FieldSchema, ids: AppIds): Json => {
  if (!field.lookup) {
    return { ...field };
  }
  const source = field.lookup.relatedApp.code;
  const id = ids[source];
  if (!id) {
    throw new CliError(
      `フィールド「${field.code}」のルックアップ先アプリ「${source}」がまだありません。先に反映してください。`,
    );
  }
  return { ...field, lookup: { ...field.lookup, relatedApp: { app: id } } };
};

interface ApplyArgs {
  client: KintoneRestAPIClient;
  app: string;
  schema: AppSchema;
  state: AppState;
  changes: readonly Change[];
  ids: AppIds;
  /** The 認定係 clerks' entity (null: none named). */
  staff: Entity | null;
}

const revisionOf = (res: unknown, fallback: string): string => {
  const r = (res as { revision?: unknown }).revision;
  return typeof r === "string" || typeof r === "number" ? String(r) : fallback;
};

const fieldsOf = (
  changes: readonly Change[],
  kind: "addField" | "changeField" | "removeField",
): string[] => changes.flatMap((c) => (c.kind === kind ? [c.code] : []));

const propertiesFor = (
  codes: readonly string[],
  schema: AppSchema,
  ids: AppIds,
): Properties =>
  Object.fromEntries(
    codes.map((code) => [
      code,
      fieldForRequest(schema.fields[code] as FieldSchema, ids),
    ]),
  ) as unknown as Properties;

/** The views to send: the schema's, plus kintone's built-in ones as they are (kept). */
const viewsFor = (schema: AppSchema, state: AppState): Views => {
  const own = new Set(Object.keys(ownViews(state)));
  const builtin = Object.entries(state.views).filter(([n]) => !own.has(n));
  const count = Object.keys(schema.views).length;
  return Object.fromEntries([
    ...Object.values(schema.views).map((v) => [v.name, { ...v }]),
    ...builtin.map(([name, v], i) => [
      name,
      {
        type: v.type,
        name,
        index: String(count + i),
        fields: v.fields,
        filterCond: v.filterCond,
        sort: v.sort,
      },
    ]),
  ]) as Views;
};

const processFor = (schema: AppSchema) => {
  const p = schema.process;
  if (!p) {
    return { enable: false };
  }
  return {
    enable: true,
    // No assignees (one chosen from nobody): staff, the plugin and the scripts' API tokens run
    // the actions without naming an assignee. Left out, kintone assigns each status to the
    // record's creator and then asks every action for the assignee.
    states: Object.fromEntries(
      p.states.map((name, i) => [
        name,
        {
          name,
          index: String(i),
          assignee: { type: UNASSIGNED.type, entities: [] },
        },
      ]),
    ),
    actions: p.actions.map((a) => ({
      ...a,
      filterCond: a.filterCond ?? "",
    })) as Actions,
  };
};

/** Preview writes one after another, each with the revision the previous one returned. */
const revisionChain = (appName: string, start: string) => {
  let last: Promise<string> = Promise.resolve(start);
  return {
    write: (
      what: string,
      call: (revision: string) => Promise<unknown>,
    ): Promise<string> => {
      last = last.then(async (current) =>
        revisionOf(await step(appName, what, () => call(current)), current),
      );
      return last;
    },
    revision: () => last,
  };
};

type Chain = ReturnType<typeof revisionChain>;

/** General settings, system-field codes, field adds. */
const applySettingsAndAdds = async (a: ApplyArgs, w: Chain): Promise<void> => {
  const { client, app, schema, changes } = a;
  const general = changes.find((c) => c.kind === "general");
  if (general) {
    const body = Object.fromEntries(general.keys.map((k) => [k, schema[k]]));
    await w.write("一般設定の変更", (revision) =>
      client.app.updateAppSettings({ app, ...body, revision }),
    );
  }
  const renames = changes.flatMap((c) =>
    c.kind === "systemField" && c.from !== null
      ? [[c.from, { code: c.to }]]
      : [],
  );
  if (renames.length > 0) {
    const properties = Object.fromEntries(renames) as Properties;
    await w.write("システムフィールドのコード変更", (revision) =>
      client.app.updateFormFields({ app, properties, revision }),
    );
  }
  const added = fieldsOf(changes, "addField");
  if (added.length > 0) {
    const properties = propertiesFor(added, schema, a.ids);
    await w.write("フィールド追加", (revision) =>
      client.app.addFormFields({ app, properties, revision }),
    );
  }
};

/** Field updates, field deletes (at most 100 per request), layout. */
const applyFieldsAndLayout = async (a: ApplyArgs, w: Chain): Promise<void> => {
  const { client, app, schema, changes } = a;
  const updated = fieldsOf(changes, "changeField");
  if (updated.length > 0) {
    const properties = propertiesFor(updated, schema, a.ids);
    await w.write("フィールド変更", (revision) =>
      client.app.updateFormFields({ app, properties, revision }),
    );
  }
  const removed = fieldsOf(changes, "removeField");
  for (let i = 0; i < removed.length; i += 100) {
    const fields = removed.slice(i, i + 100);
    await w.write("フィールド削除", (revision) =>
      client.app.deleteFormFields({ app, fields, revision }),
    );
  }
  if (changes.some((c) => c.kind === "layout")) {
    const layout = schema.layout as unknown as Layout;
    await w.write("レイアウト変更", (revision) =>
      client.app.updateFormLayout({ app, layout, revision }),
    );
  }
};

const VIEW_KINDS: ReadonlyArray<Change["kind"]> = [
  "addView",
  "changeView",
  "removeView",
];

/** Process management, then views (which may filter on the status field). */
const applyProcessAndViews = async (a: ApplyArgs, w: Chain): Promise<void> => {
  const { client, app, schema, changes } = a;
  if (changes.some((c) => c.kind === "process")) {
    const body = processFor(schema);
    await w.write("プロセス管理の変更", (revision) =>
      client.app.updateProcessManagement({ app, ...body, revision }),
    );
  }
  if (changes.some((c) => VIEW_KINDS.includes(c.kind))) {
    const views = viewsFor(schema, a.state);
    await w.write("一覧の変更", (revision) =>
      client.app.updateViews({ app, views, revision }),
    );
  }
};

/** The app ACL, then the record ACL, as the schema gives them to this staff. */
const applyPermissions = async (a: ApplyArgs, w: Chain): Promise<void> => {
  const { client, app, schema, changes, staff } = a;
  if (changes.some((c) => c.kind === "appAcl")) {
    const rights = appAclFor(schema, staff) as AppAcl;
    await w.write("アプリのアクセス権の変更", (revision) =>
      client.app.updateAppAcl({ app, rights, revision }),
    );
  }
  if (changes.some((c) => c.kind === "recordAcl")) {
    const rights = recordAclFor(schema, staff) as RecordAcl;
    await w.write("レコードのアクセス権の変更", (revision) =>
      client.app.updateRecordAcl({ app, rights, revision }),
    );
  }
};

/**
 * Writes a plan to the app's preview settings in a safe order — general settings, system-field
 * codes, field adds, field updates, field deletes, layout, process management, views,
 * permissions — each
 * with the revision the previous write returned. Returns the last revision.
 */
export const applyChanges = async (a: ApplyArgs): Promise<string> => {
  const w = revisionChain(a.schema.name, a.state.revision);
  await applySettingsAndAdds(a, w);
  await applyFieldsAndLayout(a, w);
  await applyProcessAndViews(a, w);
  await applyPermissions(a, w);
  return w.revision();
};

export interface DeployWait {
  /** Give up after this long (default 5 minutes). */
  timeoutMs?: number;
  /** Time between status polls (default 1 s). */
  pollMs?: number;
  /** The clock the timeout is measured by (tests step it). */
  now?: () => number;
}

const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms);
  });

/** Deploys one app's preview settings and waits until kintone reports SUCCESS. */
export const deployApp = async (
  client: KintoneRestAPIClient,
  app: string,
  appName: string,
  revision: string | undefined,
  wait: DeployWait = {},
): Promise<void> => {
  const timeoutMs = wait.timeoutMs ?? 300_000;
  const pollMs = wait.pollMs ?? 1000;
  const now = wait.now ?? Date.now;
  await step(appName, "運用環境への反映", () =>
    client.app.deployApp({
      apps: [revision === undefined ? { app } : { app, revision }],
    }),
  );
  const started = now();
  for (;;) {
    const { apps } = await step(appName, "反映状況の確認", () =>
      client.app.getDeployStatus({ apps: [app] }),
    );
    const status = apps[0]?.status;
    if (status === "SUCCESS") {
      return;
    }
    if (status === "FAIL" || status === "CANCEL") {
      throw new CliError(
        `アプリ「${appName}」の運用環境への反映に失敗しました（${status}）。kintone の画面でアプリの設定を確認してから、もう一度実行してください。`,
      );
    }
    if (now() - started > timeoutMs) {
      throw new CliError(
        `アプリ「${appName}」の運用環境への反映が ${Math.round(timeoutMs / 1000)} 秒以内に終わりませんでした。kintone の画面で反映の状況を確認してから、もう一度実行してください。`,
      );
    }
    await sleep(pollMs);
  }
};
