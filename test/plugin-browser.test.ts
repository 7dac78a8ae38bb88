/**
 * The registration plugin in real Chromium on the local kintone's pages, with the demo (portal,
 * mail catcher) running: an administrator's settings screen refuses a wrong mapping and saves a
 * right one; a clerk approves a registration in review from its detail page — the record reaches
 * 利用中 with reviewer and time, and the portal sends exactly one approval mail; 差戻し and 却下
 * without a reason are refused; the 休眠アカウント list shows exactly the accounts the rule
 * selects, and suspending them clears their addresses and stops their portal login.
 */
import type { Page } from "playwright-core";
import { PC_SIZE, screenshot as shot, useChromium } from "./support/browser.ts";
import { useDemo } from "./support/demo.ts";
import { logInToKintone } from "./support/kintonePages.ts";
import { waitFor } from "./support/waitFor.ts";
import { jstDateOf } from "../domain/date.ts";
import { pledgeText } from "../domain/codes.ts";
import { DEMO_CLERK } from "../scripts/demo.ts";

let app: string;
let pluginId: string;
const today = jstDateOf(Date.now()) as string;
/** The portal's login decisions, in order (logged before its answer leaves). */
const logins: string[] = [];
const TIMEOUT = 60_000;
const ADMIN_USER = { login: "admin", password: "admin" };

const { demo } = useDemo({
  today,
  plugin: true,
  log: (line) => {
    if (line.startsWith("login:")) {
      logins.push(line);
    }
  },
  portal: { syncIntervalSeconds: 3600, reconcileIntervalSeconds: 3600 },
});
const browser = useChromium();

beforeAll(async () => {
  app = demo().ids.registration as string;
  const { plugins } = await demo().client.plugin.getPlugins({});
  pluginId = String(
    plugins.find((p) => p.name.includes("事業所利用登録"))?.id ?? "",
  );
});

/** kintone DATETIME `days` ago. */
const daysAgo = (days: number): string =>
  `${new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 19)}Z`;

/** A registration added by REST and moved along the process by the given actions. */
const registration = async (
  email: string,
  actions: string[],
  values: Record<string, { value: unknown }> = {},
): Promise<string> => {
  const offices = await demo().client.record.getRecords({
    app: demo().ids.offices as string,
    query: 'registrable in ("対象") limit 1',
  });
  const office = offices.records[0];
  const { id } = await demo().client.record.addRecord({
    app,
    record: {
      registrationRequestType: { value: "新規" },
      officeNo: { value: String(office?.officeNo?.value) },
      officePhone: { value: String(office?.phone?.value) },
      email: { value: email },
      staffNameKana: { value: "プラグインテスト" },
      pledge: { value: [pledgeText("").consent] },
      ...values,
    },
  });
  for (const action of actions) {
    await demo().client.record.updateRecordStatus({ app, id, action });
  }
  return id;
};

const recordOf = async (id: string) =>
  (await demo().client.record.getRecord({ app, id })).record;

const clerkPage = async (path: string): Promise<Page> => {
  const context = await browser().newContext(PC_SIZE);
  return logInToKintone(context, {
    base: demo().sandbox.url,
    path,
    user: DEMO_CLERK,
    timeout: TIMEOUT,
  });
};

test("an administrator's settings screen refuses a wrong mapping with a message, and saves a right one", async () => {
  const context = await browser().newContext(PC_SIZE);
  const page = await logInToKintone(context, {
    base: demo().sandbox.url,
    path: `/k/admin/app/${app}/plugin/config?pluginId=${pluginId}`,
    user: ADMIN_USER,
    timeout: TIMEOUT,
  });
  try {
    await page
      .getByRole("heading", { name: "事業所利用登録プラグインの設定" })
      .waitFor();
    await page.getByLabel("メールアドレス").selectOption("");
    await page.getByRole("button", { name: "保存する" }).click();
    await page
      .getByText("メールアドレスのフィールドを選んでください。")
      .waitFor();
    await shot(page, "plugin-config-pc");
    const before = (await fetch(
      `${demo().sandbox.url}/k/v1/preview/app/plugin/config.json?app=${app}&id=${pluginId}`,
      {
        headers: {
          "X-Cybozu-Authorization":
            Buffer.from("admin:admin").toString("base64"),
        },
      },
    ).then((r) => r.json())) as { config?: Record<string, string> };
    expect(before.config?.settings).toBeUndefined();
    await page.getByLabel("メールアドレス").selectOption("email");
    await page.getByRole("button", { name: "保存する" }).click();
    await page.getByText("保存しました。").waitFor();
  } finally {
    await context.close();
  }
}, 180_000);

test("a clerk approves a registration in review: 利用中 with reviewer and time, and exactly one approval mail", async () => {
  const email = "plugin-approve@example.jp";
  const id = await registration(email, ["審査開始"]);
  const page = await clerkPage(`/k/${app}/show#record=${id}`);
  try {
    await page.getByRole("heading", { name: /審査のチェック/ }).waitFor();
    await expect(page.locator(".kaigo-review li.ok").count()).resolves.toBe(5);
    await shot(page, "plugin-review-pc");
    // The panel's button (the page also has kintone's own process buttons).
    await page
      .locator(".kaigo-review")
      .getByRole("button", { name: "承認", exact: true })
      .click();
    await waitFor(
      async () => (await recordOf(id)).ステータス?.value === "利用中",
      TIMEOUT,
      "the record in 利用中",
    );
  } finally {
    await page.context().close();
  }
  const record = await recordOf(id);
  expect(record.reviewer?.value).toBe(DEMO_CLERK.name);
  expect(String(record.reviewedAt?.value)).toMatch(/^\d{4}-\d\d-\d\dT/);
  // The portal notices at its sync (the webhook starts one): one mail, 承認通知日時 recorded.
  await demo().portal.replica.requestSync(app);
  await waitFor(
    async () => Boolean((await recordOf(id)).approvalNotifiedAt?.value),
    TIMEOUT,
    "承認通知日時",
  );
  await demo().portal.replica.requestSync(app);
  const mails = demo()
    .catcher.messages()
    .filter((m) => m.to.includes(email));
  expect(mails).toHaveLength(1);
}, 180_000);

test("差戻し and 却下 without a reason are refused, and the record stays in review", async () => {
  const id = await registration("plugin-refuse@example.jp", ["審査開始"]);
  const page = await clerkPage(`/k/${app}/show#record=${id}`);
  try {
    for (const action of ["差戻し", "却下"]) {
      await page
        .locator(".kaigo-review")
        .getByRole("button", { name: action, exact: true })
        .click();
      await page
        .locator(".kaigo-review-message")
        .getByText(`${action}の理由を入力してください`)
        .waitFor();
    }
    expect((await recordOf(id)).ステータス?.value).toBe("審査中");
  } finally {
    await page.context().close();
  }
}, 180_000);

test("the 休眠アカウント list shows exactly the idle accounts; suspending clears their addresses and stops their login", async () => {
  const idle = [
    await registration("plugin-idle1@example.jp", ["審査開始", "承認"], {
      lastLoginAt: { value: daysAgo(90) },
    }),
    await registration("plugin-idle2@example.jp", ["審査開始", "承認"], {
      lastLoginAt: { value: daysAgo(61) },
    }),
  ];
  const recent = await registration(
    "plugin-recent@example.jp",
    ["審査開始", "承認"],
    {
      lastLoginAt: { value: daysAgo(5) },
    },
  );
  // The portal mails their approvals and records 承認通知日時 first (a record changed after the
  // list was read is, rightly, not suspended: its revision moved).
  await demo().portal.replica.requestSync(app);
  await waitFor(
    async () => {
      const rs = await Promise.all([...idle, recent].map(recordOf));
      return rs.every((r) => Boolean(r.approvalNotifiedAt?.value));
    },
    TIMEOUT,
    "the approvals recorded",
  );
  const page = await clerkPage(`/k/${app}/`);
  try {
    page.on("dialog", (d) => {
      d.accept().catch(() => undefined);
    });
    await page.getByRole("button", { name: "休眠アカウント" }).click();
    await page
      .getByRole("heading", { name: /休眠アカウント（60日以上利用なし）/ })
      .waitFor();
    const listed = await page
      .locator(".kaigo-idle tr td:nth-child(2)")
      .allTextContents();
    expect(listed.toSorted()).toEqual(idle.toSorted());
    await shot(page, "plugin-idle-pc");
    await page
      .getByRole("button", { name: "選んだアカウントを利用停止する" })
      .click();
    await page.getByText("利用停止 2 件、失敗 0 件。").waitFor();
  } finally {
    await page.context().close();
  }
  for (const id of idle) {
    const r = await recordOf(id);
    expect([
      r.ステータス?.value,
      r.email?.value,
      r.suspensionReason?.value,
    ]).toEqual(["利用停止", "", "長期間未使用"]);
  }
  expect((await recordOf(recent)).ステータス?.value).toBe("利用中");
  // The portal learns it at its sync; the address can no longer log in.
  await demo().portal.replica.requestSync(app);
  logins.length = 0;
  const portal = await browser().newContext(PC_SIZE);
  try {
    const p = await portal.newPage();
    await p.goto(demo().portal.url);
    await p.getByLabel("メールアドレス").fill("plugin-idle1@example.jp");
    await p.getByRole("button", { name: "ログイン用メールを送信" }).click();
    await p
      .getByRole("heading", { name: "ログイン用メールを送信しました" })
      .waitFor();
    expect(logins).toEqual(["login: refused (no usable registration)"]);
  } finally {
    await portal.close();
  }
}, 240_000);
