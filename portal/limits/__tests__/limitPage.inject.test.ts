/**
 * The limit page as the portal answers it (app.inject with the fakes of
 * portal/routes/__tests__/fakePortal.ts): for each rule it names which limit applied and when it
 * frees, says it is a safeguard and what to do, and never blames the reader.
 */
import {
  fakePortal,
  InjectBrowser,
  USER,
  type FakePortal,
} from "../../routes/__tests__/fakePortal.ts";
import { defaultLimitRules, type LimitRule } from "../rules.ts";

const opened: FakePortal[] = [];
const portalWith = async (limits: LimitRule[]): Promise<FakePortal> => {
  const p = await fakePortal({ limits });
  opened.push(p);
  return p;
};
afterEach(async () => {
  await Promise.all(opened.splice(0).map((p) => p.close()));
});

/** The page's <main> as text: tags dropped, whitespace collapsed. */
const textOf = (body: string): string =>
  (/<main[\s\S]*<\/main>/.exec(body)?.[0] ?? body)
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");

const SAFEGUARD =
  "個人情報を守るための安全対策として、どなたにも同じ上限を設けています。";
const CONTACT = "介護保険課 介護認定係までお問い合わせください。";
const REPROACH = /不正|誤った|使いすぎ|多すぎ|ご遠慮|禁止|違反/;

/** Searches until one is refused; that answer. */
const searchUntilRefused = async (b: InjectBrowser) => {
  for (let i = 0; i < 1000; i++) {
    const res = await b.post("/search", {
      method: "insuredNo",
      insuredNoLast6: String(100_000 + i),
    });
    if (res.statusCode === 429) {
      return { res, answered: i };
    }
  }
  throw new Error("never refused");
};

const expectPolite = (text: string): void => {
  expect(text).toContain(SAFEGUARD);
  expect(text).toContain(CONTACT);
  expect(text).toMatch(
    /(?:明日（\d{1,2}月\d{1,2}日）)?\d{1,2}:\d{2} 以降にもう一度お試しください。/,
  );
  expect(text).not.toMatch(REPROACH);
};

describe("the search limit page", () => {
  it("names this account's searches in 10 minutes (the default 60)", async () => {
    const p = await portalWith(defaultLimitRules());
    const b = new InjectBrowser(p.app);
    await b.logIn(p);
    const { res, answered } = await searchUntilRefused(b);
    expect(answered).toBe(60);
    expect(Number(res.headers["retry-after"])).toBeLessThanOrEqual(600);
    const text = textOf(res.body);
    expect(text).toContain(
      "上限に達したのは、このアカウントの10分間の検索（60回まで）です。",
    );
    expect(text).not.toContain("同じ接続元");
    expectPolite(text);
  });

  it("names this account's searches in 24 hours when that rule blocks longest", async () => {
    const p = await portalWith([
      { kind: "search", scope: "account", limit: 2, windowSeconds: 600 },
      { kind: "search", scope: "account", limit: 2, windowSeconds: 86_400 },
    ]);
    const b = new InjectBrowser(p.app);
    await b.logIn(p);
    const { res } = await searchUntilRefused(b);
    expect(Number(res.headers["retry-after"])).toBeGreaterThan(23 * 3600);
    const text = textOf(res.body);
    expect(text).toContain(
      "上限に達したのは、このアカウントの24時間の検索（2回まで）です。",
    );
    expectPolite(text);
  });

  it("names the searches from this connection, shared by everyone behind it", async () => {
    const p = await portalWith([
      { kind: "search", scope: "ip", limit: 3, windowSeconds: 600 },
    ]);
    const b = new InjectBrowser(p.app, "203.0.113.9");
    await b.logIn(p);
    const { res, answered } = await searchUntilRefused(b);
    expect(answered).toBe(3);
    const text = textOf(res.body);
    expect(text).toContain(
      "上限に達したのは、この接続元（ネットワーク）からの10分間の検索（3回まで）です。",
    );
    expect(text).toContain(
      "この回数は、同じ事業所のネットワークなど、同じ接続元からご利用の方すべての合計です。",
    );
    expectPolite(text);
  });
});

describe("the limit pages without a login", () => {
  it("names the login mails from this connection in an hour", async () => {
    const p = await portalWith([
      { kind: "loginMail", scope: "ip", limit: 2, windowSeconds: 3600 },
    ]);
    const b = new InjectBrowser(p.app);
    await b.get("/");
    const answers = [];
    for (let i = 0; i < 3; i++) {
      answers.push(await b.post("/login", { email: `someone${i}@example.jp` }));
    }
    const over = answers.at(-1);
    expect(over?.statusCode).toBe(429);
    const text = textOf(over?.body ?? "");
    expect(text).toContain(
      "上限に達したのは、この接続元（ネットワーク）からの1時間のログイン用メールの送信（2回まで）です。",
    );
    expect(text).toContain("同じ接続元からご利用の方すべての合計です。");
    expectPolite(text);
  });

  it("names the login-link confirmations from this connection in 10 minutes", async () => {
    const p = await portalWith([
      { kind: "loginLink", scope: "ip", limit: 1, windowSeconds: 600 },
    ]);
    const b = new InjectBrowser(p.app);
    await b.get("/");
    await b.post("/login/verify", { token: "x".repeat(43) });
    const over = await b.post("/login/verify", { token: "y".repeat(43) });
    expect(over.statusCode).toBe(429);
    const text = textOf(over.body);
    expect(text).toContain(
      "上限に達したのは、この接続元（ネットワーク）からの10分間のログイン用URLの確認（1回まで）です。",
    );
    expectPolite(text);
  });

  it("names the forms posted without a login from this connection", async () => {
    const p = await portalWith([
      { kind: "anonymousPost", scope: "ip", limit: 1, windowSeconds: 600 },
    ]);
    const b = new InjectBrowser(p.app);
    await b.get("/");
    await b.post("/login", { email: USER });
    const over = await b.post("/login", { email: USER });
    expect(over.statusCode).toBe(429);
    const text = textOf(over.body);
    expect(text).toContain(
      "上限に達したのは、この接続元（ネットワーク）からの10分間のログインせずに行う送信（1回まで）です。",
    );
    expectPolite(text);
  });
});
