import { reviewApplication, type ReviewedApplication } from "../review.ts";

const application: ReviewedApplication = {
  id: "10",
  requestType: "新規",
  officeNo: "1470000009",
  officeName: "デモ居宅介護支援事業所",
  officePhone: "046-200-0000",
  email: "care@example.jp",
  staffNameKana: "カイゴタロウ",
  pledge: ["以上の【誓約・同意事項】に誓約・同意の上、申請します。"],
};
const office = { officeName: "デモ居宅介護支援事業所", registrable: "対象" };
const registration = (id: string, status: string, o = {}) => ({
  id,
  status,
  officeNo: "1470000009",
  officeName: "デモ居宅介護支援事業所",
  officePhone: "046-200-0000",
  staffNameKana: "カイゴタロウ",
  ...o,
});

const failed = (r: ReturnType<typeof reviewApplication>) =>
  r.checks.filter((c) => !c.ok).map((c) => [c.id, c.problem]);

it("passes a sound application on every check, the application itself not counted as a duplicate", () => {
  const r = reviewApplication(application, {
    office,
    sameAddress: [registration("10", "申請中"), registration("3", "利用停止")],
  });
  expect(r.checks.map((c) => [c.id, c.ok])).toEqual([
    ["office", true],
    ["checkDigit", true],
    ["duplicate", true],
    ["kana", true],
    ["pledge", true],
  ]);
  expect(r.ok).toBe(true);
  expect(r.changes).toEqual([]);
});

it("names each problem: an office not in the master or not allowed, a wrong check digit, a duplicate, kana, no pledge", () => {
  const r = reviewApplication(
    {
      ...application,
      officeNo: "1470000001",
      staffNameKana: "かいご たろう",
      pledge: [],
    },
    {
      office: { officeName: "訪問介護", registrable: "対象外" },
      sameAddress: [registration("4", "審査中")],
    },
  );
  expect(r.ok).toBe(false);
  expect(failed(r)).toEqual([
    ["office", "指定事業所情報が検索できません"],
    ["checkDigit", expect.stringContaining("検証番号")],
    ["duplicate", expect.stringContaining("レコード番号 4：審査中")],
    ["kana", "全角カナに直していない文字や空白があります。"],
    ["pledge", "誓約・同意のチェックがありません。"],
  ]);
  expect(
    failed(reviewApplication(application, { sameAddress: [] }))[0],
  ).toEqual(["office", "指定事業所情報が検索できません"]);
});

it("shows what a 変更 changes against the registration in use, which is not a duplicate of it", () => {
  const r = reviewApplication(
    { ...application, requestType: "変更", officePhone: "0462000001" },
    {
      office,
      sameAddress: [
        registration("2", "利用中", { staffNameKana: "カイゴハナコ" }),
      ],
    },
  );
  expect(r.ok).toBe(true);
  expect(r.changes).toEqual([
    { label: "事業所電話番号", from: "046-200-0000", to: "0462000001" },
    { label: "担当者氏名", from: "カイゴハナコ", to: "カイゴタロウ" },
  ]);
  // The same phone written otherwise is no change.
  expect(
    reviewApplication(
      {
        ...application,
        requestType: "変更",
        officePhone: "０４６２００００００",
      },
      { office, sameAddress: [registration("2", "利用中")] },
    ).changes,
  ).toEqual([]);
});

it("counts a second waiting application beside the one in use as a duplicate of a 変更", () => {
  const r = reviewApplication(
    { ...application, requestType: "変更" },
    {
      office,
      sameAddress: [registration("2", "利用中"), registration("5", "申請中")],
    },
  );
  expect(failed(r)).toEqual([
    ["duplicate", expect.stringContaining("レコード番号 5：申請中")],
  ]);
});
