/**
 * The review of a 事業所利用登録 application by the city's staff: each check the guide's flow asks
 * for, ✓ or its problem, in the order a clerk reads them; and, for a 変更, what would change
 * against the registration in use. Pure: the plugin's review panel gives it the record and what
 * it read from kintone (the office in 事業所マスタ, the address's other registrations).
 */
import { registrationStatuses } from "./codes.ts";
import { parseKanaName } from "./kana.ts";
import { parseOfficeNo } from "./officeNo.ts";
import { parsePhone } from "./phone.ts";
import { problemsOf } from "./problem.ts";
import {
  activeRegistrationStatuses,
  officeMayRegister,
  OFFICE_NOT_FOUND,
} from "./registration.ts";

/** The application as the review reads it (field values as text). */
export interface ReviewedApplication {
  id: string;
  requestType: string;
  officeNo: string;
  officeName: string;
  officePhone: string;
  email: string;
  staffNameKana: string;
  /** The 誓約・同意 check box's chosen options. */
  pledge: readonly string[];
}

export interface ReviewContext {
  /** The office of 事業所マスタ with this 事業所番号, if any. */
  office?: { officeName: string; registrable: string };
  /** The other registrations of the same address (the application itself may be among them). */
  sameAddress: ReadonlyArray<{
    id: string;
    status: string;
    officeNo: string;
    officeName: string;
    officePhone: string;
    staffNameKana: string;
  }>;
}

export type CheckId = "office" | "checkDigit" | "duplicate" | "kana" | "pledge";

export interface ReviewCheck {
  id: CheckId;
  /** What is checked, as the panel lists it. */
  label: string;
  ok: boolean;
  /** What is wrong (Japanese), when not ok. */
  problem?: string;
}

export interface ReviewChange {
  label: string;
  from: string;
  to: string;
}

export interface Review {
  checks: ReviewCheck[];
  /** True when every check passed. */
  ok: boolean;
  /** For a 変更: the differences against the registration in use (none otherwise). */
  changes: ReviewChange[];
}

const check = (
  id: CheckId,
  label: string,
  problem: string | undefined,
): ReviewCheck =>
  problem === undefined
    ? { id, label, ok: true }
    : { id, label, ok: false, problem };

const CHANGE_LABEL = "変更";
const COMPARED = [
  ["officeNo", "事業所番号"],
  ["officeName", "事業所名"],
  ["officePhone", "事業所電話番号"],
  ["staffNameKana", "担当者氏名"],
] as const;

/** A phone as compared for a 変更: hyphens and widths aside. */
const comparablePhone = (phone: string): string => {
  const parsed = parsePhone(phone);
  return (parsed.ok ? parsed.value : phone).replace(/-/g, "");
};

const differ = (code: (typeof COMPARED)[number][0], x: string, y: string) =>
  code === "officePhone" ? comparablePhone(x) !== comparablePhone(y) : x !== y;

/** The kana name's problem: not katakana at all, or katakana not yet normalized. */
const kanaProblem = (name: string): string | undefined => {
  const parsed = parseKanaName(name);
  if (!parsed.ok) {
    return firstProblem(parsed.problems);
  }
  return parsed.value === name
    ? undefined
    : "全角カナに直していない文字や空白があります。";
};

const firstProblem = (
  problems: ReadonlyArray<{ message: string }>,
): string | undefined => problems[0]?.message;

/** The checks of one application, and for a 変更 what would change. */
export const reviewApplication = (
  a: ReviewedApplication,
  context: ReviewContext,
): Review => {
  const others = context.sameAddress.filter((r) => r.id !== a.id);
  const active = others.filter((r) =>
    activeRegistrationStatuses.includes(r.status),
  );
  const inUse = others.find(
    (r) => r.status === registrationStatuses.active.label,
  );
  const isChange = a.requestType === CHANGE_LABEL;
  // A 変更 or 廃止 stands beside the registration in use; anything else active is a duplicate.
  const duplicates =
    a.requestType === "新規" || inUse === undefined
      ? active
      : active.filter((r) => r !== inUse);
  const officeProblem =
    context.office && officeMayRegister(context.office.registrable)
      ? undefined
      : OFFICE_NOT_FOUND;
  const checks = [
    check("office", "事業所マスタに登録があり、利用登録の対象", officeProblem),
    check(
      "checkDigit",
      "事業所番号の検証番号",
      firstProblem(problemsOf(parseOfficeNo(a.officeNo))),
    ),
    check(
      "duplicate",
      "同じメールアドレスの有効な登録がない",
      duplicates.length > 0
        ? `同じメールアドレスの登録（${duplicates.map((r) => `レコード番号 ${r.id}：${r.status}`).join("、")}）があります。`
        : undefined,
    ),
    check("kana", "担当者氏名が全角カナ", kanaProblem(a.staffNameKana)),
    check(
      "pledge",
      "誓約・同意",
      a.pledge.length > 0 ? undefined : "誓約・同意のチェックがありません。",
    ),
  ];
  const changes =
    isChange && inUse
      ? COMPARED.filter(([code]) => differ(code, inUse[code], a[code])).map(
          ([code, label]) => ({ label, from: inUse[code], to: a[code] }),
        )
      : [];
  return { checks, ok: checks.every((c) => c.ok), changes };
};
