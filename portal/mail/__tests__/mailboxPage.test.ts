import type { CaughtMail } from "../catcher.ts";
import { renderMailboxPage } from "../mailboxPage.ts";

const mail = (overrides: Partial<CaughtMail>): CaughtMail => ({
  id: "1",
  to: ["demo@example.jp"],
  from: "海老名市介護保険課 <noreply@example.jp>",
  subject: "【海老名市要介護認定進捗確認】ログイン用メール",
  text: "本文",
  receivedAt: new Date("2025-04-01T00:00:00Z"),
  ...overrides,
});

describe("dev mailbox page", () => {
  it("says plainly that it is the development mailbox", () => {
    const html = renderMailboxPage([]);
    expect(html).toContain("開発用の受信箱です（本番では無効）");
    expect(html).toContain('<html lang="ja">');
    expect(html).toContain("受信したメールはありません。");
  });

  it("escapes HTML in the subject, the addresses and the body", () => {
    const html = renderMailboxPage([
      mail({
        subject: "<script>alert(1)</script>",
        from: '"><img src=x>',
        to: ["<b>@example.jp"],
        text: "<iframe> & \"'",
      }),
    ]);
    expect(html).not.toContain("<script>alert(1)");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<b>@");
    expect(html).toContain("&lt;iframe&gt; &amp; &quot;&#39;");
  });

  it("makes the login link clickable, and only http(s) links", () => {
    const link = "http://localhost:3000/login/callback?token=abc_-1&x=2";
    const html = renderMailboxPage([
      mail({
        text: `次のURLを開くとログインできます。\n\n${link}\n\njavascript:alert(1)`,
      }),
    ]);
    const escaped = link.replace("&", "&amp;");
    expect(html).toContain(
      `<a href="${escaped}" rel="noreferrer">${escaped}</a>`,
    );
    expect(html).not.toContain('href="javascript');
  });

  it("does not let a link break out of its attribute", () => {
    const html = renderMailboxPage([
      mail({ text: "https://example.jp/?q=\"onmouseover='x'" }),
    ]);
    expect(html).not.toMatch(/href="[^"]*"onmouseover/u);
  });

  it("lists messages newest first with their time in JST", () => {
    const html = renderMailboxPage([
      mail({
        id: "a",
        subject: "古い",
        receivedAt: new Date("2025-04-01T00:00:00Z"),
      }),
      mail({
        id: "b",
        subject: "新しい",
        receivedAt: new Date("2025-04-01T01:00:00Z"),
      }),
    ]);
    expect(html.indexOf("新しい")).toBeLessThan(html.indexOf("古い"));
    expect(html).toContain("2025/04/01 10:00:00");
    expect(html).toContain("2件");
  });

  it("shows a mail a limit withheld: to whom, when, which limit, among the mails by time", () => {
    const html = renderMailboxPage(
      [
        mail({
          subject: "前のメール",
          receivedAt: new Date("2025-04-01T00:00:00Z"),
        }),
        mail({
          subject: "後のメール",
          receivedAt: new Date("2025-04-01T02:00:00Z"),
        }),
      ],
      {
        withheld: [
          {
            to: "<demo>@example.jp",
            what: "ログイン用メール",
            limit:
              "このメールアドレスあての1時間のログイン用メールの送信（5回まで）",
            at: new Date("2025-04-01T01:00:00Z"),
          },
        ],
      },
    );
    const entry = /<article class="withheld">[\s\S]*?<\/article>/.exec(
      html,
    )?.[0];
    expect(entry).toContain("<h2>回数制限のため送信しませんでした</h2>");
    expect(entry).toContain("<dt>宛先</dt><dd>&lt;demo&gt;@example.jp</dd>");
    expect(entry).toContain("<dt>メール</dt><dd>ログイン用メール</dd>");
    expect(entry).toContain("2025/04/01 10:00:00");
    expect(entry).toContain(
      "<dt>制限</dt><dd>このメールアドレスあての1時間のログイン用メールの送信（5回まで）</dd>",
    );
    expect(html.indexOf("後のメール")).toBeLessThan(
      html.indexOf("回数制限のため送信しませんでした"),
    );
    expect(html.indexOf("回数制限のため送信しませんでした")).toBeLessThan(
      html.indexOf("前のメール"),
    );
    expect(html).toContain(
      "2件（ほかに回数制限のため送信しなかったメール 1件）",
    );
  });

  it("offers a clear button when given an action, and no script at all", () => {
    const html = renderMailboxPage([mail({})], {
      clearAction: "/dev/mailbox/clear",
    });
    expect(html).toContain('<form method="post" action="/dev/mailbox/clear">');
    expect(html).not.toMatch(/<script/iu);
  });

  it("links a stylesheet instead of inline style when asked", () => {
    const html = renderMailboxPage([], { stylesheetHref: "/static/dev.css" });
    expect(html).toContain('<link rel="stylesheet" href="/static/dev.css">');
    expect(html).not.toContain("<style>");
  });
});
