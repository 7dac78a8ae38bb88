import type { Chrome } from "../../web/pages.ts";
import { continueAtText, limitMessage, limitPage } from "../page.ts";

const at = (s: string): Date => new Date(s);
const now = at("2025-04-01T15:30:10+09:00");
const chrome: Chrome = {
  cityName: "デモ市",
  lastSyncAt: "2025-04-01T06:00:00Z",
  stale: false,
  loggedIn: true,
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

describe("the limit page", () => {
  it("tells searchers when to continue, as a status, with a machine-readable time and a way back", () => {
    const page = limitPage(chrome, {
      kind: "search",
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

  it("sends login-mail users back to the login page", () => {
    const page = limitPage(
      { ...chrome, loggedIn: false },
      { kind: "loginMail", retryAt: at("2025-04-01T16:00:00+09:00"), now },
    );
    expect(page).toContain("ログイン用メールの送信回数が上限に達しました");
    expect(page).toContain('<a href="/">ログイン画面に戻る</a>');
    expect(page).not.toContain("ログアウト");
  });
});
