import { labelOf } from "./fields.ts";
import { fail, ok, type Result } from "./problem.ts";
import { normalizeText } from "./text.ts";

/**
 * Code lists. Each entry has the English code name the programs use, the Japanese label that
 * kintone stores and people read, and where one exists the national code (申請区分（申請時）コード,
 * 要介護状態区分コード) that core-system exports carry.
 */
interface CodeEntry {
  label: string;
  code?: string;
}

/** 申請区分: the five kinds, with codes of 申請区分（申請時）コード. */
export const applicationTypes = {
  new: { label: "新規", code: "1" },
  renewal: { label: "更新", code: "2" },
  change: { label: "区分変更", code: "3" },
  exOfficio: { label: "職権", code: "4" },
  transferIn: { label: "転入", code: "5" },
} as const satisfies Record<string, CodeEntry>;
export type ApplicationType = keyof typeof applicationTypes;

/** 要介護状態区分, with 要介護状態区分コード. */
export const careLevels = {
  notApplicable: { label: "非該当", code: "01" },
  support1: { label: "要支援1", code: "12" },
  support2: { label: "要支援2", code: "13" },
  care1: { label: "要介護1", code: "21" },
  care2: { label: "要介護2", code: "22" },
  care3: { label: "要介護3", code: "23" },
  care4: { label: "要介護4", code: "24" },
  care5: { label: "要介護5", code: "25" },
} as const satisfies Record<string, CodeEntry>;
export type CareLevel = keyof typeof careLevels;

/** 進捗: where an application stands (see progress.ts for how it is derived). */
export const stages = {
  received: { label: "申請受付" },
  survey: { label: "認定調査" },
  doctorOpinion: { label: "主治医意見書" },
  committee: { label: "審査会" },
  certified: { label: "認定済" },
  withdrawn: { label: "取下げ" },
} as const satisfies Record<string, CodeEntry>;
export type Stage = keyof typeof stages;

/** 事業所利用登録: the states of the registration process. */
export const registrationStatuses = {
  applied: { label: "申請中" },
  reviewing: { label: "審査中" },
  active: { label: "利用中" },
  returned: { label: "差戻し" },
  rejected: { label: "却下" },
  suspended: { label: "利用停止" },
} as const satisfies Record<string, CodeEntry>;
export type RegistrationStatus = keyof typeof registrationStatuses;

/** 事業所利用登録の申請区分. */
export const registrationRequestTypes = {
  new: { label: "新規" },
  change: { label: "変更" },
  cancel: { label: "廃止" },
} as const satisfies Record<string, CodeEntry>;
export type RegistrationRequestType = keyof typeof registrationRequestTypes;

/** The labels of a code list in order: the options of the kintone field. */
export const labelsOf = (list: Record<string, CodeEntry>): string[] =>
  Object.values(list).map((e) => e.label);

/** The code name whose label is `label`, or undefined. */
export const codeNameOf = <K extends string>(
  list: Record<K, CodeEntry>,
  label: string,
): K | undefined =>
  (Object.keys(list) as K[]).find((k) => list[k].label === label);

/** Forms of 申請区分 seen in exports besides the label and the code. */
const APPLICATION_TYPE_ALIASES: Readonly<Record<string, ApplicationType>> = {
  区変: "change",
  区分変更申請: "change",
  新規申請: "new",
  更新申請: "renewal",
  転入申請: "transferIn",
};

const parseCode = <K extends string>(
  list: Record<K, CodeEntry>,
  aliases: Readonly<Record<string, K>>,
  input: string,
  field: string,
  hint: string,
): Result<K> => {
  const s = normalizeText(input).replace(/\s/g, "");
  if (s === "") {
    return fail(field, "required", `${labelOf(field)}を選んでください。`);
  }
  const keys = Object.keys(list) as K[];
  const found =
    keys.find((k) => list[k].label === s) ??
    keys.find((k) => list[k].code !== undefined && list[k].code === s) ??
    // Own keys only: "valueOf" or "constructor" must not find Object.prototype's.
    (Object.hasOwn(aliases, s) ? aliases[s] : undefined);
  return found
    ? ok(found)
    : fail(
        field,
        "unknownCode",
        `${labelOf(field)}「${s}」は使えません。${hint}`,
      );
};

/** 申請区分 from its label (新規), code (1) or a common longer form (新規申請, 区変). */
export const parseApplicationType = (
  input: string,
  field = "applicationType",
): Result<ApplicationType> =>
  parseCode(
    applicationTypes,
    APPLICATION_TYPE_ALIASES,
    input,
    field,
    "新規・更新・区分変更・職権・転入、またはコード1〜5で入力してください。",
  );

/** 要介護状態区分 from its label (要介護1, 要介護１) or code (21). */
export const parseCareLevel = (
  input: string,
  field = "careLevel",
): Result<CareLevel> =>
  parseCode(
    careLevels,
    {},
    input,
    field,
    "非該当・要支援1〜2・要介護1〜5、またはコード（01, 12, 13, 21〜25）で入力してください。",
  );

/** 閲覧ログの種別: what the portal records. */
export const accessEventTypes = {
  loginRequested: { label: "ログイン要求" },
  loginSucceeded: { label: "ログイン" },
  loginRefused: { label: "ログイン拒否" },
  logout: { label: "ログアウト" },
  search: { label: "検索" },
  denied: { label: "閲覧拒否" },
  rateLimited: { label: "回数制限" },
  signupRequested: { label: "利用登録要求" },
  signupSubmitted: { label: "利用登録申請" },
  signupRefused: { label: "利用登録拒否" },
} as const satisfies Record<string, CodeEntry>;
export type AccessEventType = keyof typeof accessEventTypes;

/** 同意者 (Kumamoto page, docs/sources.md): the person, or a proxy. */
export const consenters = {
  self: { label: "本人" },
  proxy: { label: "代理人" },
} as const satisfies Record<string, CodeEntry>;
export type Consenter = keyof typeof consenters;

/** 登録対象: whether an office may register for the portal (care-plan making offices only). */
export const registrability = {
  yes: { label: "対象" },
  no: { label: "対象外" },
} as const satisfies Record<string, CodeEntry>;

/** サービス種別 of the offices that make care plans, and a catch-all. */
export const serviceTypes = {
  homeCareSupport: { label: "居宅介護支援" },
  communityCenter: { label: "地域包括支援センター" },
  smallMultifunction: { label: "小規模多機能型居宅介護" },
  nursingSmallMultifunction: { label: "看護小規模多機能型居宅介護" },
  other: { label: "その他" },
} as const satisfies Record<string, CodeEntry>;

/**
 * 誓約・同意事項 of the registration (Ebina guide, docs/sources.md), with the city's name. The
 * six 遵守事項 are shown on the registration form; the check box carries the last sentence.
 */
export const pledgeText = (
  city: string,
): { items: string[]; consent: string; preamble: string } => ({
  preamble:
    `${city}要介護認定進捗確認システムを利用するにあたり、下記の遵守事項を守り、個人情報の適切な管理および悪用を防ぐための措置を講ずることを誓約します。` +
    `下記1～6の遵守事項に違反した場合、今後、${city}要介護認定進捗確認システムの利用登録を取り消される場合があることに同意します。`,
  items: [
    `要介護認定の進捗状況の確認を行う以外の目的で、${city}要介護認定進捗確認システムを使用しないこと。`,
    "業務に関係のない第三者の認定情報の確認は行わないこと。",
    `${city}要介護認定進捗確認システムで確認した進捗状況を、本人の同意なく、第三者に提供しないこと。`,
    "上記登録内容に変更があった場合は、速やかに登録内容の変更申請を行うこと。",
    `かつて事業所の職員等であった者が、${city}要介護認定進捗確認システムを悪用することがないよう、必要な措置を講ずること。`,
    "2ヶ月間ご利用がないと、セキュリティを確保するため、メールアドレスの削除処理を行うことがあります。",
  ],
  consent: "以上の【誓約・同意事項】に誓約・同意の上、申請します。",
});
