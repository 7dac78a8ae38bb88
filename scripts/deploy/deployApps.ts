/**
 * The deploy as a function (the CLI, `npm start` and the types script call it in-process):
 * find or create each app of `appSchemas`, plan it against its preview settings, print the
 * plan, refuse to drop data unless allowed, then apply and deploy app after app in schema order
 * (a lookup's source app is live before the app that looks into it), and report the API tokens.
 * With nothing to change it writes nothing, and its last line is `変更なし`.
 */
import type { KintoneRestAPIClient } from "@kintone/rest-api-client";
import { appSchemas } from "../../schemas/index.ts";
import type { AppCode, AppSchema } from "../../schemas/types.ts";
import {
  DEFAULT_APPS_FILE,
  readAppIds,
  writeAppIds,
  type AppIds,
} from "../lib/appsFile.ts";
import { CliError } from "../lib/cli.ts";
import {
  applyChanges,
  deployApp,
  fieldHasData,
  kintoneErrorOf,
  readState,
  step,
  type DeployWait,
} from "./apply.ts";
import { formatPlans } from "./format.ts";
import { NO_STAFF_NOTICE, type Entity } from "./permissions.ts";
import {
  emptyState,
  livesBehind,
  planApp,
  type AppCodeOf,
  type AppPlan,
  type AppState,
  type Change,
} from "./plan.ts";
import {
  checkTokens,
  formatTokenTable,
  mintToken,
  readEnvFile,
  tokenNeeds,
  writeEnvFile,
  type Credentials,
  type TokenNeed,
  type TokenState,
} from "./tokens.ts";

export interface DeployOptions {
  /** An administrator's client (password auth). */
  client: KintoneRestAPIClient;
  /** The key of this kintone in the apps file; default the client's base URL. */
  baseUrl?: string;
  /** Where app ids are kept; default kintone.apps.json. */
  appsFile?: string;
  /** Print the plan only; write nothing (not even the apps file). */
  dryRun?: boolean;
  /** Delete fields that hold data. */
  allowDataLoss?: boolean;
  log?: (line: string) => void;
  /** The apps to deploy, in order; default `appSchemas`. */
  schemas?: readonly AppSchema[];
  deployWait?: DeployWait;
  /** Where to look for KINTONE_TOKEN_* to verify; default none. */
  tokenEnv?: Record<string, string | undefined>;
  /** Local kintone only: create the missing tokens and write them to `file` as env lines. */
  mintTokens?: { file: string; credentials: Credentials };
  /** Called after each app is applied (for a progress bar). */
  onProgress?: (done: number, total: number) => void;
  /**
   * The 認定係 clerks' entity, given the schemas' `staff` rights; absent or null: the apps are
   * deployed for administrators only, and the deploy says so.
   */
  staff?: Entity | null;
}

export interface DeployResult {
  plans: AppPlan[];
  ids: AppIds;
  /** Whether any app was (or, in a dry run, would be) changed. */
  changed: boolean;
  /** The state of each token by variable name. */
  tokens: Map<string, TokenState>;
}

interface Located {
  schema: AppSchema;
  plan: AppPlan;
  state: AppState;
}

/** The id of the one deployed app whose name is exactly `name`, if any. */
const findByName = async (
  client: KintoneRestAPIClient,
  name: string,
): Promise<string | undefined> => {
  const found: string[] = [];
  for (let offset = 0; ; offset += 100) {
    const { apps } = await client.app.getApps({ name, limit: 100, offset });
    found.push(...apps.filter((a) => a.name === name).map((a) => a.appId));
    if (apps.length < 100) {
      break;
    }
  }
  if (found.length > 1) {
    throw new CliError(
      `「${name}」という名前のアプリが複数あります（ID ${found.join("、")}）。使うアプリの ID をアプリ ID ファイルに書いてから実行してください。`,
    );
  }
  return found[0];
};

const readPreview = async (
  client: KintoneRestAPIClient,
  schema: AppSchema,
  app: string,
  appsFile: string,
): Promise<AppState> => {
  try {
    return await readState(client, app);
  } catch (e) {
    const code = kintoneErrorOf(e)?.code;
    if (code === "GAIA_AP01") {
      throw new CliError(
        `アプリ「${schema.name}」（ID ${app}）が kintone にありません。${appsFile} の ID を確かめるか、その行を消してから実行してください。`,
      );
    }
    return step(schema.name, "設定の読み込み", () => Promise.reject(e));
  }
};

const readLive = async (
  client: KintoneRestAPIClient,
  app: string,
): Promise<AppState | null> => {
  try {
    return await readState(client, app, false);
  } catch (e) {
    if (kintoneErrorOf(e)) {
      return null; // never deployed
    }
    throw e;
  }
};

/** Which app of the schemas an app id of this kintone is. */
const codeOfIn =
  (ids: AppIds): AppCodeOf =>
  (id) =>
    (Object.keys(ids) as AppCode[]).find((c) => ids[c] === id);

/** The changes of one app: against its preview settings, or against nothing if it is new. */
const changesFor = async (
  client: KintoneRestAPIClient,
  schema: AppSchema,
  app: string | undefined,
  ids: AppIds,
  appsFile: string,
  staff: Entity | null,
): Promise<{ state: AppState; changes: Change[] }> => {
  const codeOf = codeOfIn(ids);
  if (app === undefined) {
    const state = emptyState(schema);
    return {
      state,
      changes: [
        { kind: "createApp" },
        ...planApp(schema, state, codeOf, staff),
      ],
    };
  }
  const state = await readPreview(client, schema, app, appsFile);
  const changes = planApp(schema, state, codeOf, staff);
  if (changes.length === 0 && livesBehind(state, await readLive(client, app))) {
    return { state, changes: [{ kind: "deploy" }] };
  }
  return { state, changes };
};

/** Marks each field to remove with whether a record holds data in it. */
const markData = async (
  client: KintoneRestAPIClient,
  plan: AppPlan,
): Promise<void> => {
  for (const c of plan.changes) {
    if (c.kind === "removeField" && plan.appId !== null) {
      c.hasData = await fieldHasData(client, plan.appId, c.code, c.type);
    }
  }
};

/** Problems that stop a deploy before anything is written. */
const refusals = (
  plans: readonly AppPlan[],
  allowDataLoss: boolean,
): string[] =>
  plans.flatMap((p) =>
    p.changes.flatMap((c) => {
      if (c.kind === "retypeField") {
        return [
          `アプリ「${p.name}」のフィールド「${c.code}（${c.label}）」の種類は変えられません（${c.from} → ${c.to}）。別のフィールドコードにするか、kintone の画面で削除してから実行してください。`,
        ];
      }
      if (c.kind === "removeField" && c.hasData === true && !allowDataLoss) {
        return [
          `アプリ「${p.name}」のフィールド「${c.code}（${c.label}）」にはデータがあるため削除しません。削除してよければ --allow-data-loss を付けて実行してください。`,
        ];
      }
      return [];
    }),
  );

const locateAll = async (
  o: Required<Pick<DeployOptions, "client" | "schemas" | "staff">>,
  ids: AppIds,
  appsFile: string,
): Promise<Located[]> => {
  const located: Located[] = [];
  for (const schema of o.schemas) {
    const known = ids[schema.code];
    const app = known ?? (await findByName(o.client, schema.name));
    if (app !== undefined && known === undefined) {
      Object.assign(ids, { [schema.code]: app });
    }
    const { state, changes } = await changesFor(
      o.client,
      schema,
      app,
      ids,
      appsFile,
      o.staff,
    );
    const plan: AppPlan = {
      code: schema.code,
      name: schema.name,
      appId: app ?? null,
      changes,
    };
    await markData(o.client, plan);
    located.push({ schema, plan, state });
  }
  return located;
};

/** Creates the app if needed, writes its plan to the preview settings and deploys it. */
const applyOne = async (
  o: DeployOptions,
  l: Located,
  ids: AppIds,
  save: () => void,
): Promise<void> => {
  const { client } = o;
  let { state } = l;
  let changes: Change[] = l.plan.changes.filter((c) => c.kind !== "createApp");
  let app = l.plan.appId;
  if (app === null) {
    const created = await step(l.schema.name, "作成", () =>
      client.app.addApp({ name: l.schema.name }),
    );
    app = created.app;
    ids[l.schema.code] = app;
    l.plan.appId = app;
    save();
    state = await readPreview(client, l.schema, app, "");
    changes = planApp(l.schema, state, codeOfIn(ids), o.staff ?? null);
  }
  const revision = await applyChanges({
    client,
    app,
    schema: l.schema,
    state,
    changes,
    ids,
    staff: o.staff ?? null,
  });
  await deployApp(client, app, l.schema.name, revision, o.deployWait);
};

/** Mints the tokens `file` lacks (or holds invalid), deploys their apps, rewrites the file. */
const mintMissing = async (
  o: DeployOptions & { mintTokens: NonNullable<DeployOptions["mintTokens"]> },
  baseUrl: string,
  needs: readonly TokenNeed[],
  ids: AppIds,
): Promise<Map<string, TokenState>> => {
  const { file, credentials } = o.mintTokens;
  const values = readEnvFile(file);
  const states = await checkTokens(baseUrl, needs, ids, values);
  const touched = new Set<string>();
  for (const need of needs) {
    const app = ids[need.code];
    if (states.get(need.envName) === "ok" || !app) {
      continue;
    }
    values[need.envName] = await mintToken(
      baseUrl,
      credentials,
      app,
      need.rights,
    );
    states.set(need.envName, "minted");
    touched.add(app);
  }
  for (const app of touched) {
    const name = needs.find((n) => ids[n.code] === app)?.appName ?? app;
    await deployApp(o.client, app, name, undefined, o.deployWait);
  }
  if (touched.size > 0) {
    writeEnvFile(file, values);
    o.log?.(
      `API トークンを作成し、${file} に書きました（${touched.size} 個のアプリを更新）。`,
    );
  }
  return states;
};

const reportTokens = async (
  o: DeployOptions,
  baseUrl: string,
  schemas: readonly AppSchema[],
  ids: AppIds,
): Promise<Map<string, TokenState>> => {
  const needs = tokenNeeds(schemas);
  if (needs.length === 0) {
    return new Map();
  }
  const mint = o.mintTokens;
  const states =
    mint && !o.dryRun
      ? await mintMissing({ ...o, mintTokens: mint }, baseUrl, needs, ids)
      : await checkTokens(
          baseUrl,
          needs,
          ids,
          mint ? readEnvFile(mint.file) : (o.tokenEnv ?? {}),
        );
  const log = o.log ?? (() => undefined);
  formatTokenTable(needs, ids, states).forEach((line) => log(line));
  const bad = [...states.values()].filter(
    (s) => s === "missing" || s === "invalid",
  );
  if (bad.length > 0) {
    log(
      `  未設定または無効の API トークンが ${bad.length} 件あります。上の表のとおり作成し、環境変数に設定してください。`,
    );
  }
  return states;
};

/** Plans, prints and (unless a dry run) applies and deploys every app. */
export const deployApps = async (o: DeployOptions): Promise<DeployResult> => {
  const schemas = o.schemas ?? appSchemas;
  const appsFile = o.appsFile ?? DEFAULT_APPS_FILE;
  const baseUrl = (o.baseUrl ?? o.client.getBaseUrl() ?? "").replace(
    /\/+$/,
    "",
  );
  const log = o.log ?? (() => undefined);
  const ids: AppIds = { ...readAppIds(appsFile, baseUrl) };
  const staff = o.staff ?? null;
  if (!staff) {
    log(NO_STAFF_NOTICE);
  }
  const located = await locateAll(
    { client: o.client, schemas, staff },
    ids,
    appsFile,
  );
  const plans = located.map((l) => l.plan);
  formatPlans(plans).forEach((line) => log(line));
  const changed = plans.some((p) => p.changes.length > 0);
  const problems = refusals(plans, o.allowDataLoss === true);
  if (problems.length > 0 && !o.dryRun) {
    throw new CliError(problems.join(" "));
  }
  problems.forEach((p) => log(`注意: ${p}`));
  const save = () => writeAppIds(appsFile, baseUrl, ids);
  if (
    !o.dryRun &&
    JSON.stringify(ids) !== JSON.stringify(readAppIds(appsFile, baseUrl))
  ) {
    save();
  }
  const todo = o.dryRun ? [] : located.filter((l) => l.plan.changes.length > 0);
  for (const [i, l] of todo.entries()) {
    await applyOne(o, l, ids, save);
    log(
      `反映しました: 【${l.schema.name}】（アプリ ID ${l.plan.appId ?? ""}）`,
    );
    o.onProgress?.(i + 1, todo.length);
  }
  const tokens = await reportTokens(o, baseUrl, schemas, ids);
  if (!changed) {
    log("変更なし");
  } else if (o.dryRun) {
    log("--dry-run のため、何も書き込んでいません。");
  } else {
    log(`${todo.length} 個のアプリを反映しました。`);
  }
  return { plans, ids, changed, tokens };
};
