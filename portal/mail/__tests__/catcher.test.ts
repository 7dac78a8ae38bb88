import { createConnection } from "node:net";
import { startMailCatcher, type MailCatcher } from "../catcher.ts";
import { createMailer, type Mailer } from "../send.ts";

let catcher: MailCatcher;
let mailer: Mailer;

beforeAll(async () => {
  catcher = await startMailCatcher({ maxMessageBytes: 64 * 1024 });
  mailer = createMailer({ smtpUrl: catcher.smtpUrl, from: "dev@example.jp" });
});

afterAll(async () => {
  mailer.close();
  await catcher.close();
});

beforeEach(() => {
  catcher.clear();
});

const send = async (to: string, subject: string, text = "本文") =>
  mailer.send({ to, subject, text });

describe("mail catcher", () => {
  it("listens on a free loopback port", () => {
    expect(catcher.smtpUrl).toBe(`smtp://127.0.0.1:${catcher.port}`);
    expect(catcher.port).toBeGreaterThan(0);
  });

  it("catches a message and parses it", async () => {
    await send(
      "x@example.jp",
      "件名テスト",
      "こんにちは\nhttps://example.jp/a",
    );
    const [mail] = catcher.messages();
    expect(mail).toMatchObject({ to: ["x@example.jp"], subject: "件名テスト" });
    expect(mail?.text.trimEnd()).toBe("こんにちは\nhttps://example.jp/a");
    expect(mail?.from).toContain("dev@example.jp");
    expect(mail?.id).toEqual(expect.any(String));
    expect(mail?.receivedAt).toBeInstanceOf(Date);
  });

  it("waitFor resolves with a mail that arrives later", async () => {
    const waiting = catcher.waitFor((m) => m.subject === "あとで届く", 60_000);
    await send("y@example.jp", "別の件名");
    await send("y@example.jp", "あとで届く");
    await expect(waiting).resolves.toMatchObject({ subject: "あとで届く" });
  });

  it("waitFor resolves at once with a mail already caught", async () => {
    await send("z@example.jp", "もう届いた");
    await expect(
      catcher.waitFor((m) => m.subject === "もう届いた", 1),
    ).resolves.toMatchObject({ to: ["z@example.jp"] });
  });

  it("waitFor rejects when nothing matches in time", async () => {
    await expect(catcher.waitFor(() => false, 50)).rejects.toThrow(
      /no matching mail/u,
    );
  });

  it("clear empties the mailbox", async () => {
    await send("x@example.jp", "消える");
    catcher.clear();
    expect(catcher.messages()).toEqual([]);
  });

  it("keeps the mails a limit withheld apart from the caught ones, and clear empties both", async () => {
    const withheld = {
      to: "demo@example.jp",
      what: "ログイン用メール",
      limit: "このメールアドレスあての1時間のログイン用メールの送信（5回まで）",
      at: new Date("2025-04-01T00:00:00Z"),
    };
    catcher.noteWithheld(withheld);
    expect(catcher.withheld()).toEqual([withheld]);
    expect(catcher.messages()).toEqual([]);
    catcher.clear();
    expect(catcher.withheld()).toEqual([]);
  });

  it("refuses a message over the size limit", async () => {
    await expect(
      send("x@example.jp", "大きすぎる", "あ".repeat(100 * 1024)),
    ).rejects.toMatchObject({ responseCode: 552 });
    expect(catcher.messages()).toEqual([]);
  });

  it("needs no authentication and offers neither AUTH nor STARTTLS", async () => {
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = createConnection(catcher.port, "127.0.0.1");
      let data = "";
      socket.setEncoding("utf8");
      socket.once("data", (greeting: string) => {
        expect(greeting).toMatch(/^220 /u);
        socket.write("EHLO test\r\n");
        socket.on("data", (chunk: string) => {
          data += chunk;
          if (/^250 /mu.test(data)) {
            socket.end("QUIT\r\n");
            resolve(data);
          }
        });
      });
      socket.on("error", reject);
    });
    expect(reply).not.toMatch(/AUTH|STARTTLS/u);
  });

  it("keeps only the newest messages beyond its limit", async () => {
    const small = await startMailCatcher({ maxMessages: 2 });
    const m = createMailer({ smtpUrl: small.smtpUrl, from: "dev@example.jp" });
    for (const subject of ["1", "2", "3"]) {
      await m.send({ to: "x@example.jp", subject, text: "t" });
    }
    expect(small.messages().map((mail) => mail.subject)).toEqual(["2", "3"]);
    m.close();
    await small.close();
  });

  it("rejects pending waits when it is closed", async () => {
    const other = await startMailCatcher();
    const waiting = other.waitFor(() => false, 10_000);
    await other.close();
    await expect(waiting).rejects.toThrow(/closed/u);
  });
});
