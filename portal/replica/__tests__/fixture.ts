/**
 * Test fixture: a local kintone with the five apps deployed by the deploy tool, the demo data
 * seeded, read-only portal tokens minted for the four apps the replica reads, every response
 * counted, and a temporary folder for replica files.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jstDateOf, type IsoDate } from "../../../domain/date.ts";
import { deployForTest } from "../../../scripts/seed/__tests__/deployForTest.ts";
import { DEFAULT_SEED } from "../../../scripts/seed/generate.ts";
import { seed } from "../../../scripts/seed/write.ts";
import {
  expectConformingResponses,
  startTestSandbox,
  type TestSandbox,
} from "../../../test/support/sandbox.ts";
import {
  openReplica,
  type Replica,
  type ReplicaApp,
  type ReplicaOptions,
} from "../replica.ts";
import { replicaApps } from "../rows.ts";
import type { KintoneRecord } from "../types.ts";

export interface Seeded {
  t: TestSandbox;
  apps: Record<ReplicaApp, string>;
  /** Read-only (view) tokens of the portal, per app. */
  tokens: Record<ReplicaApp, string>;
  today: IsoDate;
  dir: string;
  /** Every response of the local kintone: method and path. */
  responses: Array<{ method: string; path: string }>;
  /** A new replica file in the test folder, reading the local kintone with the tokens. */
  open: (o?: Partial<ReplicaOptions>) => Replica;
  /** Stops the local kintone (once; the lifecycle's afterAll does it otherwise). */
  stopKintone: () => Promise<void>;
  /** Moves the local kintone's clock ahead (its 更新日時), by milliseconds added to now. */
  clockAhead: (ms: number) => void;
  /** Every record of an app, read over REST (admin). */
  all: (app: ReplicaApp) => Promise<KintoneRecord[]>;
}

let files = 0;

export const startSeeded = async (): Promise<Seeded> => {
  const responses: Seeded["responses"] = [];
  let ahead = 0;
  const t = await startTestSandbox({
    onResponse: (method, path) => responses.push({ method, path }),
    now: () => new Date(Date.now() + ahead),
  });
  const dir = mkdtempSync(join(tmpdir(), "replica-"));
  const ids = await deployForTest(
    t.client,
    t.sandbox.url,
    join(dir, "apps.json"),
  );
  const today = jstDateOf(Date.now()) as IsoDate;
  await seed({ client: t.client, appIds: ids, today, seed: DEFAULT_SEED });
  const apps: Record<ReplicaApp, string> = {
    progress: ids.progress,
    registration: ids.registration,
    consent: ids.consent,
    offices: ids.offices,
  };
  const tokens = Object.fromEntries(
    replicaApps.map((a) => [
      a,
      t.sandbox.mintToken(Number(apps[a]), { view: true }, true),
    ]),
  ) as Record<ReplicaApp, string>;
  const open = (o: Partial<ReplicaOptions> = {}): Replica =>
    openReplica({
      file: join(dir, `replica-${++files}.sqlite`),
      baseUrl: t.sandbox.url,
      tokens,
      apps,
      ...o,
    });
  const all = async (app: ReplicaApp): Promise<KintoneRecord[]> =>
    (await t.client.record.getAllRecords({
      app: apps[app],
    })) as KintoneRecord[];
  let stopped: Promise<void> | undefined;
  const stopKintone = (): Promise<void> => (stopped ??= t.close());
  const clockAhead = (ms: number): void => {
    ahead = ms;
  };
  return {
    t,
    apps,
    tokens,
    today,
    dir,
    responses,
    open,
    all,
    stopKintone,
    clockAhead,
  };
};

/** The usual lifecycle: start before all tests, close (kintone and folder) after all. */
export const useSeeded = (): (() => Seeded) => {
  let s: Seeded | undefined;
  beforeAll(async () => {
    s = await startSeeded();
  });
  afterEach(() => {
    if (s) {
      expectConformingResponses(s.t);
    }
  });
  afterAll(async () => {
    await s?.stopKintone();
    if (s) {
      rmSync(s.dir, { recursive: true, force: true });
    }
  });
  return () => {
    if (!s) {
      throw new Error("the seeded kintone is not started");
    }
    return s;
  };
};

/** Responses of the record APIs (what the replica calls) counted per app path. */
export const recordRequests = (
  responses: ReadonlyArray<{ method: string; path: string }>,
): number => responses.filter((r) => r.path.startsWith("/k/v1/records")).length;

export const idOf = (r: KintoneRecord): string => String(r.$id?.value);
export const valueOf = (r: KintoneRecord, code: string): string =>
  String(r[code]?.value ?? "");
