import { checkConsent, isProviderStaffRelation } from "../consent.ts";

const self = { consentDate: "2026-01-05", consenter: "本人" };
const proxy = {
  consentDate: "2026-01-05",
  consenter: "代理人",
  proxyName: "デモダイリ",
  proxyRelation: "子",
};

const fieldsOf = (r: Parameters<typeof checkConsent>[0]) =>
  checkConsent(r).map((p) => `${p.field}:${p.code}`);

describe("checkConsent", () => {
  it("accepts the person, and a relative as 代理人 with name and relation", () => {
    expect(checkConsent(self)).toEqual([]);
    expect(checkConsent(proxy)).toEqual([]);
    expect(checkConsent({})).toEqual([]);
  });

  it("asks for the 代理人's name and relation when 同意者 is 代理人", () => {
    expect(fieldsOf({ ...proxy, proxyName: " ", proxyRelation: null })).toEqual(
      ["proxyName:required", "proxyRelation:required"],
    );
    expect(checkConsent({ ...proxy, proxyName: "" })[0]?.message).toBe(
      "同意者が代理人のときは代理人氏名を入力してください。",
    );
  });

  it("wants no 代理人 fields when 同意者 is 本人", () => {
    expect(fieldsOf({ ...self, proxyName: "デモダイリ" })).toEqual([
      "proxyName:inconsistent",
    ]);
  });

  it.each([
    "ケアマネジャー",
    "けあまね",
    "介護支援専門員",
    "事業所職員",
    "ﾍﾙﾊﾟｰ",
    "施設の相談員",
  ])("refuses a provider's staff (%s) as 代理人", (relation) => {
    expect(isProviderStaffRelation(relation)).toBe(true);
    const [p] = checkConsent({ ...proxy, proxyRelation: relation });
    expect(p).toMatchObject({
      field: "proxyRelation",
      code: "inconsistent",
      severity: "error",
    });
    expect(p?.message).toContain("事業所の職員は代理人になれません");
  });

  it.each(["子", "長女", "配偶者", "妻", "弟", "成年後見人"])(
    "accepts a relative or guardian (%s)",
    (relation) => {
      expect(isProviderStaffRelation(relation)).toBe(false);
    },
  );

  it("puts 撤回日 and 受付日 before 同意日 on those fields; the same day is fine", () => {
    expect(
      fieldsOf({
        ...self,
        consentWithdrawalDate: "2026-01-04",
        receivedDate: "2026-01-01",
      }),
    ).toEqual(["consentWithdrawalDate:order", "receivedDate:order"]);
    expect(
      checkConsent({ ...self, consentWithdrawalDate: "2026-01-04" })[0]
        ?.message,
    ).toBe(
      "撤回日（2026-01-04）が同意日（2026-01-05）より前です。日付をお確かめください。",
    );
    expect(
      checkConsent({
        ...self,
        consentWithdrawalDate: "2026-01-05",
        receivedDate: "2026-01-05",
      }),
    ).toEqual([]);
  });

  it("leaves malformed or missing dates to the date fields themselves", () => {
    expect(
      checkConsent({ consentWithdrawalDate: "2026-01-04", consentDate: "" }),
    ).toEqual([]);
    expect(
      checkConsent({ consentWithdrawalDate: "x", consentDate: "2026-01-05" }),
    ).toEqual([]);
  });
});
