import {
  startMailCatcher,
  type CaughtMail,
  type MailCatcher,
} from "../catcher.ts";
import {
  approvalMailText,
  createMailer,
  loginMailContent,
  parseFrom,
  sendLoginMail,
  type Mailer,
} from "../send.ts";

const link =
  "http://localhost:3000/login/callback?token=Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5";

let catcher: MailCatcher;
let mailer: Mailer;

beforeAll(async () => {
  catcher = await startMailCatcher({ port: 0, host: "localhost" });
  mailer = createMailer({
    smtpUrl: catcher.smtpUrl,
    from: "noreply@city.example.jp",
  });
});

afterAll(async () => {
  mailer.close();
  await catcher.close();
});

beforeEach(() => {
  catcher.clear();
});

const sendAndCatch = async (to: string, senderName?: string) => {
  await sendLoginMail(mailer, {
    to,
    link,
    cityName: "海老名市",
    ttlMinutes: 15,
    ...(senderName === undefined ? {} : { senderName }),
  });
  return catcher.waitFor((m) => m.to.includes(to), 60_000);
};

describe("the login mail, sent over SMTP and parsed back", () => {
  let mail: CaughtMail;

  beforeAll(async () => {
    mail = await sendAndCatch("demo@example.jp");
  });

  it("has the Ebina login mail's subject, adapted to the city", () => {
    expect(mail.subject).toBe("【海老名市要介護認定進捗確認】ログイン用メール");
  });

  it("comes from the city's 介護保険課 by default", () => {
    expect(mail.from).toContain("海老名市介護保険課");
    expect(mail.from).toContain("noreply@city.example.jp");
  });

  it("says in Japanese what the mail is, that the link works once and when it expires", () => {
    expect(mail.text).toContain(
      "海老名市要介護認定進捗確認システムのログイン用メールです。",
    );
    expect(mail.text).toContain("1回だけ");
    expect(mail.text).toContain("15分");
    expect(mail.text).toContain("心当たりがない場合");
    expect(mail.text).toContain("転送しないでください");
  });

  it("carries the link intact on a line of its own", () => {
    expect(mail.text.split("\n")).toContain(link);
    expect(mail.html).toContain(`href="${link}"`);
  });

  it("has no images and loads nothing from elsewhere", () => {
    expect(mail.html).toBeDefined();
    expect(mail.html).not.toMatch(/<img|<script|<link|src=/iu);
  });
});

describe("sender name", () => {
  it("uses a configured 差出人", async () => {
    const mail = await sendAndCatch("b@example.jp", "海老名市デジタル推進課");
    expect(mail.from).toContain("海老名市デジタル推進課");
  });

  it("uses the display name written in from when no 差出人 is given", async () => {
    const named = createMailer({
      smtpUrl: catcher.smtpUrl,
      from: "海老名市デジタル推進課 <noreply@city.example.jp>",
    });
    await sendLoginMail(named, {
      to: "d@example.jp",
      link,
      cityName: "海老名市",
      ttlMinutes: 15,
    });
    named.close();
    const mail = await catcher.waitFor((m) => m.to.includes("d@example.jp"));
    expect(mail.from).toContain("海老名市デジタル推進課");
    expect(mail.text.trimEnd().endsWith("海老名市デジタル推進課")).toBe(true);
  });

  it("parses the display name and the address of from", () => {
    expect(parseFrom("海老名市 介護保険課 <noreply@example.jp>")).toEqual({
      address: "noreply@example.jp",
      name: "海老名市 介護保険課",
    });
    expect(parseFrom("noreply@example.jp")).toEqual({
      address: "noreply@example.jp",
      name: undefined,
    });
  });
});

describe("login mail content", () => {
  it("escapes the city name in the HTML part", () => {
    const content = loginMailContent({
      link,
      cityName: "<b>市",
      ttlMinutes: 10,
    });
    expect(content.html).toContain("&lt;b&gt;市");
    expect(content.html).not.toContain("<b>市");
    expect(content.text).toContain("10分");
  });

  it("keeps line breaks in configured texts out of the subject", () => {
    const content = loginMailContent({
      link,
      cityName: "海老名市\r\nBcc: x@example.jp",
      ttlMinutes: 15,
    });
    expect(content.subject).not.toMatch(/[\r\n]/u);
  });

  it("refuses a link that is not an http(s) URL", () => {
    expect(() =>
      loginMailContent({
        link: ["javascript", "alert(1)"].join(":"),
        cityName: "海老名市",
        ttlMinutes: 15,
      }),
    ).toThrow(TypeError);
  });

  it("rejects when the SMTP server cannot be reached", async () => {
    const closed = await startMailCatcher();
    const url = closed.smtpUrl;
    await closed.close();
    const broken = createMailer({ smtpUrl: url, from: "noreply@example.jp" });
    await expect(
      sendLoginMail(broken, {
        to: "c@example.jp",
        link,
        cityName: "海老名市",
        ttlMinutes: 15,
      }),
    ).rejects.toThrow();
    broken.close();
  });
});

describe("approval mail text", () => {
  it("tells the office its registration is ready, with the portal URL", () => {
    const mail = approvalMailText({
      cityName: "海老名市",
      portalUrl: "https://portal.example.jp/",
      officeName: "デモ居宅介護支援事業所",
      idleDays: 60,
    });
    expect(mail.subject).toBe(
      "【海老名市要介護認定進捗確認】利用登録完了のお知らせ",
    );
    expect(mail.text).toContain("デモ居宅介護支援事業所 ご担当者様");
    expect(mail.text).toContain("https://portal.example.jp/");
    expect(mail.text).toContain("60日間");
    expect(mail.text).toContain("海老名市介護保険課");
  });
});
