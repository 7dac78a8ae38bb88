/** The cleanup's summary and its connection settings (pure; no kintone). */
import { CliError } from "../../lib/cli.ts";
import { summaryLines, type CleanupResult } from "../cleanupIdle.ts";
import { settingsFrom } from "../settings.ts";

const result = (r: Partial<CleanupResult>): CleanupResult => ({
  active: 5,
  idle: [],
  suspended: [],
  failed: [],
  commentFailed: [],
  ...r,
});

describe("summaryLines", () => {
  it("counts targets, suspensions and failures, with record numbers", () => {
    expect(
      summaryLines(
        result({
          idle: ["3", "7", "9"],
          suspended: ["3", "9"],
          failed: [{ recordNumber: "7", code: "GAIA_CO02" }],
        }),
        false,
      ),
    ).toEqual([
      "対象 3 件、利用停止 2 件、失敗 1 件",
      "利用停止しました（レコード番号 3、9）。",
      "利用停止できませんでした（変更していません）: レコード番号 7（GAIA_CO02）。再実行すると、まだ利用中のものを処理します。",
    ]);
  });

  it("reports a failed comment as done suspension to complete by hand", () => {
    expect(
      summaryLines(
        result({
          idle: ["3"],
          suspended: ["3"],
          commentFailed: [{ recordNumber: "3", code: "ECONNRESET" }],
        }),
        false,
      ),
    ).toEqual([
      "対象 1 件、利用停止 1 件、失敗 0 件",
      "利用停止しました（レコード番号 3）。",
      "利用停止は済みましたが、コメントを追加できませんでした: レコード番号 3（ECONNRESET）。kintone でコメントを手動で追加してください。",
    ]);
  });

  it("says a dry run changed nothing", () => {
    expect(summaryLines(result({ idle: ["4"] }), true)).toEqual([
      "[ドライラン] 対象 1 件（レコード番号 4）。何も変更していません。",
    ]);
  });
});

describe("settingsFrom", () => {
  const base = {
    KINTONE_BASE_URL: "https://city.cybozu.com/",
    KINTONE_APP_REGISTRATION: "13",
  };

  it("uses the scripts' API token of the registration app", () => {
    expect(
      settingsFrom([], {
        ...base,
        KINTONE_TOKEN_REGISTRATION_SCRIPTS: "tok",
        KINTONE_USERNAME: "u",
        KINTONE_PASSWORD: "p",
      }),
    ).toEqual({
      baseUrl: "https://city.cybozu.com",
      app: "13",
      auth: { apiToken: "tok" },
      authLabel: "APIトークン（KINTONE_TOKEN_REGISTRATION_SCRIPTS）",
      tokens: [
        {
          code: "registration",
          appName: "事業所利用登録",
          envName: "KINTONE_TOKEN_REGISTRATION_SCRIPTS",
          rights: ["view", "edit"],
        },
      ],
    });
  });

  it("uses a login given on the command line before the token", () => {
    const s = settingsFrom(
      ["--username", "admin", "--password", "secret", "--app", "20"],
      { ...base, KINTONE_TOKEN_REGISTRATION_SCRIPTS: "tok" },
    );
    expect(s.auth).toEqual({ username: "admin", password: "secret" });
    expect(s.app).toBe("20");
    expect(s.authLabel).not.toContain("secret");
  });

  it.each([
    [[], { KINTONE_APP_REGISTRATION: "13" }, /KINTONE_BASE_URL/],
    [[], { ...base, KINTONE_BASE_URL: "http://city.example" }, /https:\/\//],
    [[], base, /認証情報がありません/],
    [
      ["--app", "x1"],
      { ...base, KINTONE_PASSWORD: "p", KINTONE_USERNAME: "u" },
      /アプリの ID/,
    ],
  ])("refuses missing or wrong settings (%#)", (args, env, message) => {
    expect(() => settingsFrom(args, env)).toThrow(CliError);
    expect(() => settingsFrom(args, env)).toThrow(message);
  });

  it("finds the app in the apps file when no id is given", () => {
    expect(() =>
      settingsFrom(
        [],
        {
          KINTONE_BASE_URL: base.KINTONE_BASE_URL,
          KINTONE_TOKEN_REGISTRATION_SCRIPTS: "t",
        },
        "/nonexistent/kintone.apps.json",
      ),
    ).toThrow(/npm run deploy/);
  });
});
