import { consenters } from "./codes.ts";
import { compareDates, isIsoDate, type IsoDate } from "./date.ts";
import { labelOf } from "./fields.ts";
import { error, type Problem } from "./problem.ts";
import { hiraganaToKatakana, normalizeText } from "./text.ts";

/** The facts of one 同意 record that depend on each other. Empty values are null, "" or absent. */
export interface ConsentFacts {
  consentDate?: IsoDate | null;
  consenter?: string | null;
  proxyName?: string | null;
  proxyRelation?: string | null;
  receivedDate?: IsoDate | null;
  consentWithdrawalDate?: IsoDate | null;
}

const has = (v: string | null | undefined): v is string =>
  typeof v === "string" && v.trim() !== "";

/**
 * Words of a 続柄 that name a provider's staff rather than a relative: office staff may write
 * the form for the person (代筆) but may not consent as 代理人 (Kumamoto page, docs/sources.md).
 * Read after width normalization, in katakana.
 */
const PROVIDER_STAFF =
  /ケアマネ|介護支援専門員|支援専門員|事業所|職員|ヘルパー|相談員|支援員|包括|施設|担当者|スタッフ|介護士|看護師/;

/** Whether a 代理人続柄 names a provider's staff (ケアマネジャー, 事業所職員, ヘルパー…). */
export const isProviderStaffRelation = (relation: string): boolean =>
  PROVIDER_STAFF.test(hiraganaToKatakana(normalizeText(relation)));

const dateOrder = (
  later: "receivedDate" | "consentWithdrawalDate",
  r: ConsentFacts,
): Problem[] => {
  const l = r[later];
  const consent = r.consentDate;
  if (!isIsoDate(l) || !isIsoDate(consent) || compareDates(l, consent) >= 0) {
    return [];
  }
  return [
    error(
      later,
      "order",
      `${labelOf(later)}（${l}）が${labelOf("consentDate")}（${consent}）より前です。日付をお確かめください。`,
    ),
  ];
};

/**
 * The problems of a 同意 record beyond its single fields, each on the field to correct:
 * 代理人氏名 and 代理人続柄 required when 同意者 is 代理人 and empty when it is 本人; a provider's
 * staff never a 代理人; 撤回日 and 受付日 not before 同意日.
 */
export const checkConsent = (r: ConsentFacts): Problem[] => {
  const problems: Problem[] = [];
  const proxy = r.consenter === consenters.proxy.label;
  for (const field of ["proxyName", "proxyRelation"] as const) {
    if (proxy && !has(r[field])) {
      problems.push(
        error(
          field,
          "required",
          `同意者が代理人のときは${labelOf(field)}を入力してください。`,
        ),
      );
    }
    if (r.consenter === consenters.self.label && has(r[field])) {
      problems.push(
        error(
          field,
          "inconsistent",
          `同意者が本人のときは${labelOf(field)}を空にしてください（代理人の場合は同意者を「代理人」にしてください）。`,
        ),
      );
    }
  }
  if (
    proxy &&
    has(r.proxyRelation) &&
    isProviderStaffRelation(r.proxyRelation)
  ) {
    problems.push(
      error(
        "proxyRelation",
        "inconsistent",
        "事業所の職員は代理人になれません（代筆はできます）。代理人は本人の家族などです。",
      ),
    );
  }
  return [
    ...problems,
    ...dateOrder("consentWithdrawalDate", r),
    ...dateOrder("receivedDate", r),
  ];
};
