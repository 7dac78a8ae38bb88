import type { Chrome } from "../../web/pages.ts";
import {
  continueAtText,
  limitMessage,
  limitPage,
  limitRuleText,
} from "../page.ts";
import type { LimitRule } from "../rules.ts";

const at = (s: string): Date => new Date(s);
const now = at("2025-04-01T15:30:10+09:00");
const chrome: Chrome = {
  cityName: "デモ市",
  lastSyncAt: "2025-04-01T06:00:00Z",
  dataChangedAt: "2025-04-01T05:00:00Z",
  stale: false,
  loggedIn: true,
  officeName: "デモ居宅介護支援事業所",
  csrf: "x".repeat(32),
};

describe("when the user may continue", () => {
  it("says the time today in Japan's time, rounded up to the minute", () => {
    expect(continueAtText(at("2025-04-01T15:41:20+09:00"), now)).toBe("15:42");
    expect(continueAtText(at("2025-04-01T15:42:00+09:00"), now)).toBe("15:42");
    expect(continueAtText(at("2025-04-01T06:41:20Z"), now)).toBe("15:42");
  });

  it("says 明日 with the date when it is tomorrow in Japan, and the date later", () => {
    expect(continueAtText(at("2025-04-02T09:05:00+09:00"), now)).toBe(
      "明日（4月2日）9:05",
    );
    expect(
      continueAtText(
        at("2025-04-01T00:30:00+09:00"),
        at("2025-03-31T23:50:00+09:00"),
      ),
    ).toBe("明日（4月1日）0:30");
    expect(continueAtText(at("2025-04-03T09:05:00+09:00"), now)).toBe(
      "4月3日 9:05",
    );
  });

  it("writes the search message as the city would", () => {
    expect(limitMessage("search", at("2025-04-01T15:42:00+09:00"), now)).toBe(
      "検索の回数が上限に達しました。15:42 以降にもう一度お試しください。",
    );
    expect(
      limitMessage("loginMail", at("2025-04-01T15:42:00+09:00"), now),
    ).toBe(
      "ログイン用メールの送信回数が上限に達しました。15:42 以降にもう一度お試しください。",
    );
  });
});

const rule = (
  kind: LimitRule["kind"],
  scope: LimitRule["scope"],
  limit: number,
  windowSeconds: number,
): LimitRule => ({ kind, scope, limit, windowSeconds });

const perAccount10min = rule("search", "account", 60, 600);
const perAccountDay = rule("search", "account", 150, 86_400);
const perIp10min = rule("search", "ip", 300, 600);

/** The page's <main> as text: tags dropped, whitespace collapsed. */
const textOf = (page: string): string =>
  (/<main[\s\S]*<\/main>/.exec(page)?.[0] ?? page)
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");

describe("the limit page", () => {
  it("tells searchers when to continue, as a status, with a machine-readable time and a way back", () => {
    const page = limitPage(chrome, {
      rule: perAccount10min,
      retryAt: at("2025-04-01T15:41:20+09:00"),
      now,
    });
    expect(page).toContain('<html lang="ja">');
    expect(page).toContain("<h1>検索の回数が上限に達しました</h1>");
    expect(page).toMatch(
      /<p role="status">検索の回数が上限に達しました。<time datetime="2025-04-01T15:42\+09:00">15:42<\/time> 以降にもう一度お試しください。<\/p>/,
    );
    expect(page).toContain('<a href="/search">検索画面に戻る</a>');
    expect(page).toContain("デモ市介護保険課 介護認定係");
    expect(page).toContain("ログアウト");
  });

  it("names this account's searches in 10 minutes, and when they free", () => {
    const text = textOf(
      limitPage(chrome, {
        rule: perAccount10min,
        retryAt: at("2025-04-01T15:41:20+09:00"),
        now,
      }),
    );
    expect(text).toContain(
      "上限に達したのは、このアカウントの10分間の検索（60回まで）です。",
    );
    expect(text).toContain("15:42 以降は、そのまま続けてご利用いただけます。");
    expect(text).not.toContain("同じ接続元");
  });

  it("names this account's searches in 24 hours, freeing tomorrow with the date", () => {
    const text = textOf(
      limitPage(chrome, {
        rule: perAccountDay,
        retryAt: at("2025-04-02T09:05:00+09:00"),
        now,
      }),
    );
    expect(text).toContain(
      "上限に達したのは、このアカウントの24時間の検索（150回まで）です。",
    );
    expect(text).toContain("明日（4月2日）9:05 以降にもう一度お試しください。");
  });

  it("names the searches from this connection, shared by everyone behind it (an office's network)", () => {
    const text = textOf(
      limitPage(chrome, {
        rule: perIp10min,
        retryAt: at("2025-04-01T15:35:00+09:00"),
        now,
      }),
    );
    expect(text).toContain(
      "上限に達したのは、この接続元（ネットワーク）からの10分間の検索（300回まで）です。",
    );
    expect(text).toContain(
      "この回数は、同じ事業所のネットワークなど、同じ接続元からご利用の方すべての合計です。",
    );
  });

  it.each([
    perAccount10min,
    perAccountDay,
    perIp10min,
    rule("loginMail", "ip", 20, 3600),
    rule("loginLink", "ip", 60, 600),
    rule("signupMail", "ip", 20, 3600),
    rule("anonymousPost", "ip", 300, 600),
  ])(
    "says it is a safeguard for everyone and what to do, without blaming the reader (%j)",
    (r) => {
      const text = textOf(
        limitPage(
          { ...chrome, loggedIn: r.kind === "search" },
          { rule: r, retryAt: at("2025-04-01T16:00:00+09:00"), now },
        ),
      );
      expect(text).toContain(
        "個人情報を守るための安全対策として、どなたにも同じ上限を設けています。",
      );
      expect(text).toContain("16:00 以降");
      expect(text).toContain(
        "お急ぎの場合は、デモ市介護保険課 介護認定係までお問い合わせください。",
      );
      // Nothing that reads as a reproach: misuse, wrong operation, too many.
      expect(text).not.toMatch(/不正|誤った|使いすぎ|多すぎ|ご遠慮|禁止|違反/);
    },
  );

  it("sends login-mail users back to the login page", () => {
    const page = limitPage(
      { ...chrome, loggedIn: false },
      {
        rule: rule("loginMail", "ip", 20, 3600),
        retryAt: at("2025-04-01T16:00:00+09:00"),
        now,
      },
    );
    expect(page).toContain("ログイン用メールの送信回数が上限に達しました");
    expect(textOf(page)).toContain(
      "上限に達したのは、この接続元（ネットワーク）からの1時間のログイン用メールの送信（20回まで）です。",
    );
    expect(page).toContain('<a href="/">ログイン画面に戻る</a>');
    expect(page).not.toContain("ログアウト");
  });
});

describe("limitRuleText", () => {
  it("names the limit per address that withholds a login mail (for the dev mailbox)", () => {
    expect(limitRuleText(rule("loginMail", "address", 5, 3600))).toBe(
      "このメールアドレスあての1時間のログイン用メールの送信（5回まで）",
    );
  });
});
