import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../../configError.ts";
import {
  defaultLimitRules,
  limitsFromEnv,
  limitVariables,
  ruleId,
} from "../rules.ts";

describe("limitsFromEnv", () => {
  it("gives the defaults: 60 per 10 min and 150 per day per account, 300 per 10 min per IP, 5 and 20 login mails per hour, 60 link confirmations per 10 min per IP, 3 and 20 registration mails per hour, 300 forms posted without a login per 10 min per IP", () => {
    expect(limitsFromEnv({})).toEqual(defaultLimitRules());
    expect(limitsFromEnv({}).map((r) => `${ruleId(r)}=${r.limit}`)).toEqual([
      "search.account.600s=60",
      "search.account.86400s=150",
      "search.ip.600s=300",
      "loginMail.address.3600s=5",
      "loginMail.ip.3600s=20",
      "loginLink.ip.600s=60",
      "signupMail.address.3600s=3",
      "signupMail.ip.3600s=20",
      "anonymousPost.ip.600s=300",
    ]);
  });

  it("reads every PORTAL_LIMIT_* variable, and 0 turns a rule off", () => {
    const rules = limitsFromEnv({
      PORTAL_LIMIT_SEARCHES_PER_ACCOUNT_10MIN: "10",
      PORTAL_LIMIT_SEARCHES_PER_ACCOUNT_DAY: " 100 ",
      PORTAL_LIMIT_SEARCHES_PER_IP_10MIN: "0",
      PORTAL_LIMIT_LOGIN_MAILS_PER_ADDRESS_HOUR: "3",
      PORTAL_LIMIT_LOGIN_MAILS_PER_IP_HOUR: "",
      PORTAL_LIMIT_LOGIN_LINKS_PER_IP_10MIN: "7",
      PORTAL_LIMIT_SIGNUP_MAILS_PER_ADDRESS_HOUR: "2",
      PORTAL_LIMIT_SIGNUP_MAILS_PER_IP_HOUR: "0",
      PORTAL_LIMIT_ANONYMOUS_POSTS_PER_IP_10MIN: "40",
    });
    expect(rules.map((r) => `${ruleId(r)}=${r.limit}`)).toEqual([
      "search.account.600s=10",
      "search.account.86400s=100",
      "loginMail.address.3600s=3",
      "loginMail.ip.3600s=20",
      "loginLink.ip.600s=7",
      "signupMail.address.3600s=2",
      "anonymousPost.ip.600s=40",
    ]);
  });

  it.each(["-1", "1.5", "abc", "1e3", "2000000"])(
    "refuses %p with the variable's name, in Japanese",
    (raw) => {
      const run = () =>
        limitsFromEnv({ PORTAL_LIMIT_LOGIN_MAILS_PER_IP_HOUR: raw });
      expect(run).toThrow(ConfigError);
      expect(run).toThrow(
        `PORTAL_LIMIT_LOGIN_MAILS_PER_IP_HOUR には 0〜1000000 の整数を指定してください（0 は制限なし。指定値: ${raw}）。`,
      );
    },
  );

  it("refuses a daily limit below the 10-minute limit", () => {
    expect(() =>
      limitsFromEnv({
        PORTAL_LIMIT_SEARCHES_PER_ACCOUNT_10MIN: "50",
        PORTAL_LIMIT_SEARCHES_PER_ACCOUNT_DAY: "40",
      }),
    ).toThrow(/PORTAL_LIMIT_SEARCHES_PER_ACCOUNT_DAY.*以上にしてください/);
  });

  it("are listed in this folder's README with their meaning and default, in order", () => {
    const rows = readFileSync(
      join(import.meta.dirname, "..", "README.md"),
      "utf8",
    )
      .split("\n")
      .filter((line) => line.startsWith("| `PORTAL_LIMIT_"))
      .map((line) =>
        line
          .split("|")
          .slice(1, 4)
          .map((cell) => cell.trim()),
      );
    expect(rows).toEqual(
      limitVariables.map((v) => [
        `\`${v.name}\``,
        v.meaning,
        v.fallback.toLocaleString("en-US"),
      ]),
    );
  });

  it("names only PORTAL_LIMIT_ variables", () => {
    for (const v of limitVariables) {
      expect(v.name).toMatch(/^PORTAL_LIMIT_[A-Z0-9_]+$/);
    }
  });
});
