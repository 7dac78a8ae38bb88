import { tokenEnvName } from "../../../schemas/envNames.ts";
import { schemaOf } from "../../../schemas/index.ts";
import type { AppCode } from "../../../schemas/types.ts";
import {
  kintoneAccessFrom,
  tokenHelp,
  wantsHelp,
  type ScriptRights,
} from "../cli.ts";
import { SCRIPT_RIGHTS } from "../scriptRights.ts";

test("every command shows its help for --help and for -h", () => {
  expect(wantsHelp(["--help"])).toBe(true);
  expect(wantsHelp(["x.csv", "-h"])).toBe(true);
  expect(wantsHelp(["--h"])).toBe(false);
  expect(wantsHelp(["--dry-run", "x.csv"])).toBe(false);
});

describe("kintoneAccessFrom", () => {
  const rights = {
    registration: ["view", "add", "edit"],
    offices: ["view"],
  } as const;
  const base = { KINTONE_BASE_URL: "https://city.cybozu.com/" };
  const both = {
    ...base,
    KINTONE_TOKEN_REGISTRATION_SCRIPTS: "r",
    KINTONE_TOKEN_OFFICES_SCRIPTS: "o",
  };

  it("sends the tokens of every app the script touches together, in the order it names them", () => {
    const a = kintoneAccessFrom([], rights, {
      ...both,
      KINTONE_USERNAME: "u",
      KINTONE_PASSWORD: "p",
    });
    expect(a.baseUrl).toBe("https://city.cybozu.com");
    expect(a.auth).toEqual({ apiToken: ["r", "o"] });
    expect(a.authLabel).toBe(
      "APIトークン（KINTONE_TOKEN_REGISTRATION_SCRIPTS、KINTONE_TOKEN_OFFICES_SCRIPTS）",
    );
  });

  it("takes a login on the command line first, and one in the environment when a token is missing", () => {
    expect(
      kintoneAccessFrom(["--username", "a", "--password", "s"], rights, both)
        .auth,
    ).toEqual({ username: "a", password: "s" });
    const a = kintoneAccessFrom([], rights, {
      ...base,
      KINTONE_TOKEN_REGISTRATION_SCRIPTS: "r",
      KINTONE_USERNAME: "u",
      KINTONE_PASSWORD: "secret",
    });
    expect(a.auth).toEqual({ username: "u", password: "secret" });
    expect(a.authLabel).toBe("ユーザー u");
    expect(a.tokens).toEqual([]);
  });

  it("names the missing tokens when there is neither every token nor a login", () => {
    expect(() =>
      kintoneAccessFrom([], rights, {
        ...base,
        KINTONE_TOKEN_REGISTRATION_SCRIPTS: "r",
      }),
    ).toThrow(
      "kintone への認証情報がありません: 環境変数 KINTONE_TOKEN_OFFICES_SCRIPTS（運用スクリプト用 API トークン）か、KINTONE_USERNAME（--username）と KINTONE_PASSWORD（--password）を指定してください。",
    );
  });

  it("lists each token with its app and rights in --help", () => {
    expect(tokenHelp(rights)).toContain(
      "    KINTONE_TOKEN_REGISTRATION_SCRIPTS  事業所利用登録: レコード閲覧・レコード追加・レコード編集\n" +
        "    KINTONE_TOKEN_OFFICES_SCRIPTS       事業所マスタ: レコード閲覧\n",
    );
  });
});

test("the deploy tool's scripts tokens carry the rights the scripts need", () => {
  const gaps = Object.entries(SCRIPT_RIGHTS).flatMap(([command, rights]) =>
    Object.entries(rights as ScriptRights).flatMap(([code, needed]) => {
      const granted = schemaOf(code as AppCode).tokens.scripts ?? {};
      const missing = (needed ?? []).filter((r) => granted[r] !== true);
      return missing.length > 0
        ? [
            {
              command,
              token: tokenEnvName(code as AppCode, "scripts"),
              missing,
            },
          ]
        : [];
    }),
  );
  expect(gaps).toEqual([]);
});
