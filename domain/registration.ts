/**
 * 事業所利用登録 (a provider's registration for the portal): what an application must carry, which
 * office may register, and which applications an address may make given its registrations. Used
 * by the portal's registration form, and by the review plugin to come (the same checks on the
 * staff's side).
 *
 * The app's メールアドレス field is not unique: an address may apply again once its registration is
 * 利用停止, 却下 or 差戻し (or after 廃止), so uniqueness holds among the active registrations only
 * — 申請中, 審査中, 利用中 — and is enforced here, not by kintone.
 */
import {
  registrability,
  registrationRequestTypes,
  registrationStatuses,
  type RegistrationRequestType,
} from "./codes.ts";
import { parseKanaName } from "./kana.ts";
import { parseOfficeNo } from "./officeNo.ts";
import { parsePhone } from "./phone.ts";
import { error, ok, problemsOf, type Problem, type Result } from "./problem.ts";

/** The statuses of a registration that stand in the way of a second one for the address. */
export const activeRegistrationStatuses: readonly string[] = [
  registrationStatuses.applied.label,
  registrationStatuses.reviewing.label,
  registrationStatuses.active.label,
];

/** The words of the city's guide when an office is not in the master (or may not register). */
export const OFFICE_NOT_FOUND = "指定事業所情報が検索できません";

export interface RegistrationApplication {
  requestType: RegistrationRequestType;
  officeNo: string;
  officePhone: string;
  staffNameKana: string;
}

/** The form as typed: every value a string (a check box absent when not checked). */
export interface RegistrationInput {
  requestType?: string;
  officeNo?: string;
  officePhone?: string;
  staffNameKana?: string;
  pledge?: string;
}

const isRequestType = (s: string): s is RegistrationRequestType =>
  Object.hasOwn(registrationRequestTypes, s);

/**
 * The application's values, normalized (事業所番号 half-width with its check digit verified,
 * 電話番号 with hyphens, 担当者氏名 in full-width katakana without spaces), or every problem at once.
 */
export const parseRegistrationApplication = (
  input: RegistrationInput,
): Result<RegistrationApplication> => {
  const problems: Problem[] = [];
  const take = (r: Result<string>): string => {
    problems.push(...problemsOf(r));
    return r.ok ? r.value : "";
  };
  const type = input.requestType ?? "";
  if (!isRequestType(type)) {
    problems.push(
      error(
        "registrationRequestType",
        "required",
        "申請区分を選択してください。",
      ),
    );
  }
  const officeNo = take(parseOfficeNo(input.officeNo ?? "", "officeNo"));
  const officePhone = take(parsePhone(input.officePhone ?? "", "officePhone"));
  const staffNameKana = take(
    parseKanaName(input.staffNameKana ?? "", "staffNameKana"),
  );
  if (input.pledge !== "yes") {
    problems.push(
      error(
        "pledge",
        "required",
        "【誓約・同意事項】をお読みのうえ、「誓約・同意の上、申請します」にチェックを入れてください。",
      ),
    );
  }
  if (problems.length > 0 || !isRequestType(type)) {
    return { ok: false, problems };
  }
  return ok({ requestType: type, officeNo, officePhone, staffNameKana });
};

/** Whether an office of 事業所マスタ (its 登録対象 label) may register. */
export const officeMayRegister = (registrable: string | undefined): boolean =>
  registrable === registrability.yes.label;

/** One of the address's registrations, as far as these rules need it. */
export interface ExistingRegistration {
  status: string;
}

/**
 * Why the address may not make this application, or null when it may:
 * - 新規: no registration of the address may be active (申請中, 審査中 or 利用中);
 * - 変更 and 廃止: the address needs a registration in 利用中, and no other application waiting for
 *   review (one change at a time).
 */
export const applicationConflict = (
  requestType: RegistrationRequestType,
  existing: readonly ExistingRegistration[],
): string | null => {
  const inUse = existing.some(
    (r) => r.status === registrationStatuses.active.label,
  );
  const waiting = existing.some(
    (r) =>
      r.status === registrationStatuses.applied.label ||
      r.status === registrationStatuses.reviewing.label,
  );
  if (requestType === "new") {
    if (inUse) {
      return "このメールアドレスは、すでに利用登録されています（利用中）。登録内容を変える場合は申請区分「変更」を、利用をやめる場合は「廃止」を選んでください。";
    }
    return waiting
      ? "このメールアドレスの利用登録は、審査中です。審査が終わると、メールでお知らせします。"
      : null;
  }
  if (!inUse) {
    return "このメールアドレスで利用中の登録がありません。はじめて申請する場合は、申請区分「新規」を選んでください。";
  }
  return waiting
    ? "このメールアドレスには、審査中の申請があります。審査が終わってから、もう一度申請してください。"
    : null;
};
