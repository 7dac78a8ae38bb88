/**
 * The notifier against its real notice file (SQLite in a temporary folder), with the replica's
 * rows, the kintone write and the SMTP server stood in for by plain functions: the cases a real
 * server will not produce on demand — a crash between claim and answer, a refusal, a silence.
 * approval.test.ts runs the whole with the local kintone, the real mail catcher and a portal.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PortalConfig } from "../../config.ts";
import type { Mailer, OutgoingMail } from "../../mail/send.ts";
import {
  sendFailure,
  startNotifier,
  type NoticeSource,
  type NotifierOptions,
} from "../index.ts";
import type { NoticeRow } from "../notices.ts";
import { NoticeStore } from "../store.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "kaigo-notify-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const config = (): PortalConfig =>
  ({
    dataDir: dir,
    publicUrl: "https://portal.example.jp",
    cityName: "デモ市",
    idleDays: 60,
    smtp: { url: "smtp://127.0.0.1:1", from: "x <no-reply@example.jp>" },
    kintone: { apps: { registration: "2" } },
    notices: {
      from: "デモ市介護保険課 <no-reply@example.jp>",
      approvalSubject: "承認",
      returnSubject: "差戻し",
      rejectionSubject: "却下",
      rejectionMail: false,
    },
  }) as unknown as PortalConfig;

const row = (over: Partial<NoticeRow> & { id: number }): NoticeRow => ({
  revision: 3,
  status: "利用中",
  email: `user${over.id}@example.jp`,
  officeName: "",
  returnReason: "",
  approvalNotifiedAt: null,
  ...over,
});

interface Harness {
  rows: NoticeRow[];
  sent: OutgoingMail[];
  writes: Array<{ id: unknown; value: unknown }>;
  lines: string[];
  /** What the next sends do: undefined = accept. */
  failWith: unknown[];
  writeFails: boolean;
  listener: Parameters<NoticeSource["afterSync"]>[0] | undefined;
  options: () => NotifierOptions;
}

const harness = (): Harness => {
  const h: Harness = {
    rows: [],
    sent: [],
    writes: [],
    lines: [],
    failWith: [],
    writeFails: false,
    listener: undefined,
    options: () => ({
      config: config(),
      replica: {
        registrationsIn: (statuses) =>
          h.rows.filter((r) => statuses.includes(r.status)),
        afterSync: (l) => {
          h.listener = l;
          return () => {
            h.listener = undefined;
          };
        },
        status: () => ({ loaded: true }) as never,
      },
      registrations: {
        record: {
          updateRecord: async (p: {
            id: unknown;
            record: { approvalNotifiedAt: { value: unknown } };
          }) => {
            await Promise.resolve();
            if (h.writeFails) {
              throw Object.assign(new Error("down"), { code: "ECONNREFUSED" });
            }
            h.writes.push({
              id: p.id,
              value: p.record.approvalNotifiedAt.value,
            });
            return { revision: "9" };
          },
        },
      } as never,
      mailer: mailer(h),
      log: (line) => h.lines.push(line),
      now: () => new Date("2025-04-01T01:02:03.456Z"),
    }),
  };
  return h;
};

const mailer = (h: Harness): Mailer => ({
  from: "no-reply@example.jp",
  senderName: "デモ市介護保険課",
  send: async (mail) => {
    // A turn of the event loop, as a real SMTP conversation takes: passes could interleave.
    await new Promise((r) => setTimeout(r, 5));
    if (h.failWith.length > 0) {
      throw h.failWith.shift();
    }
    h.sent.push(mail);
    return { messageId: String(h.sent.length) };
  },
  close: () => undefined,
});

it("sends an approval once, writes 承認通知日時, and not again on later passes or after a restart", async () => {
  const h = harness();
  h.rows = [row({ id: 5 })];
  const n = await startNotifier(h.options());
  expect(h.sent.map((m) => [m.to, m.subject])).toEqual([
    ["user5@example.jp", "承認"],
  ]);
  expect(h.writes).toEqual([{ id: 5, value: "2025-04-01T01:02:03Z" }]);
  await Promise.all([n.pass(), n.pass(), h.listener?.(["registration"])]);
  await n.close();
  const again = await startNotifier(h.options());
  await again.pass();
  await again.close();
  expect(h.sent).toHaveLength(1);
  // No address in the log.
  expect(h.lines.join("\n")).not.toContain("@");
});

it("two notifiers on the same file send one mail (the claim is in SQLite)", async () => {
  const h = harness();
  const a = await startNotifier(h.options());
  const b = await startNotifier(h.options());
  h.rows = [row({ id: 8 })];
  await Promise.all([a.pass(), b.pass(), a.pass(), b.pass()]);
  await a.close();
  await b.close();
  expect(h.sent).toHaveLength(1);
});

it("retries writing 承認通知日時 until it succeeds, without sending again", async () => {
  const h = harness();
  h.writeFails = true;
  h.rows = [row({ id: 6 })];
  const n = await startNotifier(h.options());
  expect(h.sent).toHaveLength(1);
  expect(h.writes).toEqual([]);
  expect(h.lines.some((l) => l.includes("not written"))).toBe(true);
  h.writeFails = false;
  await n.pass();
  expect(h.writes).toEqual([{ id: 6, value: "2025-04-01T01:02:03Z" }]);
  // Once the replica has it, nothing more is written.
  h.rows = [row({ id: 6, approvalNotifiedAt: "2025-04-01T01:02:03Z" })];
  await n.pass();
  expect(h.writes).toHaveLength(1);
  expect(h.sent).toHaveLength(1);
  expect(n.store.all().map((c) => c.state)).toEqual(["recorded"]);
  await n.close();
});

it("a claim left unsent by a crash is logged once for staff (record id only) and never sent", async () => {
  const h = harness();
  const file = join(dir, "notices.sqlite");
  const crashed = new NoticeStore(file);
  crashed.baseline([], "2025-04-01T00:00:00Z");
  expect(
    crashed.claim("approval:4", 4, "approval", "2025-04-01T00:00:01Z"),
  ).toBe(true);
  crashed.close();
  h.rows = [row({ id: 4 })];
  const n = await startNotifier(h.options());
  await n.pass();
  await n.close();
  expect(h.sent).toEqual([]);
  expect(h.writes).toEqual([]);
  const staff = h.lines.filter((l) => l.includes("送信されたか分かりません"));
  expect(staff).toHaveLength(1);
  expect(staff[0]).toContain("登録 4 の承認通知メール");
  expect(staff[0]).not.toContain("@");
  // The next start says nothing more.
  const again = await startNotifier(h.options());
  await again.close();
  expect(
    h.lines.filter((l) => l.includes("送信されたか分かりません")),
  ).toHaveLength(1);
});

it("an unreachable server is tried again; a refusal or a silence is not", async () => {
  const h = harness();
  h.rows = [row({ id: 1 }), row({ id: 2 }), row({ id: 3 })];
  h.failWith = [
    Object.assign(new Error("refused"), {
      code: "ECONNECTION",
      command: "CONN",
    }),
    Object.assign(new Error("550"), { responseCode: 550, command: "RCPT TO" }),
    Object.assign(new Error("timeout"), { code: "ETIMEDOUT" }),
  ];
  const n = await startNotifier(h.options());
  // The first pass stops at the unreachable server, releasing its claim; the next one tries
  // record 1 again (refused for good), then 2 (silence), then 3 (accepted).
  expect(h.sent).toEqual([]);
  expect(n.store.all()).toEqual([]);
  await n.pass();
  await n.pass();
  expect(h.sent.map((m) => m.to)).toEqual(["user3@example.jp"]);
  expect(
    Object.fromEntries(n.store.all().map((c) => [c.recordId, c.state])),
  ).toEqual({ 1: "failed", 2: "unknown", 3: "recorded" });
  expect(h.lines.some((l) => l.includes("refused by the SMTP server"))).toBe(
    true,
  );
  await n.close();
});

it("classifies send failures", () => {
  expect(sendFailure({ responseCode: 421 })).toBe("retry");
  expect(sendFailure({ responseCode: 554, command: "DATA" })).toBe("failed");
  expect(sendFailure({ code: "ECONNECTION" })).toBe("retry");
  expect(sendFailure({ code: "ESOCKET" })).toBe("unknown");
  expect(sendFailure(new Error("?"))).toBe("unknown");
});

it("a new notice file takes returns and rejections already there as announced; a later return is mailed", async () => {
  const h = harness();
  h.rows = [
    row({ id: 1, status: "差戻し", returnReason: "前からの差戻し" }),
    row({ id: 2, status: "却下" }),
  ];
  const n = await startNotifier(h.options());
  expect(h.sent).toEqual([]);
  h.rows = [
    ...h.rows,
    row({ id: 3, status: "差戻し", revision: 7, returnReason: "番号違い" }),
  ];
  await n.pass();
  await n.pass();
  expect(h.sent.map((m) => [m.to, m.subject])).toEqual([
    ["user3@example.jp", "差戻し"],
  ]);
  expect(h.sent[0]?.text).toContain("番号違い");
  expect(h.sent[0]?.text).toContain("https://portal.example.jp/register");
  // Re-applied and returned again: a second mail; record 1 re-applied and returned too.
  h.rows = [row({ id: 1, status: "申請中" }), row({ id: 3, status: "申請中" })];
  await n.pass();
  h.rows = [
    row({ id: 1, status: "差戻し", revision: 20 }),
    row({ id: 3, status: "差戻し", revision: 12 }),
  ];
  await n.pass();
  await n.pass();
  expect(h.sent.map((m) => m.to)).toEqual([
    "user3@example.jp",
    "user1@example.jp",
    "user3@example.jp",
  ]);
  expect(h.writes).toEqual([]);
  await n.close();
});
