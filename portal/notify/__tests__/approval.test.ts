/**
 * The notice mails with real parts: the demo's local kintone (apps, demo data, the portal's API
 * tokens), the real SMTP catcher and the portal started by startPortal on a data folder of its
 * own. Registrations are moved through kintone's process by REST actions (審査開始, 承認,
 * 差戻し, 再申請, 却下) as the city's staff would with the buttons; the portal mails on its next
 * sync of the registration app (the tests run it, or a webhook does).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AppCode } from "../../../schemas/types.ts";
import { useDemoKintone } from "../../../test/support/demo.ts";
import { startPortal, type RunningPortal } from "../../app.ts";
import { configFromEnv } from "../../env.ts";
import {
  startMailCatcher,
  type CaughtMail,
  type MailCatcher,
} from "../../mail/catcher.ts";

const kintone = useDemoKintone();
let catcher: MailCatcher;
let dir: string;
const running = new Set<RunningPortal>();
const lines: string[] = [];
const SECRET = "notice-test-webhook-secret-0123456789";

beforeAll(async () => {
  catcher = await startMailCatcher({ port: 0 });
  dir = mkdtempSync(join(tmpdir(), "kaigo-notices-"));
});

afterAll(async () => {
  for (const p of running) {
    await p.close();
  }
  await catcher?.close();
  rmSync(dir, { recursive: true, force: true });
});

const start = async (dataDir = join(dir, "portal")): Promise<RunningPortal> => {
  const k = kintone();
  const config = configFromEnv(
    { PORTAL_CITY_NAME: "デモ市" },
    {
      port: 0,
      dataDir,
      kintone: {
        baseUrl: k.sandbox.url,
        apps: k.ids as Record<AppCode, string>,
        tokens: k.tokens,
      },
      smtp: {
        url: catcher.smtpUrl,
        from: "デモ市介護保険課 <no-reply@example.jp>",
      },
      webhookSecret: SECRET,
      webhookMinIntervalSeconds: 0,
    },
  );
  const portal = await startPortal(
    // The tests run the syncs; the timers stay out of the way.
    { ...config, syncIntervalSeconds: 3600, reconcileIntervalSeconds: 86400 },
    { log: (line) => lines.push(line) },
  );
  running.add(portal);
  return portal;
};

const stop = async (portal: RunningPortal): Promise<void> => {
  running.delete(portal);
  await portal.close();
};

const app = (): string => kintone().ids.registration as string;

const mailsTo = (email: string): CaughtMail[] =>
  catcher.messages().filter((m) => m.to.includes(email));

let sequence = 0;

/** A new registration (申請中) for a new address, like one from the form; returns its id. */
const apply = async (): Promise<{ id: string; email: string }> => {
  const { client } = kintone();
  const [model] = (
    await client.record.getRecords({
      app: app(),
      query: 'email = "demo-applied@example.jp"',
    })
  ).records;
  const email = `notice-${++sequence}@example.jp`;
  const { id } = await client.record.addRecord({
    app: app(),
    record: {
      registrationRequestType: { value: "新規" },
      officeNo: { value: String(model?.officeNo?.value) },
      officePhone: { value: String(model?.officePhone?.value) },
      email: { value: email },
      staffNameKana: { value: "デモケイ" },
      pledge: { value: model?.pledge?.value as string[] },
    },
  });
  return { id, email };
};

const act = async (id: string, ...actions: string[]): Promise<void> => {
  for (const action of actions) {
    await kintone().client.record.updateRecordStatus({
      app: app(),
      id,
      action,
    });
  }
};

const fieldOf = async (id: string, code: string): Promise<string> => {
  const { record } = await kintone().client.record.getRecord({
    app: app(),
    id,
  });
  return String(record[code]?.value ?? "");
};

it("mails an approval made by REST process actions once, across a restart, and records 承認通知日時", async () => {
  const first = await start();
  // The demo's first start mails nobody: the seeded 利用中 registration carries 承認通知日時,
  // the seeded 差戻し and 却下 ones stood before this portal's notice file.
  expect(catcher.messages()).toEqual([]);

  const a = await apply();
  await act(a.id, "審査開始", "承認");
  expect((await first.replica.syncOnce()).ok).toBe(true);
  const [mail, ...more] = mailsTo(a.email);
  expect(more).toEqual([]);
  expect(mail?.subject).toBe(
    "【デモ市要介護認定進捗確認】利用登録完了のお知らせ",
  );
  expect(mail?.from).toContain("no-reply@example.jp");
  expect(mail?.text).toContain(first.url);
  expect(mail?.text).toContain("メールアドレスでログイン");
  expect(await fieldOf(a.id, "approvalNotifiedAt")).toMatch(
    /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/u,
  );
  await first.replica.syncOnce();
  expect(mailsTo(a.email)).toHaveLength(1);

  // Approved while the portal is down: mailed at the next start, and the first one is not again.
  await stop(first);
  const b = await apply();
  await act(b.id, "審査開始", "承認");
  const second = await start();
  expect(mailsTo(b.email)).toHaveLength(1);
  await second.replica.syncOnce();
  await second.replica.syncOnce();
  expect(mailsTo(a.email)).toHaveLength(1);
  expect(mailsTo(b.email)).toHaveLength(1);
  expect(await fieldOf(b.id, "approvalNotifiedAt")).not.toBe("");
  await stop(second);
  // The log names record ids, never an address.
  expect(lines).toContain(`notify: approval mail sent (registration ${a.id})`);
  expect(lines.filter((l) => l.includes("@"))).toEqual([]);
});

it("two syncs at once (and a webhook) send one mail", async () => {
  const portal = await start(join(dir, "concurrent"));
  const c = await apply();
  await act(c.id, "審査開始", "承認");
  const { replica, notifier } = portal;
  await Promise.all([
    replica.syncOnce(),
    replica.syncOnce(),
    replica.requestSync(app()),
    notifier.pass(),
    fetch(`${portal.url}/hooks/kintone/${SECRET}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ app: { id: app() }, type: "UPDATE_STATUS" }),
    }),
  ]);
  await replica.requestSync(app());
  expect(mailsTo(c.email)).toHaveLength(1);
  await stop(portal);
});

it("a 差戻し mails its reason and the link to apply again, once per return", async () => {
  const portal = await start(join(dir, "returns"));
  const d = await apply();
  await act(d.id, "審査開始");
  await kintone().client.record.updateRecord({
    app: app(),
    id: d.id,
    record: { returnReason: { value: "事業所電話番号が一致しません。" } },
  });
  await act(d.id, "差戻し");
  await portal.replica.syncOnce();
  await portal.replica.syncOnce();
  const [mail, ...more] = mailsTo(d.email);
  expect(more).toEqual([]);
  expect(mail?.subject).toBe(
    "【デモ市要介護認定進捗確認】利用登録申請の差戻しのお知らせ",
  );
  expect(mail?.text).toContain("事業所電話番号が一致しません。");
  expect(mail?.text).toContain(`${portal.url}/register`);

  // 再申請, reviewed and returned again: a second mail, for the second return.
  await act(d.id, "再申請");
  await portal.replica.syncOnce();
  await act(d.id, "審査開始", "差戻し");
  await portal.replica.syncOnce();
  await portal.replica.syncOnce();
  expect(mailsTo(d.email)).toHaveLength(2);
  await stop(portal);
});

it("a 却下 mails nothing by default", async () => {
  const portal = await start(join(dir, "rejections"));
  const e = await apply();
  await act(e.id, "審査開始", "却下");
  expect((await portal.replica.syncOnce()).ok).toBe(true);
  await portal.notifier.pass();
  expect(mailsTo(e.email)).toEqual([]);
  await stop(portal);
});
