import {
  ACTIVE,
  baselineKeys,
  noticesFor,
  observe,
  REJECTED,
  RETURNED,
  type NoticeRow,
  type Seen,
} from "../notices.ts";
import { noticeMail, registerUrl, type NoticeTexts } from "../mails.ts";

const row = (over: Partial<NoticeRow> & { id: number }): NoticeRow => ({
  revision: 5,
  status: ACTIVE,
  email: `user${over.id}@example.jp`,
  officeName: "デモ居宅介護支援事業所",
  returnReason: "",
  approvalNotifiedAt: null,
  ...over,
});

const decide = (
  rows: NoticeRow[],
  before: Map<number, Seen> = new Map(),
  rejectionMail = false,
) => {
  const o = observe(rows, before);
  return { o, notices: noticesFor(rows, o.seen, { rejectionMail }) };
};

describe("approval", () => {
  it("is due for a 利用中 record without 承認通知日時, keyed by record id alone", () => {
    const { notices } = decide([row({ id: 3 })]);
    expect(notices).toEqual([
      expect.objectContaining({
        key: "approval:3",
        kind: "approval",
        recordId: 3,
        email: "user3@example.jp",
      }),
    ]);
    // The revision does not matter: the same key after the record changes.
    expect(decide([row({ id: 3, revision: 9 })]).notices[0]?.key).toBe(
      "approval:3",
    );
  });

  it("is never due once 承認通知日時 is there, nor without an address", () => {
    const { notices } = decide([
      row({ id: 1, approvalNotifiedAt: "2025-01-01T00:00:00Z" }),
      row({ id: 2, email: " " }),
    ]);
    expect(notices).toEqual([]);
  });
});

describe("return", () => {
  it("is keyed by the revision at first sight in 差戻し, kept while it stays there", () => {
    const first = decide([row({ id: 7, status: RETURNED, revision: 12 })]);
    expect(first.notices.map((n) => n.key)).toEqual(["return:7:12"]);
    expect(first.o.changed).toEqual([[7, { status: RETURNED, since: 12 }]]);
    // The portal's own write (or staff editing the reason) moves the revision, not the key.
    const later = decide(
      [row({ id: 7, status: RETURNED, revision: 14 })],
      first.o.seen,
    );
    expect(later.notices.map((n) => n.key)).toEqual(["return:7:12"]);
    expect(later.o.changed).toEqual([]);
  });

  it("tells a second return after 再申請 from the first", () => {
    const first = decide([row({ id: 7, status: RETURNED, revision: 12 })]);
    // Re-applied: the record leaves 差戻し and is forgotten.
    const reapplied = decide(
      [row({ id: 7, status: "申請中", revision: 15 })],
      first.o.seen,
    );
    expect(reapplied.notices).toEqual([]);
    expect(reapplied.o.dropped).toEqual([7]);
    const again = decide(
      [row({ id: 7, status: RETURNED, revision: 19 })],
      reapplied.o.seen,
    );
    expect(again.notices.map((n) => n.key)).toEqual(["return:7:19"]);
  });

  it("carries the reason", () => {
    const { notices } = decide([
      row({ id: 2, status: RETURNED, returnReason: "電話番号が違います。" }),
    ]);
    expect(notices[0]?.returnReason).toBe("電話番号が違います。");
  });
});

describe("rejection", () => {
  it("is due only when configured", () => {
    const rows = [row({ id: 4, status: REJECTED, revision: 8 })];
    expect(decide(rows).notices).toEqual([]);
    expect(decide(rows, new Map(), true).notices.map((n) => n.key)).toEqual([
      "rejection:4:8",
    ]);
  });
});

it("takes nothing from other statuses and forgets records that are gone", () => {
  const before = new Map([[9, { status: RETURNED, since: 3 }]]);
  const { o, notices } = decide(
    [row({ id: 1, status: "申請中" }), row({ id: 2, status: "利用停止" })],
    before,
  );
  expect(notices).toEqual([]);
  expect(o.dropped).toEqual([9]);
});

it("baselines returns and rejections (whatever the setting), never approvals", () => {
  const rows = [
    row({ id: 1 }),
    row({ id: 2, status: RETURNED, revision: 4 }),
    row({ id: 3, status: REJECTED, revision: 6 }),
  ];
  const o = observe(rows, new Map());
  expect(baselineKeys(rows, o.seen).map((n) => n.key)).toEqual([
    "return:2:4",
    "rejection:3:6",
  ]);
});

describe("mails", () => {
  const texts: NoticeTexts = {
    cityName: "デモ市",
    publicUrl: "https://portal.example.jp",
    idleDays: 60,
    subjects: { approval: "A", return: "R", rejection: "J" },
  };
  const [approval, returned, noReason, rejected] = noticesFor(
    [
      row({ id: 1 }),
      row({ id: 2, status: RETURNED, returnReason: "番号が違います。" }),
      row({ id: 3, status: RETURNED, officeName: "" }),
      row({ id: 4, status: REJECTED }),
    ],
    observe(
      [
        row({ id: 2, status: RETURNED }),
        row({ id: 3, status: RETURNED }),
        row({ id: 4, status: REJECTED }),
      ],
      new Map(),
    ).seen,
    { rejectionMail: true },
  );

  it("approval: the portal's URL and how to log in", () => {
    const mail = noticeMail(approval as never, texts);
    expect(mail.subject).toBe("A");
    expect(mail.text).toContain("利用登録が完了しました");
    expect(mail.text).toContain("https://portal.example.jp");
    expect(mail.text).toContain("メールアドレスでログイン");
    expect(mail.text).toContain("デモ居宅介護支援事業所 ご担当者様");
    expect(mail.text).toContain("デモ市介護保険課");
  });

  it("return: the reason, or whom to ask, and the link to apply again", () => {
    const mail = noticeMail(returned as never, texts);
    expect(mail.subject).toBe("R");
    expect(mail.text).toContain("番号が違います。");
    expect(mail.text).toContain("https://portal.example.jp/register");
    const bare = noticeMail(noReason as never, texts);
    expect(bare.text).toMatch(/^ご担当者様/u);
    expect(bare.text).toContain(
      "理由については、デモ市介護保険課 介護認定係までお問い合わせください。",
    );
    expect(registerUrl("https://x.example.jp/")).toBe(
      "https://x.example.jp/register",
    );
  });

  it("rejection: not accepted, contact the city", () => {
    const mail = noticeMail(rejected as never, texts);
    expect(mail.subject).toBe("J");
    expect(mail.text).toContain("お受けできませんでした");
    expect(mail.text).toContain("デモ市介護保険課 介護認定係");
  });
});
