/**
 * Writes the demo data to kintone, idempotently: records are matched by their key (事業所番号,
 * 申請番号, メールアドレス, 被保険者番号), compared field by field, and only the missing ones are
 * added and the differing ones updated — with just the fields that differ, so 更新日時 of an
 * unchanged record stays. Registrations are then moved through the process actions to their
 * state, when they are not there yet. A dry run reads and counts, and writes nothing.
 */
import type { KintoneRestAPIClient } from "@kintone/rest-api-client";
import type { IsoDate } from "../../domain/date.ts";
import { quoteQueryValue } from "../../kintone/query.ts";
import { registration as registrationSchema } from "../../schemas/apps/registration.ts";
import type { ProcessSchema } from "../../schemas/types.ts";
import {
  DEMO_EMAIL,
  generateDemoData,
  type DemoRegistration,
  type SeedRecord,
} from "./generate.ts";

/** The apps the seed writes to, by id in this kintone. */
export interface SeedAppIds {
  offices: string;
  progress: string;
  registration: string;
  consent: string;
}

export interface Counts {
  added: number;
  changed: number;
  unchanged: number;
}

export interface RegistrationCounts extends Counts {
  /** Process actions run (or, in a dry run, to run). */
  actions: number;
  /** Records whose state cannot reach the intended one by any action; left as they are. */
  stuck: number;
}

export interface SeedResult {
  offices: Counts;
  progress: Counts;
  registration: RegistrationCounts;
  consent: Counts;
}

/** Draws progress for `total` writes; called with the number done so far. */
export type ProgressFactory = (
  label: string,
  total: number,
) => (done: number) => void;

export interface SeedOptions {
  client: KintoneRestAPIClient;
  appIds: SeedAppIds;
  today: IsoDate;
  seed: number;
  dryRun?: boolean;
  log?: (line: string) => void;
  progress?: ProgressFactory;
}

type KintoneRecord = Record<string, { type: string; value: unknown }>;

/** Records per request: kintone takes up to 100 in one records.json call. */
const CHUNK = 100;

const chunks = <T>(items: readonly T[], size = CHUNK): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
};

/** The records whose `key` is one of `keys`, by key (the first when a key repeats). */
export const readByKeys = async (
  client: KintoneRestAPIClient,
  app: string,
  key: string,
  keys: readonly string[],
): Promise<Map<string, KintoneRecord>> => {
  const found = new Map<string, KintoneRecord>();
  for (const part of chunks([...new Set(keys)])) {
    const records = (await client.record.getAllRecords({
      app,
      condition: `${key} in (${part.map(quoteQueryValue).join(", ")})`,
    })) as KintoneRecord[];
    for (const r of records) {
      const k = String(r[key]?.value ?? "");
      if (!found.has(k)) {
        found.set(k, r);
      }
    }
  }
  return found;
};

const sameValue = (
  type: string | undefined,
  have: unknown,
  want: string | string[],
): boolean => {
  if (Array.isArray(want)) {
    const list = Array.isArray(have) ? have.map(String) : [];
    return (
      list.length === want.length &&
      [...list].sort().join("\n") === [...want].sort().join("\n")
    );
  }
  const text = have === null || have === undefined ? "" : String(have);
  if (type === "DATETIME" && text !== "" && want !== "") {
    return Date.parse(text) === Date.parse(want);
  }
  return text === want;
};

/** The fields of `desired` whose value in `existing` differs. */
export const differences = (
  existing: KintoneRecord,
  desired: SeedRecord,
): SeedRecord =>
  Object.fromEntries(
    Object.entries(desired).filter(
      ([code, want]) =>
        !sameValue(existing[code]?.type, existing[code]?.value, want),
    ),
  );

export interface UpsertPlan {
  adds: SeedRecord[];
  updates: Array<{ id: string; record: SeedRecord }>;
  unchanged: number;
}

/** What to add and what to update so that the records keyed by `key` hold `desired`. */
export const planUpserts = (
  desired: readonly SeedRecord[],
  existing: ReadonlyMap<string, KintoneRecord>,
  key: string,
): UpsertPlan => {
  const plan: UpsertPlan = { adds: [], updates: [], unchanged: 0 };
  for (const record of desired) {
    const found = existing.get(String(record[key]));
    if (!found) {
      plan.adds.push(record);
      continue;
    }
    const diff = differences(found, record);
    if (Object.keys(diff).length === 0) {
      plan.unchanged++;
    } else {
      plan.updates.push({ id: String(found.$id?.value), record: diff });
    }
  }
  return plan;
};

const toKintone = (record: SeedRecord) =>
  Object.fromEntries(
    Object.entries(record).map(([code, value]) => [code, { value }]),
  );

/** Carries out a plan in chunks of 100; returns the ids of the added records, in order. */
const applyPlan = async (
  client: KintoneRestAPIClient,
  app: string,
  plan: UpsertPlan,
  onProgress: (done: number) => void,
): Promise<string[]> => {
  const ids: string[] = [];
  let done = 0;
  onProgress(done);
  for (const part of chunks(plan.adds)) {
    const added = await client.record.addRecords({
      app,
      records: part.map(toKintone),
    });
    ids.push(...added.ids);
    done += part.length;
    onProgress(done);
  }
  for (const part of chunks(plan.updates)) {
    await client.record.updateRecords({
      app,
      records: part.map((u) => ({ id: u.id, record: toKintone(u.record) })),
    });
    done += part.length;
    onProgress(done);
  }
  return ids;
};

/**
 * The shortest path of action names from one process state to another, moving only forward in
 * the order of the states (as a reviewer would; never 再申請 back to the start), or null.
 */
export const actionPath = (
  process: ProcessSchema,
  from: string,
  to: string,
): string[] | null => {
  const rank = (state: string) => process.states.indexOf(state);
  const forward = process.actions.filter((a) => rank(a.to) > rank(a.from));
  const paths = new Map<string, string[]>([[from, []]]);
  const queue = [from];
  for (let state = queue.shift(); state !== undefined; state = queue.shift()) {
    const path = paths.get(state) ?? [];
    if (state === to) {
      return path;
    }
    for (const a of forward.filter((x) => x.from === state)) {
      if (!paths.has(a.to)) {
        paths.set(a.to, [...path, a.name]);
        queue.push(a.to);
      }
    }
  }
  return null;
};

const statusOf = (record: KintoneRecord): string =>
  String(Object.values(record).find((f) => f.type === "STATUS")?.value ?? "");

const withoutUndefined = (record: object): SeedRecord =>
  Object.fromEntries(
    Object.entries(record).filter(([, v]) => v !== undefined),
  ) as SeedRecord;

interface Context {
  o: SeedOptions;
  log: (line: string) => void;
}

const countsLine = (label: string, c: Counts, dryRun: boolean): string =>
  `${dryRun ? "[ドライラン] " : ""}${label}: 追加 ${c.added} 件・変更 ${c.changed} 件・変更なし ${c.unchanged} 件`;

const noProgress = (): ((done: number) => void) => () => undefined;

/** Reads, plans and (unless dry) writes one app's records. */
const syncApp = async (
  c: Context,
  app: string,
  key: string,
  label: string,
  desired: readonly SeedRecord[],
) => {
  const { client, dryRun = false } = c.o;
  const existing = await readByKeys(
    client,
    app,
    key,
    desired.map((r) => String(r[key])),
  );
  const plan = planUpserts(desired, existing, key);
  const writes = plan.adds.length + plan.updates.length;
  const addedIds =
    dryRun || writes === 0
      ? []
      : await applyPlan(
          client,
          app,
          plan,
          (c.o.progress ?? noProgress)(label, writes),
        );
  const counts: Counts = {
    added: plan.adds.length,
    changed: plan.updates.length,
    unchanged: plan.unchanged,
  };
  return { existing, plan, addedIds, counts };
};

interface StateMove {
  id: string | undefined;
  email: string;
  from: string;
  to: string;
  path: string[] | null;
}

/** Where each registration stands and which actions bring it to its intended state. */
const stateMoves = (
  registrations: readonly DemoRegistration[],
  existing: ReadonlyMap<string, KintoneRecord>,
  addedIds: readonly string[],
): StateMove[] => {
  const process = registrationSchema.process as ProcessSchema;
  const start = process.states[0] ?? "";
  let nextAdded = 0;
  return registrations.map((r) => {
    const found = existing.get(r.record.email);
    const id = found ? String(found.$id?.value) : addedIds[nextAdded++];
    const from = found ? statusOf(found) : start;
    return {
      id,
      email: r.record.email,
      from,
      to: r.status,
      path: actionPath(process, from, r.status),
    };
  });
};

const syncRegistrations = async (
  c: Context,
  registrations: readonly DemoRegistration[],
): Promise<RegistrationCounts> => {
  const app = c.o.appIds.registration;
  const { existing, plan, addedIds, counts } = await syncApp(
    c,
    app,
    "email",
    "事業所利用登録",
    registrations.map((r) => withoutUndefined(r.record)),
  );
  const moves = stateMoves(registrations, existing, addedIds);
  const changedIds = new Set(plan.updates.map((u) => u.id));
  let actions = 0;
  let moved = 0;
  for (const m of moves) {
    if (m.path === null) {
      c.log(
        `事業所利用登録 ${m.email} は「${m.from}」から「${m.to}」へ進めるアクションがないため、状態はそのままにしました。`,
      );
      continue;
    }
    if (
      m.path.length > 0 &&
      existing.has(m.email) &&
      !changedIds.has(m.id ?? "")
    ) {
      moved++;
    }
    actions += m.path.length;
    for (const action of c.o.dryRun ? [] : m.path) {
      await c.o.client.record.updateRecordStatus({
        app,
        id: m.id ?? "",
        action,
      });
    }
  }
  return {
    ...counts,
    changed: counts.changed + moved,
    unchanged: counts.unchanged - moved,
    actions,
    stuck: moves.filter((m) => m.path === null).length,
  };
};

/**
 * Generates the demo data for `seed` and `today` and brings the four apps to hold it. Returns
 * what was (or, with `dryRun`, would be) added, changed and left as it was.
 */
export const seed = async (o: SeedOptions): Promise<SeedResult> => {
  const c: Context = { o, log: o.log ?? (() => undefined) };
  const dryRun = o.dryRun ?? false;
  const data = generateDemoData({ seed: o.seed, today: o.today });
  const sync = async (
    app: string,
    key: string,
    label: string,
    records: readonly SeedRecord[],
  ): Promise<Counts> => {
    const { counts } = await syncApp(c, app, key, label, records);
    c.log(countsLine(label, counts, dryRun));
    return counts;
  };
  const offices = await sync(
    o.appIds.offices,
    "officeNo",
    "事業所マスタ",
    data.offices,
  );
  const progress = await sync(
    o.appIds.progress,
    "applicationNo",
    "認定進捗",
    data.applications,
  );
  const registration = await syncRegistrations(c, data.registrations);
  c.log(
    `${countsLine("事業所利用登録", registration, dryRun)}（プロセス管理のアクション ${registration.actions} 回）`,
  );
  const consent = await sync(
    o.appIds.consent,
    "insuredNo",
    "同意",
    data.consents,
  );
  return { offices, progress, registration, consent };
};

export { DEMO_EMAIL };
