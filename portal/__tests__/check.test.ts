/**
 * What `npm run portal` refuses in production (portal/check.ts), one refusal at a time: each
 * problem is one Japanese line naming the variable, and a sound configuration passes.
 */
import { tokenEnvName } from "../../schemas/envNames.ts";
import { soundProductionEnv } from "./productionEnv.ts";
import { isExampleHost, productionProblems } from "../check.ts";
import { ConfigError } from "../configError.ts";
import { configFromEnv, MIN_WEBHOOK_SECRET_LENGTH } from "../env.ts";
import { settings } from "../settings.ts";

const sound: Record<string, string> = { ...soundProductionEnv };

const problems = (change: Record<string, string | undefined>): string[] =>
  productionProblems({ ...sound, ...change });

/** The one problem `change` causes; it must name `variable`. */
const only = (
  change: Record<string, string | undefined>,
  variable: string,
): string => {
  const found = problems(change);
  expect(found).toHaveLength(1);
  expect(found[0]).toContain(variable);
  return found[0] as string;
};

it("passes a sound configuration, which configFromEnv reads", () => {
  expect(productionProblems(sound)).toEqual([]);
  expect(sound.PORTAL_WEBHOOK_SECRET?.length).toBeGreaterThanOrEqual(
    MIN_WEBHOOK_SECRET_LENGTH,
  );
  expect(configFromEnv(sound).secureCookies).toBe(true);
});

describe("PORTAL_PUBLIC_URL", () => {
  it("is refused when unset", () => {
    expect(only({ PORTAL_PUBLIC_URL: undefined }, "PORTAL_PUBLIC_URL")).toMatch(
      /https:\/\/ で始まる実際の URL.*未設定です/u,
    );
    only({ PORTAL_PUBLIC_URL: " " }, "PORTAL_PUBLIC_URL");
  });

  it("is refused on http://, where login links and cookies travel unencrypted", () => {
    expect(
      only(
        { PORTAL_PUBLIC_URL: "http://kaigo-portal.city.demo-shi.lg.jp" },
        "PORTAL_PUBLIC_URL",
      ),
    ).toContain("暗号化されません");
  });

  it("is refused at an example or local address", () => {
    for (const url of [
      "https://portal.example.jp",
      "https://example.com",
      "https://kaigo.example.org/",
      "https://www.example.net",
      "https://portal.city.example",
      "https://portal.test",
      "https://localhost:3000",
      "https://127.0.0.1",
      "https://[::1]:8443",
      "https://0.0.0.0",
    ]) {
      expect(only({ PORTAL_PUBLIC_URL: url }, "PORTAL_PUBLIC_URL")).toContain(
        "事業所からは開けません",
      );
    }
  });
});

it("refuses a portal without the 閲覧ログ token: nothing may be shown without its record", () => {
  const name = tokenEnvName("accessLog", "portal");
  expect(name).toBe("KINTONE_TOKEN_ACCESS_LOG_PORTAL");
  expect(only({ [name]: undefined }, name)).toContain("閲覧ログ");
  only({ [name]: "" }, name);
});

describe("the sender", () => {
  it("is refused when PORTAL_MAIL_FROM is unset (the default is an example address)", () => {
    expect(only({ PORTAL_MAIL_FROM: undefined }, "PORTAL_MAIL_FROM")).toContain(
      "未設定",
    );
  });

  it("is refused at an example domain, for the login and the notice mails alike", () => {
    for (const from of [
      "no-reply@example.jp",
      "介護保険課 <no-reply@example.jp>",
      "介護保険課 <no-reply@mail.EXAMPLE.com>",
      "nintei@localhost",
    ]) {
      only({ PORTAL_MAIL_FROM: from }, "PORTAL_MAIL_FROM");
      only({ PORTAL_NOTICE_MAIL_FROM: from }, "PORTAL_NOTICE_MAIL_FROM");
    }
    expect(
      problems({
        PORTAL_NOTICE_MAIL_FROM: "認定係 <nintei@city.demo-shi.lg.jp>",
      }),
    ).toEqual([]);
  });
});

it("refuses an unset webhook secret, which would change at every start", () => {
  expect(
    only({ PORTAL_WEBHOOK_SECRET: undefined }, "PORTAL_WEBHOOK_SECRET"),
  ).toContain("起動ごとに変わり");
});

it("refuses an unset city name, which would show デモ市", () => {
  only({ PORTAL_CITY_NAME: undefined }, "PORTAL_CITY_NAME");
});

it("lists every problem at once, one line each, naming no secret", () => {
  const found = productionProblems({
    PORTAL_PUBLIC_URL: "http://localhost:3000",
    [tokenEnvName("progress", "portal")]: "token-value-progress",
  });
  expect(found).toHaveLength(5);
  for (const line of found) {
    expect(line).not.toContain("\n");
    expect(line).not.toContain("token-value");
  }
  for (const line of problems({ PORTAL_PUBLIC_URL: "http://x.jp" })) {
    expect(line).not.toContain(sound.PORTAL_WEBHOOK_SECRET);
  }
});

it("checks, with configFromEnv, every setting the table marks as required in production", () => {
  for (const s of settings.filter((x) => x.production)) {
    const refused = problems({ [s.name]: undefined }).some((p) =>
      p.includes(s.name),
    );
    let thrown = "";
    try {
      configFromEnv({ ...sound, [s.name]: undefined });
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      thrown = (e as Error).message;
    }
    expect([s.name, refused || thrown.includes(s.name)]).toEqual([
      s.name,
      true,
    ]);
  }
});

it("knows the example hosts from real ones", () => {
  expect(isExampleHost("city.demo-shi.lg.jp")).toBe(false);
  expect(isExampleHost("kaigo.cybozu.com")).toBe(false);
  expect(isExampleHost("203.0.113.10")).toBe(false);
  expect(isExampleHost("example.jp.")).toBe(true);
  expect(isExampleHost("foo.localhost")).toBe(true);
  expect(isExampleHost("127.1.2.3")).toBe(true);
});
