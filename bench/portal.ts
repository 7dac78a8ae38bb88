/**
 * Benchmark of the portal's speed. Three processes, so each figure is the portal's own:
 *
 *   - kintone (a child): the local kintone with the apps deployed (tokens minted), the demo seed
 *     (incl. the registration of demo@example.jp) and 50,000 synthetic progress records
 *     (被保険者番号 99999xxxxx, no names); it counts every request it answers (onResponse), by kind.
 *   - the portal (this process): startPortal as deployed — audit on, sync every 40 s, reconcile
 *     every 900 s, its JSON-line log at level info (a line per request) written to /dev/null;
 *     its RSS is this process's.
 *   - the load (a child): autocannon, 50 connections, 15 s in three rounds of 5 s after a 3 s
 *     warm-up, authenticated searches alternating method ① and method ② for people both
 *     methods find, each as a browser makes it: POST /search (searched, recorded, answered 303)
 *     and GET of a results page (/search/results/<id>, made for the session before the load).
 *
 * The yardstick, in the same run: a bare Fastify route (bench/bareRoute.ts) in this process —
 * the same fastify, logger off, @fastify/formbody — answering POST /search with a pre-built page
 * of the search result page's size (every load request is sent to the portal once first; the real
 * answer nearest the mean size is the bare route's page). In turn with the portal, never at the
 * same time, the same load child drives it with the same settings and the same requests (cookie,
 * CSRF token and form included): 50 connections, 3 s warm-up, three rounds of 5 s, each after a
 * round of the portal, so a slower stretch of a shared machine hits both alike. The portal's
 * share is its searches/s over the bare route's requests/s, all rounds added up.
 *
 * Prints a table and records bench/results/portal.json: searches/s, latency p50/p99, the portal's
 * RSS, kintone reads per 1,000 searches and the audit's bulk writes, the bare route's requests/s
 * and latency and the portal's share of it, kintone requests per day of sync at 50,000 records
 * (an idle minute of syncs every 1 s and reconciles every 5 s, per app, extrapolated to the
 * default intervals), what a burst of 1,000 changes costs, and each page's weight. Bars (PASS /
 * FAIL): p99 ≤ 20 ms, ≥ 1,500 searches/s, ≥ 50 % of the bare route's throughput, 0 kintone reads
 * per search, ≤ 3,000 requests per app and day, each page ≤ 30 KB with its stylesheet, no script.
 * Run: node bench/portal.ts [--records N] [--duration S] [--idle S] [--connections C]
 */
import { fork, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import pino from "pino";
import { createPortalLogger } from "../portal/logger.ts";
import { recordResult } from "./results.ts";
import { samplePages, startBareRoute, type PageSample } from "./bareRoute.ts";
import { createRequire } from "node:module";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { createKintoneClient } from "../kintone/client.ts";
import { applicationTypes, careLevels, stages } from "../domain/codes.ts";
import { addDays, jstDateOf, type IsoDate } from "../domain/date.ts";
import { searchKeysOf } from "../domain/searchKeys.ts";
import { startPortal, type RunningPortal } from "../portal/app.ts";
import type { PortalConfig } from "../portal/config.ts";
import { configFromEnv } from "../portal/env.ts";
import { startMailCatcher, type MailCatcher } from "../portal/mail/catcher.ts";
import type { AppCode } from "../schemas/types.ts";
import { readEnvFile } from "../scripts/deploy/tokens.ts";
import type { AppIds } from "../scripts/lib/appsFile.ts";
import {
  DEFAULT_SEED,
  DEMO_EMAIL,
  generateDemoData,
} from "../scripts/seed/generate.ts";
import type { seed as seedApps } from "../scripts/seed/write.ts";
import { portalTokens } from "../scripts/demo.ts";

const HELP = `使い方: node bench/portal.ts [--records N] [--duration 秒] [--idle 秒] [--connections N]
  ローカル kintone に認定進捗 50,000 件（既定）を入れてポータルを起動し、ログイン済みの検索を
  autocannon で負荷をかけて測ります。結果は bench/results/portal.json に記録します。
  Loads 50,000 progress records into the local kintone, starts the portal and drives
  authenticated searches with autocannon; records the figures in bench/results/portal.json.`;

const ADMIN = { username: "admin", password: "admin" };
const DAY_SECONDS = 86_400;
/** The portal's defaults (portal/env.ts), which the per-day figures are extrapolated to. */
const SYNC_SECONDS = 40;
const RECONCILE_SECONDS = 900;
/** How long a sync keeps asking `>=` its mark: the mark's minute plus the clock skew allowance. */
const INCLUSIVE_SECONDS = 60 + 300;
const MAX_PAGE_BYTES = 30 * 1024;
const BARS = {
  p99Ms: 20,
  searchesPerSecond: 1500,
  kintonePer1000Searches: 0,
  syncRequestsPerAppPerDay: 3000,
  pageBytes: MAX_PAGE_BYTES,
  /** The portal's searches/s over the bare route's requests/s (bench/bareRoute.ts). */
  portalShareOfBare: 0.5,
};
const WARM_UP_SECONDS = 3;

/** Keys of one synthetic person for both search methods. */
interface Person {
  last6: string;
  mmdd: string;
  ymd: string;
}

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  const n = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isFinite(n) || n < 1) {
    throw new Error(`--${name} must be a positive number`);
  }
  return n;
};

// ---------------------------------------------------------------------------------------------
// A tiny request/answer protocol over the IPC channel of a forked child

type Message = { id?: number; type: string } & Record<string, unknown>;

const rpc = (child: ChildProcess) => {
  let next = 0;
  const waiting = new Map<
    number,
    { resolve: (m: Message) => void; reject: (e: Error) => void }
  >();
  child.on("message", (m: Message) => {
    const w = m.id === undefined ? undefined : waiting.get(m.id);
    if (w && m.id !== undefined) {
      waiting.delete(m.id);
      if (m.error === undefined) {
        w.resolve(m);
      } else {
        w.reject(new Error(String(m.error)));
      }
    }
  });
  child.on("exit", (code) => {
    waiting.forEach((w) => w.reject(new Error(`child exited (${code})`)));
    waiting.clear();
  });
  return (type: string, body: Record<string, unknown> = {}) =>
    new Promise<Message>((resolve, reject) => {
      const id = ++next;
      waiting.set(id, { resolve, reject });
      child.send({ ...body, id, type });
    });
};

/** Answers the parent's messages with `handle`; errors go back as { error }. */
const serve = (
  handle: (m: Message) => Promise<Record<string, unknown>>,
): void => {
  process.on("message", (m: Message) => {
    handle(m).then(
      (answer) => process.send?.({ ...answer, id: m.id, type: m.type }),
      (e: unknown) =>
        process.send?.({ id: m.id, type: m.type, error: String(e) }),
    );
  });
};

const forkSelf = (mode: string): ChildProcess =>
  fork(fileURLToPath(import.meta.url), [mode], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });

// ---------------------------------------------------------------------------------------------
// The kintone side (child): sandbox, apps, seed, 50,000 synthetic records, request counting

const pad = (n: number, width: number): string =>
  String(n).padStart(width, "0");

type RecordValues = Record<string, { value: string }>;

/** One synthetic application; 更新日時 is yesterday (imported before the benchmark). */
const application = (
  n: number,
  a: { insuredNo: string; birthDate: IsoDate; applicationDate: IsoDate },
  recent: boolean,
  today: IsoDate,
): RecordValues => {
  const keys = searchKeysOf(a);
  const stamp = `${addDays(today, -1)}T00:00:00Z`;
  return {
    applicationNo: { value: `BENCH-${pad(n, 7)}` },
    insuredNo: { value: a.insuredNo },
    birthDate: { value: a.birthDate },
    applicationDate: { value: a.applicationDate },
    applicationType: {
      value: (recent ? applicationTypes.renewal : applicationTypes.new).label,
    },
    stage: { value: (recent ? stages.received : stages.certified).label },
    careLevel: { value: recent ? "" : careLevels.care1.label },
    insuredNoLast6: { value: keys.insuredNoLast6 },
    applicationDateMMDD: { value: keys.applicationDateMMDD },
    birthDateYMD: { value: keys.birthDateYMD },
    createdAt: { value: stamp },
    updatedAt: { value: stamp },
  };
};

const personOf = (r: RecordValues): Person => ({
  last6: r.insuredNoLast6?.value ?? "",
  mmdd: r.applicationDateMMDD?.value ?? "",
  ymd: r.birthDateYMD?.value ?? "",
});

/** Applications of one person with a full first page of results (the heaviest page). */
const HEAVY = 25;

/**
 * Plainly fake applications: two per person (the older one certified 1–2 years before), 被保険者番号
 * 99999xxxxx avoiding the seed's, no names; the newer 申請日 spread over three years, so about one
 * person in twelve is within the publication window. The last 25 belong to one person, all
 * within the window: a full page of results.
 */
const syntheticRecords = (
  count: number,
  today: IsoDate,
  taken: ReadonlySet<string>,
) => {
  const records: RecordValues[] = [];
  const people: Person[] = [];
  let n = 0;
  const nextNo = (): string => {
    while (taken.has(`9${pad(n, 5)}`)) {
      n++;
    }
    return `99999${pad(n++, 5)}`;
  };
  for (let p = 0; records.length < count - HEAVY; p++) {
    const insuredNo = nextNo();
    const birthDate = addDays("1925-04-01", (p * 7919) % 21_000);
    const newer = addDays(today, -1 - ((p * 37) % 1095));
    const older = addDays(newer, -365 - (p % 365));
    records.push(
      application(
        records.length + 1,
        { insuredNo, birthDate, applicationDate: older },
        false,
        today,
      ),
    );
    const last = application(
      records.length + 1,
      { insuredNo, birthDate, applicationDate: newer },
      true,
      today,
    );
    records.push(last);
    if (newer >= addDays(today, -80)) {
      people.push(personOf(last));
    }
  }
  const heavy = { insuredNo: nextNo(), birthDate: "1930-06-15" as IsoDate };
  for (let i = 0; i < HEAVY; i++) {
    records.push(
      application(
        records.length + 1,
        { ...heavy, applicationDate: addDays(today, -1 - 2 * i) },
        true,
        today,
      ),
    );
  }
  return {
    records,
    people,
    heavy: personOf(records[records.length - 1] ?? {}),
  };
};

interface SetupAnswer {
  url: string;
  ids: AppIds;
  tokensFile: string;
  people: Person[];
  /** A person with a full page of results. */
  heavy: Person;
  seconds: number;
}

const kintoneChild = async (): Promise<void> => {
  // Loaded here only, so the portal's process (the parent) holds none of it.
  const { startSandbox } = await import("../sandbox/index.ts");
  const { deployApps } = await import("../scripts/deploy/deployApps.ts");
  const { seed } = await import("../scripts/seed/write.ts");
  const today = jstDateOf(Date.now()) as IsoDate;
  /** Requests answered, by kind: reads, bulk writes (the audit shipper), other writes. */
  const count = { total: 0, reads: 0, bulk: 0, writes: 0 };
  const sandbox = await startSandbox({
    port: 0,
    dataDir: null,
    onResponse: (method, path) => {
      count.total++;
      if (path.endsWith("/bulkRequest.json")) {
        count.bulk++;
      } else if (method === "GET") {
        count.reads++;
      } else {
        count.writes++;
      }
    },
  });
  const client = createKintoneClient(sandbox.url, ADMIN);
  let ids: AppIds = {};
  let synthetic: string[] = [];
  serve(async (m) => {
    if (m.type === "setup") {
      const dir = String(m.dir);
      const t0 = performance.now();
      const tokensFile = join(dir, "tokens.env");
      ({ ids } = await deployApps({
        client,
        baseUrl: sandbox.url,
        appsFile: join(dir, "kintone.apps.json"),
        mintTokens: { file: tokensFile, credentials: ADMIN },
        deployWait: { pollMs: 10 },
      }));
      await seed({
        client,
        appIds: ids as Parameters<typeof seedApps>[0]["appIds"],
        today,
        seed: DEFAULT_SEED,
      });
      const taken = new Set(
        generateDemoData({ seed: DEFAULT_SEED, today }).applications.map((a) =>
          a.insuredNo.slice(-6),
        ),
      );
      const { records, people, heavy } = syntheticRecords(
        Number(m.records),
        today,
        taken,
      );
      for (let i = 0; i < records.length; i += 2000) {
        const added = await client.record.addAllRecords({
          app: ids.progress as string,
          records: records.slice(i, i + 2000),
        });
        synthetic = synthetic.concat(added.records.map((r) => r.id));
      }
      return {
        url: sandbox.url,
        ids,
        tokensFile,
        people,
        heavy,
        seconds: (performance.now() - t0) / 1000,
      };
    }
    if (m.type === "touch") {
      const n = Number(m.records);
      await client.record.updateAllRecords({
        app: ids.progress as string,
        records: synthetic.slice(0, n).map((id) => ({
          id,
          record: { stage: { value: stages.survey.label } },
        })),
      });
      return { touched: n };
    }
    if (m.type === "close") {
      await sandbox.close();
      setImmediate(() => process.disconnect());
    }
    if (m.type === "audited") {
      const { totalCount } = await client.record.getRecords({
        app: ids.accessLog as string,
        query: "limit 1",
        totalCount: true,
      });
      return { audited: Number(totalCount) };
    }
    return { requests: count.total, ...count };
  });
};

// ---------------------------------------------------------------------------------------------
// The load (child): autocannon

interface LoadResult {
  /** Answers by status code. */
  statusCodes: Record<string, number>;
  searchesPerSecond: number;
  total: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
}

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p90: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
  /** Answers by status code ("200": { count }). */
  statusCodeStats?: Record<string, { count: number }>;
}

/** Answers other than a search's two (303 to the results page, 200 for the page). */
const unexpectedAnswers = (r: AutocannonResult): number =>
  r.statusCodeStats
    ? Object.entries(r.statusCodeStats)
        .filter(([code]) => code !== "200" && code !== "303")
        .reduce((n, [, c]) => n + c.count, 0)
    : r.non2xx;

type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;

const loadChild = (): void => {
  // autocannon ships no types; this is the part of its API used here.
  const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;
  serve(async (m) => {
    if (m.type === "close") {
      setImmediate(() => process.disconnect());
      return {};
    }
    const r = await autocannon({
      url: m.url,
      connections: m.connections,
      duration: m.duration,
      requests: m.requests,
    });
    const result: LoadResult = {
      searchesPerSecond: r.requests.total / r.duration,
      total: r.requests.total,
      p50: r.latency.p50,
      p90: r.latency.p90,
      p99: r.latency.p99,
      max: r.latency.max,
      non2xx: unexpectedAnswers(r),
      statusCodes: Object.fromEntries(
        Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, v.count]),
      ),
      errors: r.errors,
      timeouts: r.timeouts,
      seconds: r.duration,
    };
    return { result };
  });
};

// ---------------------------------------------------------------------------------------------
// The portal side (this process)

/** A browser's cookies and the page's CSRF token, through plain fetch. */
const browserLike = (base: string) => {
  const jar = new Map<string, string>();
  let csrf = "";
  const absorb = async (res: Response): Promise<string> => {
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(";")[0] ?? "";
      const eq = pair.indexOf("=");
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    const body = await res.text();
    csrf = /name="csrf" value="([^"]+)"/.exec(body)?.[1] ?? csrf;
    return body;
  };
  const cookie = (): string => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const request = async (
    path: string,
    form?: Record<string, string>,
  ): Promise<{ res: Response; body: string }> => {
    const res = await fetch(`${base}${path}`, {
      method: form ? "POST" : "GET",
      redirect: "manual",
      headers: {
        cookie: cookie(),
        ...(form
          ? { "content-type": "application/x-www-form-urlencoded" }
          : {}),
      },
      ...(form
        ? { body: new URLSearchParams({ csrf, ...form }).toString() }
        : {}),
    });
    const location = res.headers.get("location") ?? "";
    // A search is answered with 303 to its results page: open it as a browser would.
    if (res.status === 303 && location.startsWith("/search/results/")) {
      await absorb(res);
      return request(location);
    }
    return { res, body: await absorb(res) };
  };
  return { request, cookie, csrf: () => csrf };
};

type Browser = ReturnType<typeof browserLike>;

const login = async (catcher: MailCatcher, b: Browser): Promise<void> => {
  await b.request("/");
  // A mail sent after this request: the bench logs in more than once.
  const before = new Set(catcher.messages());
  await b.request("/login", { email: DEMO_EMAIL });
  const mail = await catcher.waitFor(
    (m) => m.to.includes(DEMO_EMAIL) && !before.has(m),
    10_000,
  );
  const token = /[?&]token=([A-Za-z0-9_%-]+)/.exec(mail.text)?.[1] ?? "";
  await b.request(`/login/verify?token=${token}`);
  const { res } = await b.request("/login/verify", {
    token: decodeURIComponent(token),
  });
  if (res.status !== 303) {
    throw new Error(`login failed (${res.status})`);
  }
};

const searchForms = (p: Person): Array<Record<string, string>> => [
  { method: "insuredNo", insuredNoLast6: p.last6 },
  { method: "dates", applicationDate: p.mmdd, birthDate: p.ymd },
];

/** Keeps the people both methods find (one person each), up to `limit`. */
const findable = async (
  b: Browser,
  people: readonly Person[],
  limit: number,
): Promise<Person[]> => {
  const found: Person[] = [];
  for (const p of people) {
    if (found.length >= limit) {
      break;
    }
    const answers = await Promise.all(
      searchForms(p).map((f) => b.request("/search", f)),
    );
    if (answers.every((a) => /\d+件 全\d+件/.test(a.body))) {
      found.push(p);
    }
  }
  return found;
};

const headerBytes = (res: Response): number =>
  `HTTP/1.1 ${res.status} ${res.statusText}\r\n`.length +
  [...res.headers].reduce(
    (n, [k, v]) => n + Buffer.byteLength(`${k}: ${v}\r\n`),
    0,
  ) +
  2;

interface PageWeight {
  page: string;
  status: number;
  htmlBytes: number;
  withCssBytes: number;
  script: boolean;
}

/** Each page as a first visit: its HTML (headers and body) plus the stylesheet. */
const pageWeights = async (
  base: string,
  b: Browser,
  person: Person,
  heavy: Person,
): Promise<{ cssBytes: number; pages: PageWeight[] }> => {
  const cssRes = await fetch(`${base}/assets/portal.css`);
  const cssBytes = headerBytes(cssRes) + Buffer.byteLength(await cssRes.text());
  const anon = browserLike(base);
  const visits: Array<[string, () => ReturnType<Browser["request"]>]> = [
    ["ログイン", () => anon.request("/")],
    ["ログイン（入力エラー）", () => anon.request("/login", { email: "x" })],
    [
      "ログイン用メールの送信",
      () => anon.request("/login", { email: "nobody@example.jp" }),
    ],
    ["ログインの確認", () => anon.request("/login/verify?token=abc")],
    [
      "ログインできないURL",
      () => anon.request("/login/verify", { token: "abc" }),
    ],
    ["ログインの期限切れ", () => anon.request("/search")],
    ["ページが見つかりません", () => anon.request("/no-such-page")],
    ["アクセシビリティ", () => b.request("/accessibility")],
    ["検索", () => b.request("/search")],
    [
      "検索（入力エラー）",
      () => b.request("/search", { method: "insuredNo", insuredNoLast6: "1" }),
    ],
    ["検索結果", () => b.request("/search", searchForms(person)[0] ?? {})],
    [
      "検索結果（1ページ20件）",
      () => b.request("/search", searchForms(heavy)[0] ?? {}),
    ],
    [
      "検索結果（該当なし）",
      () =>
        b.request("/search", { method: "insuredNo", insuredNoLast6: "000000" }),
    ],
    ["ログアウト", () => b.request("/logout", {})],
  ];
  const pages: PageWeight[] = [];
  for (const [page, visit] of visits) {
    const { res, body } = await visit();
    const htmlBytes = headerBytes(res) + Buffer.byteLength(body);
    pages.push({
      page,
      status: res.status,
      htmlBytes,
      withCssBytes: htmlBytes + cssBytes,
      script: /<script\b/i.test(body),
    });
  }
  return { cssBytes, pages };
};

const replicaRequests = (portal: RunningPortal): Record<string, number> =>
  portal.replica.status().requests;

const sum = (r: Record<string, number>): number =>
  Object.values(r).reduce((a, b) => a + b, 0);

const diff = (
  after: Record<string, number>,
  before: Record<string, number>,
): Record<string, number> =>
  Object.fromEntries(
    Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)]),
  );

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * An idle minute of syncs every second and reconciles every 5 s (timers stopped, so every request
 * is one of these), then extrapolated per app to a day at the default intervals.
 */
const idleSync = async (
  portal: RunningPortal,
  kintone: ReturnType<typeof rpc>,
  seconds: number,
) => {
  await portal.replica.stop();
  const perSync: Array<Record<string, number>> = [];
  const perReconcile: Array<Record<string, number>> = [];
  const k0 = Number((await kintone("count")).requests);
  const r0 = replicaRequests(portal);
  const end = Date.now() + seconds * 1000;
  for (let i = 0; Date.now() < end; i++) {
    const before = replicaRequests(portal);
    const sync = await portal.replica.syncOnce();
    perSync.push(diff(replicaRequests(portal), before));
    if (i % 5 === 4) {
      const mid = replicaRequests(portal);
      await portal.replica.reconcile();
      perReconcile.push(diff(replicaRequests(portal), mid));
    }
    if (!sync.ok) {
      throw new Error(`sync failed: ${sync.error ?? ""}`);
    }
    await sleep(1000);
  }
  const kintoneSeen = Number((await kintone("count")).requests) - k0;
  const mean = (list: Array<Record<string, number>>, app: string) =>
    list.reduce((n, r) => n + (r[app] ?? 0), 0) / Math.max(1, list.length);
  const apps = Object.keys(r0);
  const perAppPerDay = Object.fromEntries(
    apps.map((app) => [
      app,
      Math.round(
        mean(perSync, app) * (DAY_SECONDS / SYNC_SECONDS) +
          mean(perReconcile, app) * (DAY_SECONDS / RECONCILE_SECONDS),
      ),
    ]),
  );
  return {
    seconds,
    syncs: perSync.length,
    reconciles: perReconcile.length,
    kintoneRequestsSeen: kintoneSeen,
    replicaRequests: sum(diff(replicaRequests(portal), r0)),
    requestsPerSync: Object.fromEntries(apps.map((a) => [a, mean(perSync, a)])),
    requestsPerReconcile: Object.fromEntries(
      apps.map((a) => [a, mean(perReconcile, a)]),
    ),
    perAppPerDay,
  };
};

/** What a burst of changes (an import) costs: every sync re-reads them until the minute closes. */
const burst = async (
  portal: RunningPortal,
  kintone: ReturnType<typeof rpc>,
  records: number,
) => {
  await kintone("touch", { records });
  const r0 = replicaRequests(portal);
  const first = await portal.replica.syncOnce();
  const r1 = replicaRequests(portal);
  const again = await portal.replica.syncOnce();
  const second = diff(replicaRequests(portal), r1);
  const repeats = Math.ceil(INCLUSIVE_SECONDS / SYNC_SECONDS);
  return {
    changedRecords: records,
    firstSyncChanged: first.changed,
    firstSyncRequests: diff(r1, r0),
    nextSyncRequests: second,
    estimatedProgressRequests:
      (diff(r1, r0).progress ?? 0) + (second.progress ?? 0) * (repeats - 1),
    nextSyncOk: again.ok,
    note: `syncs ask >= the mark for about ${INCLUSIVE_SECONDS} s after a burst (the mark's minute plus the 300 s clock-skew allowance), so at ${SYNC_SECONDS} s intervals about ${repeats} syncs read the burst`,
  };
};

const NO_LIMITS = {
  PORTAL_LIMIT_SEARCHES_PER_ACCOUNT_10MIN: "0",
  PORTAL_LIMIT_SEARCHES_PER_ACCOUNT_DAY: "0",
  PORTAL_LIMIT_SEARCHES_PER_IP_10MIN: "0",
};

const portalConfig = (
  dir: string,
  kintone: { url: string; ids: AppIds; tokensFile: string },
  catcher: MailCatcher,
): PortalConfig => {
  const env = readEnvFile(kintone.tokensFile);
  return configFromEnv(
    // One account drives every search: the rate limits (portal/limits, 0 = off) must not refuse.
    NO_LIMITS,
    {
      port: 0,
      dataDir: join(dir, "portal"),
      kintone: {
        baseUrl: kintone.url,
        apps: kintone.ids as Record<AppCode, string>,
        tokens: portalTokens(env),
      },
      smtp: { url: catcher.smtpUrl, from: "bench <no-reply@example.jp>" },
      webhookSecret: "bench-webhook-secret-not-for-production",
      // The load comes from one address (autocannon on this machine): no per-address cap.
      maxConnectionsPerIp: 0,
      syncIntervalSeconds: SYNC_SECONDS,
      reconcileIntervalSeconds: RECONCILE_SECONDS,
    },
  );
};

const memory = () => {
  let peak = 0;
  const sample = (): number => {
    const rss = process.memoryUsage().rss;
    peak = Math.max(peak, rss);
    return rss;
  };
  const timer = setInterval(sample, 250);
  timer.unref();
  return { sample, peak: () => peak, stop: () => clearInterval(timer) };
};

const mb = (bytes: number): number => Math.round(bytes / 1024 / 102.4) / 10;

const counts = async (
  kintone: ReturnType<typeof rpc>,
): Promise<Record<"total" | "reads" | "bulk" | "writes", number>> => {
  const c = await kintone("count");
  return {
    total: Number(c.total),
    reads: Number(c.reads),
    bulk: Number(c.bulk),
    writes: Number(c.writes),
  };
};

/**
 * One load request, as a browser sends it: an authenticated POST /search with a form, or the GET
 * of a results page the POST redirects to.
 */
interface LoadRequest {
  method: "POST" | "GET";
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** A search is two requests: the POST, then the GET of the page it redirects to. */
const REQUESTS_PER_SEARCH = 2;

/** Results pages the GETs read: within what one session keeps (100 answers). */
const PAGES_READ = 96;

/**
 * The load's requests: method ① and method ② for each person, with the session's cookie, each
 * POST followed by the GET of a results page. The pages are made before the load by a second
 * session (`reader`) searching the first people: autocannon cannot follow a redirect, and the
 * load's own searches would push its pages out of its session's 100 kept answers. A kept answer
 * lives 15 minutes after it was last read, longer than the run.
 */
const loadRequests = async (
  b: Browser,
  reader: Browser,
  people: readonly Person[],
): Promise<LoadRequest[]> => {
  const headers = {
    cookie: b.cookie(),
    "content-type": "application/x-www-form-urlencoded",
  };
  const pages: string[] = [];
  for (const f of people.flatMap(searchForms).slice(0, PAGES_READ)) {
    const { res } = await reader.request("/search", f);
    pages.push(new URL(res.url).pathname);
  }
  return people.flatMap(searchForms).flatMap((f, i): LoadRequest[] => [
    {
      method: "POST",
      path: "/search",
      headers,
      body: new URLSearchParams({ csrf: b.csrf(), ...f }).toString(),
    },
    {
      method: "GET",
      path: pages[i % pages.length] ?? "/search",
      headers: { cookie: reader.cookie() },
    },
  ]);
};

/** Each load request sent once to the portal: the sizes of its real answers. */
const measurePages = async (
  base: string,
  requests: readonly LoadRequest[],
): Promise<PageSample> => {
  const bodies: string[] = [];
  for (const r of requests) {
    const res = await fetch(`${base}${r.path}`, { ...r, redirect: "manual" });
    const body = await res.text();
    if (res.status !== (r.method === "POST" ? 303 : 200)) {
      throw new Error(`${r.method} ${r.path} answered ${res.status}`);
    }
    // The pages are the GETs' answers; a POST's 303 has no body.
    if (r.method === "GET") {
      bodies.push(body);
    }
  }
  return samplePages(bodies);
};

type Drive = ReturnType<typeof rpc>;

const loopDelayMs = (loop: ReturnType<typeof monitorEventLoopDelay>) => ({
  p99: Math.round(loop.percentile(99) / 1e5) / 10,
  max: Math.round(loop.max / 1e5) / 10,
});

/** Busy and total CPU time of the machine, all cores (os.cpus()). */
const machineTimes = () =>
  cpus().reduce(
    (t, c) => {
      const { idle, ...rest } = c.times;
      const busy = Object.values(rest).reduce((a, b) => a + b, 0);
      return { busy: t.busy + busy, total: t.total + busy + idle };
    },
    { busy: 0, total: 0 },
  );

/** What one stretch of load cost this process and the machine, to be added up over rounds. */
interface Watch {
  /** Event-loop time, busy and idle (performance.eventLoopUtilization), ms. */
  active: number;
  idle: number;
  /** Machine CPU time, busy and in all, ms (all cores). */
  machineBusy: number;
  machineTotal: number;
  /** CPU time of this process, all its threads (the audit's commit thread too), ms. */
  processCpu: number;
  loop: ReturnType<typeof monitorEventLoopDelay>;
}

/**
 * Runs `work` while watching this process: how long its event loop was ever kept from answering
 * (audit commits, shipping, garbage collection), how much of the time it was busy, and how busy
 * the whole machine was.
 */
const watched = async <T>(
  work: () => Promise<T>,
): Promise<{ result: T; watch: Watch }> => {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const elu = performance.eventLoopUtilization();
  const m0 = machineTimes();
  const cpu0 = process.cpuUsage();
  const result = await work();
  const cpu = process.cpuUsage(cpu0);
  const m1 = machineTimes();
  const used = performance.eventLoopUtilization(elu);
  loop.disable();
  return {
    result,
    watch: {
      active: used.active,
      idle: used.idle,
      machineBusy: m1.busy - m0.busy,
      machineTotal: m1.total - m0.total,
      processCpu: (cpu.user + cpu.system) / 1000,
      loop,
    },
  };
};

const perMille = (part: number, whole: number): number =>
  whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0;

/**
 * The rounds of one target added up: answers per second over all of them; latency p50 the
 * median round's, p90/p99/max the worst round's (autocannon gives no histogram to merge: the
 * worst round's p99 is never below the whole run's); the event loop's delay, its busy share
 * (near 100 %: this process's main thread is what limits the rate) and the machine's busy share
 * (near 100 %: the two cores are shared out between the load, the portal and kintone).
 */
const combine = (
  rounds: ReadonlyArray<{ result: LoadResult; watch: Watch }>,
) => {
  const results = rounds.map((r) => r.result);
  const total = results.reduce((n, r) => n + r.total, 0);
  const seconds = results.reduce((n, r) => n + r.seconds, 0);
  const worst = (pick: (r: LoadResult) => number): number =>
    Math.max(...results.map(pick));
  const p50s = results.map((r) => r.p50).sort((a, b) => a - b);
  const add = (pick: (w: Watch) => number): number =>
    rounds.reduce((n, r) => n + pick(r.watch), 0);
  const loops = rounds.map((r) => loopDelayMs(r.watch.loop));
  return {
    searchesPerSecond: total / seconds / REQUESTS_PER_SEARCH,
    total,
    seconds,
    p50: p50s[Math.floor(p50s.length / 2)] ?? 0,
    p90: worst((r) => r.p90),
    p99: worst((r) => r.p99),
    max: worst((r) => r.max),
    non2xx: results.reduce((n, r) => n + r.non2xx, 0),
    errors: results.reduce((n, r) => n + r.errors, 0),
    timeouts: results.reduce((n, r) => n + r.timeouts, 0),
    rounds: results.map((r) => ({
      perSecond: Math.round(r.searchesPerSecond),
      statusCodes: r.statusCodes,
      p99: r.p99,
    })),
    eventLoopDelayMs: {
      p99: Math.max(...loops.map((l) => l.p99)),
      max: Math.max(...loops.map((l) => l.max)),
    },
    eventLoopBusyPercent: perMille(
      add((w) => w.active),
      add((w) => w.active + w.idle),
    ),
    machineCpuBusyPercent: perMille(
      add((w) => w.machineBusy),
      add((w) => w.machineTotal),
    ),
    // CPU per answer does not depend on how fast the machine was that minute: a change to the
    // portal shows in it even when a noisy neighbour moves the answers per second.
    cpuMicrosPerAnswer: {
      process: Math.round((add((w) => w.processCpu) * 1000) / total),
      machine: Math.round((add((w) => w.machineBusy) * 1000) / total),
    },
  };
};

/** The same autocannon settings for every target: connections, requests, warm-up, duration. */
const loadOptions = (url: string, requests: readonly LoadRequest[]) => ({
  url,
  connections: option("connections", 50),
  requests,
});

/** Rounds of load, each target driven in turn: a slower stretch of the machine hits both. */
const ROUNDS = 3;

const drive1 = async (
  drive: Drive,
  url: string,
  requests: readonly LoadRequest[],
  seconds: number,
): Promise<LoadResult> => {
  const answer = await drive("run", {
    ...loadOptions(url, requests),
    duration: seconds,
  });
  return answer.result as LoadResult;
};

/**
 * The load and its yardstick, interleaved: after a warm-up of each, ROUNDS rounds of the portal
 * then the bare route (the same load child, connections and requests), each for a third of
 * --duration. Before each bare round the portal's audit is shipped (flushAudit), so kintone is
 * not taking the portal's events while the bare route is measured; during the portal's rounds
 * the shipper works as deployed. kintone's requests are counted around all of it.
 */
const runRounds = async (
  portal: RunningPortal,
  drive: Drive,
  kintone: Drive,
  requests: readonly LoadRequest[],
  pages: PageSample,
) => {
  const bare = await startBareRoute(pages.page);
  try {
    const seconds = Math.max(1, Math.round(option("duration", 15) / ROUNDS));
    await drive1(drive, portal.url, requests, WARM_UP_SECONDS);
    await drive1(drive, bare.url, requests, WARM_UP_SECONDS);
    await portal.flushAudit();
    const a0 = Number((await kintone("audited")).audited);
    const c0 = await counts(kintone);
    const r0 = replicaRequests(portal);
    const portalRounds: Array<{ result: LoadResult; watch: Watch }> = [];
    const bareRounds: Array<{ result: LoadResult; watch: Watch }> = [];
    let readsDuringLoad = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const before = await counts(kintone);
      portalRounds.push(
        await watched(() => drive1(drive, portal.url, requests, seconds)),
      );
      readsDuringLoad += (await counts(kintone)).reads - before.reads;
      await portal.flushAudit();
      bareRounds.push(
        await watched(() => drive1(drive, bare.url, requests, seconds)),
      );
    }
    const c1 = await counts(kintone);
    const bySync = sum(diff(replicaRequests(portal), r0));
    const audited = Number((await kintone("audited")).audited) - a0;
    const load = combine(portalRounds);
    return {
      load: {
        ...load,
        kintoneDuringLoad: diff(c1, c0),
        kintoneReadsBySync: bySync,
        kintoneReadsPer1000Searches:
          ((readsDuringLoad - bySync) / load.total) * 1000,
        audit: {
          eventsShipped: audited,
          bulkRequests: c1.bulk - c0.bulk,
          otherWrites: c1.writes - c0.writes,
          note: "events of the measured rounds (autocannon counts answers within its window; requests in flight at the end are answered and audited too), shipped by the shipper's timer during the rounds and by flushAudit() after each",
        },
      },
      bare: combine(bareRounds),
    };
  } finally {
    await bare.close();
  }
};

/** Two logged-in sessions (the searches', the results pages'), and the load's requests. */
const prepareLoad = async (
  url: string,
  catcher: MailCatcher,
  setup: SetupAnswer,
) => {
  const b = browserLike(url);
  await login(catcher, b);
  const people = await findable(b, setup.people, 200);
  const reader = browserLike(url);
  await login(catcher, reader);
  return { b, people, requests: await loadRequests(b, reader, people) };
};

const main = async (): Promise<void> => {
  process.env.NO_PROXY = "localhost";
  Object.assign(process.env, NO_LIMITS);
  const records = option("records", 50_000);
  const dir = mkdtempSync(join(tmpdir(), "kaigo-bench-portal-"));
  const child = forkSelf("--kintone");
  const kintone = rpc(child);
  const drive = rpc(forkSelf("--load"));
  const catcher = await startMailCatcher({ port: 0 });
  let portal: RunningPortal | undefined;
  try {
    console.log(`kintone: deploying, seeding and adding ${records} records…`);
    const setup = (await kintone("setup", {
      dir,
      records,
    })) as unknown as SetupAnswer;
    const mem = memory();
    const rssBefore = mem.sample();
    const t0 = performance.now();
    portal = await startPortal(portalConfig(dir, setup, catcher), {
      mailbox: () => catcher.messages(),
      // Logged as `npm run portal` logs, to a sink that costs no disk.
      logger: createPortalLogger("info", pino.destination("/dev/null")),
    });
    const loadSeconds = (performance.now() - t0) / 1000;
    const rssLoaded = mem.sample();
    const { b, people, requests } = await prepareLoad(
      portal.url,
      catcher,
      setup,
    );
    const pages = await measurePages(portal.url, requests);
    console.log(
      `portal: loaded in ${loadSeconds.toFixed(1)} s; driving searches…`,
    );
    console.log(
      `bare Fastify route: a ${pages.pageBytes}-byte page, driven the same way in turn (${ROUNDS} rounds)…`,
    );
    const { load, bare } = await runRounds(
      portal,
      drive,
      kintone,
      requests,
      pages,
    );
    const rssAfterLoad = mem.sample();
    console.log("portal: an idle minute of syncing…");
    const idle = await idleSync(portal, kintone, option("idle", 60));
    const changes = await burst(portal, kintone, 1000);
    const weights = await pageWeights(
      portal.url,
      b,
      people[0] as Person,
      setup.heavy,
    );
    mem.stop();
    const result = report({
      records,
      setupSeconds: setup.seconds,
      loadSeconds,
      rss: {
        before: rssBefore,
        loaded: rssLoaded,
        afterLoad: rssAfterLoad,
        peak: mem.peak(),
      },
      load: { ...load, people: people.length },
      bare: { ...bare, pages },
      idle,
      changes,
      weights,
      replicaRows: portal.replica.status().counts,
    });
    recordResult("portal", result, { print: false });
  } finally {
    await portal?.close();
    await catcher.close();
    await kintone("close").catch(() => undefined);
    await drive("close").catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
};

const round = (n: number, digits = 1): number => Number(n.toFixed(digits));

/** Builds the result record, prints the table, and returns the record. */
const report = (f: {
  records: number;
  setupSeconds: number;
  loadSeconds: number;
  rss: { before: number; loaded: number; afterLoad: number; peak: number };
  load: Awaited<ReturnType<typeof runRounds>>["load"] & { people: number };
  bare: Awaited<ReturnType<typeof runRounds>>["bare"] & { pages: PageSample };
  idle: Awaited<ReturnType<typeof idleSync>>;
  changes: Awaited<ReturnType<typeof burst>>;
  weights: Awaited<ReturnType<typeof pageWeights>>;
  replicaRows: Record<string, number>;
}) => {
  const maxPerApp = Math.max(...Object.values(f.idle.perAppPerDay));
  const heaviest = Math.max(...f.weights.pages.map((p) => p.withCssBytes));
  const share = f.load.searchesPerSecond / f.bare.searchesPerSecond;
  const pass = {
    p99: f.load.p99 <= BARS.p99Ms,
    throughput: f.load.searchesPerSecond >= BARS.searchesPerSecond,
    noKintonePerSearch:
      f.load.kintoneReadsPer1000Searches <= BARS.kintonePer1000Searches,
    syncPerDay: maxPerApp <= BARS.syncRequestsPerAppPerDay,
    pageWeight: heaviest <= BARS.pageBytes,
    noScript: f.weights.pages.every((p) => !p.script),
    noErrors: f.load.non2xx === 0 && f.load.errors === 0,
    shareOfBare: share >= BARS.portalShareOfBare,
    bareNoErrors: f.bare.non2xx === 0 && f.bare.errors === 0,
  };
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    cores: cpus().length,
    audit:
      "on: every search is appended to portal/audit's SQLite log (synchronous = FULL, committed on a worker thread: events handed over as soon as it is free, all that arrive while a commit runs in the next transaction) before its answer is sent, and shipped to 閲覧ログ in bulkRequests of 500",
    rateLimits:
      "off (PORTAL_LIMIT_SEARCHES_* = 0): one account drives every search",
    records: { synthetic: f.records, replicaRows: f.replicaRows },
    setupSeconds: round(f.setupSeconds),
    portalStartSeconds: round(f.loadSeconds, 2),
    load: {
      connections: option("connections", 50),
      seconds: f.load.seconds,
      people: f.load.people,
      searches: f.load.total,
      searchesPerSecond: Math.round(f.load.searchesPerSecond),
      latencyMs: {
        p50: f.load.p50,
        p90: f.load.p90,
        p99: f.load.p99,
        max: f.load.max,
        note: "p50 of the median round, p90/p99/max of the worst round",
      },
      rounds: f.load.rounds,
      eventLoopDelayMs: f.load.eventLoopDelayMs,
      eventLoopBusyPercent: f.load.eventLoopBusyPercent,
      machineCpuBusyPercent: f.load.machineCpuBusyPercent,
      cpuMicrosPerAnswer: f.load.cpuMicrosPerAnswer,
      non2xx: f.load.non2xx,
      errors: f.load.errors,
      timeouts: f.load.timeouts,
      kintoneDuringLoad: f.load.kintoneDuringLoad,
      kintoneReadsBySync: f.load.kintoneReadsBySync,
      kintoneReadsPer1000Searches: f.load.kintoneReadsPer1000Searches,
      audit: {
        ...f.load.audit,
        bulkRequestsPer1000Searches: round(
          (f.load.audit.bulkRequests / f.load.total) * 1000,
          2,
        ),
      },
    },
    bareRoute: bareRecord(f.bare),
    portalShareOfBare: round(share, 3),
    portalRssMB: {
      beforeStart: mb(f.rss.before),
      afterFullLoad: mb(f.rss.loaded),
      afterSearchLoad: mb(f.rss.afterLoad),
      peak: mb(f.rss.peak),
    },
    syncPerDay: {
      method: `${f.idle.seconds} s idle: sync every 1 s, reconcile every 5 s; per app: mean requests per sync × ${DAY_SECONDS / SYNC_SECONDS} + per reconcile × ${DAY_SECONDS / RECONCILE_SECONDS} (defaults ${SYNC_SECONDS} s / ${RECONCILE_SECONDS} s)`,
      ...f.idle,
    },
    burstOfChanges: f.changes,
    pageWeight: {
      note: "first visit: HTML with its headers plus the stylesheet with its headers; no compression",
      cssBytes: f.weights.cssBytes,
      pages: f.weights.pages,
    },
    bars: BARS,
    pass,
  };
  printComparison(result);
  printTable(result, maxPerApp, heaviest);
  return result;
};

/** The bare route's figures, as the portal's are recorded. */
const bareRecord = (
  bare: Awaited<ReturnType<typeof runRounds>>["bare"] & { pages: PageSample },
) => ({
  note: `the same fastify (logger off) in the portal's process, @fastify/formbody, one POST /search answering a pre-built page (the real search answer nearest the mean size of the load's answers) with 200 text/html; driven by the same load child in turn with the portal (${ROUNDS} rounds each, after a warm-up of each): same connections, duration and requests; latency p50 of the median round, p90/p99/max of the worst`,
  pageBytes: {
    bare: bare.pages.pageBytes,
    portalMean: bare.pages.meanBytes,
    portalMin: bare.pages.minBytes,
    portalMax: bare.pages.maxBytes,
  },
  connections: option("connections", 50),
  seconds: bare.seconds,
  requests: bare.total,
  requestsPerSecond: Math.round(bare.searchesPerSecond),
  latencyMs: { p50: bare.p50, p90: bare.p90, p99: bare.p99, max: bare.max },
  rounds: bare.rounds,
  eventLoopDelayMs: bare.eventLoopDelayMs,
  eventLoopBusyPercent: bare.eventLoopBusyPercent,
  machineCpuBusyPercent: bare.machineCpuBusyPercent,
  cpuMicrosPerAnswer: bare.cpuMicrosPerAnswer,
  non2xx: bare.non2xx,
  errors: bare.errors,
  timeouts: bare.timeouts,
});

const verdict = (pass: boolean | undefined): string => {
  if (pass === undefined) {
    return "";
  }
  return pass ? "PASS" : "FAIL";
};

const percent = (n: number): string => `${(n * 100).toFixed(1)} %`;

/** The portal against the bare route: both throughputs and latencies, the share, the bars. */
interface Busy {
  eventLoopBusyPercent: number;
  machineCpuBusyPercent: number;
  cpuMicrosPerAnswer: { process: number; machine: number };
}

const printComparison = (r: {
  load: Busy & {
    searchesPerSecond: number;
    latencyMs: { p50: number; p99: number; max: number };
  };
  bareRoute: Busy & {
    requestsPerSecond: number;
    latencyMs: { p50: number; p99: number; max: number };
    pageBytes: { bare: number };
  };
  portalShareOfBare: number;
  pass: Record<string, boolean>;
}): void => {
  const row = (
    target: string,
    perSecond: number,
    ms: { p50: number; p99: number; max: number },
  ) => ({
    target,
    "requests/s": perSecond,
    "p50 (ms)": ms.p50,
    "p99 (ms)": ms.p99,
    "max (ms)": ms.max,
  });
  console.table([
    row("portal POST /search", r.load.searchesPerSecond, r.load.latencyMs),
    row(
      `bare Fastify route (${r.bareRoute.pageBytes.bare}-byte page)`,
      r.bareRoute.requestsPerSecond,
      r.bareRoute.latencyMs,
    ),
  ]);
  console.log(
    [
      `portal / bare route: ${r.load.searchesPerSecond} / ${r.bareRoute.requestsPerSecond} = ${percent(r.portalShareOfBare)}`,
      `  bar ≥ ${percent(BARS.portalShareOfBare)} of the bare route: ${verdict(r.pass.shareOfBare)}`,
      `  bar p99 ≤ ${BARS.p99Ms} ms (portal ${r.load.latencyMs.p99} ms): ${verdict(r.pass.p99)}`,
      `  (${option("connections", 50)} connections, audit on)`,
      `  busy: portal's event loop ${r.load.eventLoopBusyPercent} %, machine ${r.load.machineCpuBusyPercent} %; bare route's event loop ${r.bareRoute.eventLoopBusyPercent} %, machine ${r.bareRoute.machineCpuBusyPercent} %`,
      `  CPU per answer: portal ${r.load.cpuMicrosPerAnswer.process} µs (machine ${r.load.cpuMicrosPerAnswer.machine} µs); bare route ${r.bareRoute.cpuMicrosPerAnswer.process} µs (machine ${r.bareRoute.cpuMicrosPerAnswer.machine} µs)`,
    ].join("\n"),
  );
};

const printTable = (
  r: {
    load: {
      searchesPerSecond: number;
      latencyMs: { p50: number; p99: number; max: number };
      eventLoopDelayMs: { p99: number; max: number };
      kintoneReadsPer1000Searches: number;
      non2xx: number;
      audit: { eventsShipped: number; bulkRequestsPer1000Searches: number };
    };
    portalShareOfBare: number;
    portalRssMB: { afterFullLoad: number; peak: number };
    syncPerDay: { perAppPerDay: Record<string, number> };
    pageWeight: { pages: PageWeight[] };
    pass: Record<string, boolean>;
  },
  maxPerApp: number,
  heaviest: number,
): void => {
  const rows: Array<[string, number, string, boolean | undefined]> = [
    ["searches/s", r.load.searchesPerSecond, "≥ 1,500", r.pass.throughput],
    ["latency p50 (ms)", r.load.latencyMs.p50, "", undefined],
    ["latency p99 (ms)", r.load.latencyMs.p99, "≤ 20", r.pass.p99],
    ["latency max (ms)", r.load.latencyMs.max, "", undefined],
    [
      "portal event-loop delay max (ms)",
      r.load.eventLoopDelayMs.max,
      "",
      undefined,
    ],
    [
      "portal share of the bare route (%)",
      round(r.portalShareOfBare * 100),
      "≥ 50",
      r.pass.shareOfBare,
    ],
    ["non-2xx answers", r.load.non2xx, "0", r.pass.noErrors],
    ["portal RSS after start (MB)", r.portalRssMB.afterFullLoad, "", undefined],
    ["portal RSS peak (MB)", r.portalRssMB.peak, "", undefined],
    [
      "kintone reads / 1,000 searches",
      r.load.kintoneReadsPer1000Searches,
      "0",
      r.pass.noKintonePerSearch,
    ],
    ["audit events shipped", r.load.audit.eventsShipped, "", undefined],
    [
      "audit bulk requests / 1,000 searches",
      r.load.audit.bulkRequestsPer1000Searches,
      "",
      undefined,
    ],
    [
      "sync requests / day, busiest app",
      maxPerApp,
      "≤ 3,000",
      r.pass.syncPerDay,
    ],
    ["heaviest page + CSS (bytes)", heaviest, "≤ 30,720", r.pass.pageWeight],
  ];
  console.table(
    rows.map(([figure, value, bar, pass]) => ({
      figure,
      value,
      bar,
      result: verdict(pass),
    })),
  );
  console.table(r.syncPerDay.perAppPerDay);
  console.table(
    r.pageWeight.pages.map((p) => ({
      page: p.page,
      status: p.status,
      html: p.htmlBytes,
      withCss: p.withCssBytes,
      script: p.script,
    })),
  );
};

if (args.includes("--help") || args.includes("-h")) {
  console.log(HELP);
} else if (args.includes("--kintone")) {
  await kintoneChild();
} else if (args.includes("--load")) {
  loadChild();
} else {
  await main();
}
