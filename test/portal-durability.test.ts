/**
 * The audit trail survives a crash: the portal runs as its own process
 * (`node portal/main.ts`, as deployed) against the local kintone, shipping its audit log every
 * second; searches run against it from several connections; it is killed with SIGKILL while they
 * run and started again on the same data folder. Every search answered before the kill must then
 * be in the 閲覧ログ app exactly once. Each search asks for a different number, so a doubled or
 * lost event shows.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startMailCatcher, type MailCatcher } from "../portal/mail/catcher.ts";
import { appEnvName, tokenEnvName } from "../schemas/envNames.ts";
import type { AppCode } from "../schemas/types.ts";
import { startDemoKintone, type DemoKintone } from "../scripts/demo.ts";
import { DEMO_EMAIL } from "../scripts/seed/generate.ts";
import { rowsIn } from "./support/demo.ts";
import { PortalClient } from "./support/portalClient.ts";
import {
  startPortalProcess,
  type SandboxProcess,
} from "./support/sandboxProcess.ts";

let dir: string;
let kintone: DemoKintone;
let catcher: MailCatcher;
const portals: SandboxProcess[] = [];

const portalEnv = (): Record<string, string> => ({
  KINTONE_BASE_URL: kintone.sandbox.url,
  ...Object.fromEntries(
    Object.entries(kintone.ids).map(([code, id]) => [
      appEnvName(code as AppCode),
      String(id),
    ]),
  ),
  ...Object.fromEntries(
    Object.entries(kintone.tokens).map(([code, token]) => [
      tokenEnvName(code as AppCode, "portal"),
      String(token),
    ]),
  ),
  PORTAL_SMTP_URL: catcher.smtpUrl,
  // What production must set (portal/check.ts refuses to start without): an https public URL and
  // a sender at a real domain (mails go to the catcher all the same; links are followed by path),
  // the city's name, a webhook secret; the 閲覧ログ token is among the tokens above.
  PORTAL_PUBLIC_URL: "https://kaigo-portal.city.demo-shi.lg.jp",
  PORTAL_MAIL_FROM: "デモ市介護保険課 <no-reply@city.demo-shi.lg.jp>",
  PORTAL_CITY_NAME: "海老名市",
  PORTAL_PORT: "0",
  PORTAL_DATA: join(dir, "portal"),
  PORTAL_WEBHOOK_SECRET: "durability-test-webhook-secret",
  PORTAL_AUDIT_SHIP_SECONDS: "1",
  PORTAL_SYNC_INTERVAL_SECONDS: "3600",
  PORTAL_RECONCILE_INTERVAL_SECONDS: "86400",
  // One account drives every search: no limits in the way.
  PORTAL_LIMIT_SEARCHES_PER_ACCOUNT_10MIN: "0",
  PORTAL_LIMIT_SEARCHES_PER_ACCOUNT_DAY: "0",
  PORTAL_LIMIT_SEARCHES_PER_IP_10MIN: "0",
});

const startPortal = async (): Promise<SandboxProcess> => {
  const p = await startPortalProcess(portalEnv());
  portals.push(p);
  return p;
};

/** Events the portal has recorded but not yet shipped, read from its audit file. */
const pendingInAuditFile = (): number =>
  rowsIn(
    join(dir, "portal", "audit.sqlite"),
    "audit_events",
    "shipped_at IS NULL",
  );

/** The search events in 閲覧ログ: how often each searched number appears, and every event id. */
const accessLog = async () => {
  const records = await kintone.client.record.getAllRecords({
    app: kintone.ids.accessLog as string,
    fields: ["eventId", "eventType", "searchValues"],
  });
  const times = new Map<string, number>();
  for (const r of records) {
    const value = String(r.searchValues?.value ?? "");
    if (value !== "") {
      times.set(value, (times.get(value) ?? 0) + 1);
    }
  }
  return { times, ids: records.map((r) => String(r.eventId?.value)) };
};

const waitUntil = async (
  what: string,
  ok: () => Promise<boolean>,
  ms: number,
): Promise<void> => {
  const until = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > until) {
      throw new Error(`timed out: ${what}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "kaigo-durability-"));
  kintone = await startDemoKintone({
    dataDir: dir,
    memory: true,
    kintonePort: 0,
  });
  catcher = await startMailCatcher({ port: 0 });
}, 180_000);

afterAll(async () => {
  for (const p of portals) {
    if (p.child.exitCode === null && p.child.signalCode === null) {
      p.child.kill("SIGTERM");
      await p.exited;
    }
  }
  await catcher?.close();
  await kintone?.sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

test("every search answered before a SIGKILL is in 閲覧ログ exactly once after the restart", async () => {
  const first = await startPortal();
  const user = new PortalClient(first.url);
  await user.logIn(DEMO_EMAIL, catcher);

  const answered: string[] = [];
  let next = 0;
  const killed = new AbortController();
  const connection = async (): Promise<void> => {
    while (!killed.signal.aborted) {
      const value = String(next++).padStart(6, "0");
      try {
        // The search itself, without opening the results page it redirects to.
        const res = await user.go(
          "/search",
          `csrf=${user.csrf}&method=insuredNo&insuredNoLast6=${value}`,
        );
        if (res.status === 303) {
          // The answer has arrived: the portal has recorded and answered this search.
          answered.push(value);
        }
        await res.text();
      } catch {
        // The portal was killed under this request: not answered.
      }
    }
  };
  const load = Array.from({ length: 8 }, connection);

  // Kill it while searches run and once some events are shipped (so some are still pending).
  await waitUntil(
    "the first shipment",
    async () => answered.length >= 200 && (await accessLog()).times.size > 0,
    60_000,
  );
  first.child.kill("SIGKILL");
  expect(await first.exited).toBe("SIGKILL");
  killed.abort();
  await Promise.all(load);
  const before = answered.slice();
  const shippedBeforeKill = (await accessLog()).times.size;
  expect(before.length).toBeGreaterThanOrEqual(200);
  expect(shippedBeforeKill).toBeLessThan(before.length);

  // Started again on the same data folder, it ships what the killed one had not.
  const second = await startPortal();
  await waitUntil(
    "every answered search in 閲覧ログ",
    async () => {
      const { times } = await accessLog();
      return before.every((v) => times.has(v));
    },
    60_000,
  );
  // Nothing left to ship in the restarted portal's audit file: no record can arrive later.
  await waitUntil(
    "the audit file to have nothing pending",
    () => Promise.resolve(pendingInAuditFile() === 0),
    60_000,
  );
  const { times, ids } = await accessLog();
  expect(before.filter((v) => times.get(v) !== 1)).toEqual([]);
  expect([...times].filter(([, n]) => n !== 1)).toEqual([]);
  expect(new Set(ids).size).toBe(ids.length);

  // The restarted portal keeps the session and answers.
  const again = new PortalClient(second.url);
  for (const [k, v] of user.jar) {
    again.jar.set(k, v);
  }
  again.csrf = user.csrf;
  expect((await again.searchInsuredNo("999999")).status).toBe(200);

  // Its log lines carry no personal data: no searched number, no address.
  for (const out of [first.stdout(), second.stdout()]) {
    expect(out).not.toContain(DEMO_EMAIL);
    expect(before.filter((v) => out.includes(v))).toEqual([]);
  }
}, 240_000);
