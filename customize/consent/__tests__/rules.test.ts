import type { FormRecord } from "../../lib/rules.ts";
import { consentForm, consentRules } from "../rules.ts";

const rec = (over: Record<string, string> = {}): FormRecord =>
  Object.fromEntries(
    Object.entries({
      insuredNo: "0000123456",
      consentDate: "2026-01-05",
      consenter: "本人",
      proxyName: "",
      proxyRelation: "",
      submittingOfficeNo: "",
      receivedDate: "2026-01-06",
      consentWithdrawalDate: "",
      ...over,
    }).map(([k, v]) => [k, { value: v }]),
  );

const problemsOf = (r: FormRecord) =>
  consentRules(r).problems.map((p) => `${p.field}:${p.code}`);

describe("consentRules", () => {
  it("accepts the person's own consent, normalizing 被保険者番号 and 提出事業所番号", () => {
    const outcome = consentRules(
      rec({
        insuredNo: "００００１２３４５６",
        submittingOfficeNo: "1370000000",
      }),
    );
    expect(outcome.problems).toEqual([]);
    expect(outcome.values).toEqual({
      insuredNo: "0000123456",
      submittingOfficeNo: "1370000000",
    });
  });

  it("requires the 代理人's name and relation when 同意者 is 代理人", () => {
    expect(problemsOf(rec({ consenter: "代理人" }))).toEqual([
      "proxyName:required",
      "proxyRelation:required",
    ]);
    expect(
      problemsOf(
        rec({
          consenter: "代理人",
          proxyName: "デモダイリ",
          proxyRelation: "子",
        }),
      ),
    ).toEqual([]);
  });

  it("refuses a provider's staff as 代理人", () => {
    const [p] = consentRules(
      rec({
        consenter: "代理人",
        proxyName: "デモ",
        proxyRelation: "ケアマネジャー",
      }),
    ).problems;
    expect(p).toMatchObject({ field: "proxyRelation", severity: "error" });
    expect(p?.message).toContain("事業所の職員は代理人になれません");
  });

  it("refuses a 撤回日 before the 同意日, and a wrong 提出事業所番号", () => {
    expect(
      problemsOf(
        rec({
          consentWithdrawalDate: "2026-01-01",
          submittingOfficeNo: "1370000001",
        }),
      ),
    ).toEqual(["submittingOfficeNo:checkDigit", "consentWithdrawalDate:order"]);
  });

  it("runs on the change of 同意者 and the dates", () => {
    expect(consentForm.inputs).toEqual(
      expect.arrayContaining([
        "consenter",
        "consentDate",
        "consentWithdrawalDate",
      ]),
    );
  });
});
