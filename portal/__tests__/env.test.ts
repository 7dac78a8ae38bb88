/**
 * The portal's settings from the environment: URLs parsed rather than prefix-matched, a proxy
 * setting that cannot trust everyone, a webhook secret long enough, and every error naming the
 * variable to fix (fuzzed over every variable of portal/settings.ts).
 */
import fc from "fast-check";
import { appEnvName, tokenEnvName } from "../../schemas/envNames.ts";
import { appCodes } from "../../schemas/types.ts";
import { ConfigError } from "../configError.ts";
import { configFromEnv, MIN_WEBHOOK_SECRET_LENGTH } from "../env.ts";
import { settings } from "../settings.ts";

const base: Record<string, string> = {
  KINTONE_BASE_URL: "https://example.cybozu.com",
  PORTAL_SMTP_URL: "smtp://mail.example.jp:25",
  PORTAL_PUBLIC_URL: "https://portal.example.jp",
  PORTAL_WEBHOOK_SECRET: "x".repeat(MIN_WEBHOOK_SECRET_LENGTH),
  ...Object.fromEntries(appCodes.map((c, i) => [appEnvName(c), String(i + 1)])),
  ...Object.fromEntries(
    (["progress", "registration", "offices", "consent"] as const).map((c) => [
      tokenEnvName(c, "portal"),
      `token-${c}`,
    ]),
  ),
};

const read = (extra: Record<string, string | undefined>) =>
  configFromEnv({ ...base, ...extra });

const failure = (extra: Record<string, string | undefined>): string => {
  try {
    read(extra);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error("no ConfigError");
};

describe("PORTAL_PUBLIC_URL", () => {
  it("is https whatever the case of its scheme or the spaces around it", () => {
    for (const given of [
      "HTTPS://portal.example.jp",
      " https://portal.example.jp/ ",
      "Https://PORTAL.example.jp",
    ]) {
      const c = read({ PORTAL_PUBLIC_URL: given });
      expect(c.secureCookies).toBe(true);
      expect(c.publicUrl).toBe("https://portal.example.jp");
    }
  });

  it("keeps the development mailbox off an https portal however https is written", () => {
    expect(
      failure({
        PORTAL_PUBLIC_URL: " HTTPS://portal.example.jp",
        PORTAL_DEV_MAILBOX: "true",
      }),
    ).toMatch(/PORTAL_DEV_MAILBOX/);
  });

  it("refuses what is not an http(s) URL, naming the variable", () => {
    expect(failure({ PORTAL_PUBLIC_URL: "portal.example.jp" })).toMatch(
      /^PORTAL_PUBLIC_URL が URL として読めません/,
    );
    expect(failure({ PORTAL_PUBLIC_URL: "ftp://portal.example.jp" })).toMatch(
      /^PORTAL_PUBLIC_URL は https:\/\/ か http:\/\/ で始まる URL/,
    );
  });
});

describe("PORTAL_TRUST_PROXY", () => {
  it("takes the proxies' addresses and networks", () => {
    expect(
      read({ PORTAL_TRUST_PROXY: " 127.0.0.1, 10.0.0.0/8 ,::1" }).trustProxy,
    ).toBe("127.0.0.1,10.0.0.0/8,::1");
    expect(read({ PORTAL_TRUST_PROXY: "false" }).trustProxy).toBe(false);
    expect(read({}).trustProxy).toBe(false);
  });

  it("refuses `true` and what is not an address, naming the variable", () => {
    for (const given of [
      "true",
      "TRUE",
      "proxy.example.jp",
      "10.0.0.0/33",
      "1.2.3.4/8/9",
    ]) {
      expect(failure({ PORTAL_TRUST_PROXY: given })).toMatch(
        /^PORTAL_TRUST_PROXY には前段のプロキシの IP アドレス/,
      );
    }
  });
});

describe("the other URLs and the webhook secret", () => {
  it("take kintone's address by its origin, and only https but for localhost", () => {
    expect(
      read({ KINTONE_BASE_URL: " https://example.cybozu.com/ " }).kintone
        .baseUrl,
    ).toBe("https://example.cybozu.com");
    expect(
      read({ KINTONE_BASE_URL: "http://localhost:8090" }).kintone.baseUrl,
    ).toBe("http://localhost:8090");
    expect(failure({ KINTONE_BASE_URL: "http://example.cybozu.com" })).toMatch(
      /^KINTONE_BASE_URL は https:\/\/ で始めてください/,
    );
  });

  it("take only an smtp URL for the mail server", () => {
    expect(failure({ PORTAL_SMTP_URL: "mail.example.jp" })).toMatch(
      /^PORTAL_SMTP_URL/,
    );
    expect(failure({ PORTAL_SMTP_URL: "http://mail.example.jp" })).toMatch(
      /^PORTAL_SMTP_URL は smtp:\/\/ か smtps:\/\//,
    );
  });

  it("refuse a webhook secret short enough to guess; a generated one is long enough", () => {
    expect(failure({ PORTAL_WEBHOOK_SECRET: "short" })).toMatch(
      /^PORTAL_WEBHOOK_SECRET は推測されないよう 24 文字以上/,
    );
    expect(
      read({ PORTAL_WEBHOOK_SECRET: undefined }).webhookSecret.length,
    ).toBeGreaterThanOrEqual(MIN_WEBHOOK_SECRET_LENGTH);
  });

  it("read yes/no settings strictly", () => {
    expect(read({ PORTAL_CONSENT_MODE: " TRUE " }).consentMode).toBe(true);
    expect(read({ PORTAL_CONSENT_MODE: "off" }).consentMode).toBe(false);
    expect(failure({ PORTAL_CONSENT_MODE: "maybe" })).toBe(
      "PORTAL_CONSENT_MODE には true か false を指定してください（指定値: maybe）。",
    );
  });
});

describe("the audit queue's cap and the shipping budget", () => {
  it("have defaults inside kintone's 10,000 requests per app and day", () => {
    const c = read({});
    expect(c.auditMaxPending).toBe(1_000_000);
    expect(c.auditShipRequestsPerDay).toBe(5_000);
  });

  it("are read as integers", () => {
    const c = read({
      PORTAL_AUDIT_MAX_PENDING: "250000",
      PORTAL_AUDIT_SHIP_REQUESTS_PER_DAY: "10000",
    });
    expect(c.auditMaxPending).toBe(250_000);
    expect(c.auditShipRequestsPerDay).toBe(10_000);
  });

  it("refuse what is not an integer in range, naming the variable", () => {
    for (const given of ["0", "-5", "1.5", "many", "100000001"]) {
      expect(failure({ PORTAL_AUDIT_MAX_PENDING: given })).toBe(
        `PORTAL_AUDIT_MAX_PENDING には 1〜100000000 の整数を指定してください（指定値: ${given}）。`,
      );
    }
    // Above kintone's daily limit per app: refused.
    for (const given of ["0", "10001", "5e3x", "yes"]) {
      expect(failure({ PORTAL_AUDIT_SHIP_REQUESTS_PER_DAY: given })).toBe(
        `PORTAL_AUDIT_SHIP_REQUESTS_PER_DAY には 1〜10000 の整数を指定してください（指定値: ${given}）。`,
      );
    }
  });
});

describe("the session limits", () => {
  it("default to 30 minutes idle, 10 hours remembered (「この端末を記憶する」) and 10 hours at most", () => {
    const c = read({});
    expect(c.sessionIdleMinutes).toBe(30);
    expect(c.sessionRememberIdleHours).toBe(10);
    expect(c.sessionAbsoluteHours).toBe(10);
  });

  it("take 0 for the remembered idle limit (the choice not offered), and refuse a negative one", () => {
    expect(
      read({ PORTAL_SESSION_REMEMBER_IDLE_HOURS: "0" })
        .sessionRememberIdleHours,
    ).toBe(0);
    expect(failure({ PORTAL_SESSION_REMEMBER_IDLE_HOURS: "-1" })).toBe(
      "PORTAL_SESSION_REMEMBER_IDLE_HOURS には 0〜168 の整数を指定してください（指定値: -1）。",
    );
  });
});

describe("the notice mails (portal/notify)", () => {
  it("default to the login mail's sender, the city's subjects and no rejection mail", () => {
    expect(read({ PORTAL_CITY_NAME: "海老名市" }).notices).toEqual({
      from: "海老名市介護保険課 <no-reply@example.jp>",
      approvalSubject: "【海老名市要介護認定進捗確認】利用登録完了のお知らせ",
      returnSubject:
        "【海老名市要介護認定進捗確認】利用登録申請の差戻しのお知らせ",
      rejectionSubject:
        "【海老名市要介護認定進捗確認】利用登録申請の審査結果のお知らせ",
      rejectionMail: false,
    });
  });

  it("take their own sender, subjects and the rejection switch", () => {
    const { notices } = read({
      PORTAL_MAIL_FROM: "login@example.jp",
      PORTAL_NOTICE_MAIL_FROM: " 認定係 <nintei@example.jp> ",
      PORTAL_APPROVAL_MAIL_SUBJECT: " 利用できます ",
      PORTAL_REJECTION_MAIL: "on",
    });
    expect(notices.from).toBe("認定係 <nintei@example.jp>");
    expect(notices.approvalSubject).toBe("利用できます");
    expect(notices.rejectionMail).toBe(true);
  });

  it("refuse a sender without an address and a subject on two lines, naming the variable", () => {
    expect(failure({ PORTAL_NOTICE_MAIL_FROM: "認定係" })).toContain(
      "PORTAL_NOTICE_MAIL_FROM には差出人のメールアドレス",
    );
    expect(failure({ PORTAL_MAIL_FROM: "認定係" })).toContain(
      "PORTAL_MAIL_FROM には差出人のメールアドレス",
    );
    expect(failure({ PORTAL_RETURN_MAIL_SUBJECT: "a\nBcc: x@y" })).toBe(
      "PORTAL_RETURN_MAIL_SUBJECT は改行を含まない200文字以内の件名にしてください。",
    );
  });
});

describe("any value of any setting", () => {
  // Every variable the portal reads (the settings table; a test there keeps it complete).
  const variables = settings.map((s) => s.name);

  it("is read, or refused with a message that names the variable", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...variables),
        fc.oneof(
          fc.string(),
          fc.constantFrom("true", "0", "-1", "1e3", " ", "http://x"),
        ),
        (name, value) => {
          try {
            read({ [name]: value });
          } catch (e) {
            expect(e).toBeInstanceOf(ConfigError);
            expect((e as Error).message).toContain(name);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
