/**
 * The texts of the notice mails (pure): approval (利用中), return (差戻し) and, when configured,
 * rejection (却下). Plain text, in the spirit of the city's guide: 「利用可能となった場合、メールで
 * お知らせします」「利用不可となった場合は別途ご連絡いたします」.
 */
import { portalUrl } from "../config.ts";
import { approvalMailText, defaultSenderName } from "../mail/send.ts";
import type { Notice } from "./notices.ts";

export interface NoticeTexts {
  cityName: string;
  /** The portal's public URL (config.publicUrl), without a trailing slash. */
  publicUrl: string;
  /** Accounts unused this many days are stopped (config.idleDays). */
  idleDays: number;
  /** 差出人 (the display name of the notices' sender, else `{city}介護保険課`). */
  senderName?: string;
  subjects: { approval: string; return: string; rejection: string };
}

export interface NoticeMail {
  subject: string;
  text: string;
}

const oneLine = (value: string): string =>
  value.replace(/[\r\n]+/gu, " ").trim();

/** Where a returned registration is applied for again. */
export const registerUrl = (publicUrl: string): string =>
  portalUrl(publicUrl, "/register");

const greetingOf = (n: Notice): string =>
  n.officeName.trim() === ""
    ? "ご担当者様"
    : `${oneLine(n.officeName)} ご担当者様`;

const contactOf = (city: string): string => `${city}介護保険課 介護認定係`;

const footer = (sender: string): string[] => [
  "・このメールに心当たりがない場合は、何もせずに削除してください。",
  "",
  "――――――――――",
  sender,
  "",
];

const returnText = (n: Notice, t: NoticeTexts, sender: string): string => {
  const city = oneLine(t.cityName);
  const reason = n.returnReason.trim();
  return [
    greetingOf(n),
    "",
    `${city}要介護認定進捗確認システムの利用登録の申請を確認しましたが、次の理由により差し戻しました。`,
    "",
    "【差戻しの理由】",
    reason === ""
      ? `理由については、${contactOf(city)}までお問い合わせください。`
      : reason,
    "",
    "内容をご確認のうえ、次のURLから申請し直してください。",
    "",
    registerUrl(t.publicUrl),
    "",
    ...footer(sender),
  ].join("\n");
};

const rejectionText = (n: Notice, t: NoticeTexts, sender: string): string => {
  const city = oneLine(t.cityName);
  return [
    greetingOf(n),
    "",
    `${city}要介護認定進捗確認システムの利用登録の申請は、審査の結果、お受けできませんでした。`,
    `詳しくは、${contactOf(city)}までお問い合わせください。`,
    "",
    ...footer(sender),
  ].join("\n");
};

/** The subject and text of a notice. */
export const noticeMail = (n: Notice, t: NoticeTexts): NoticeMail => {
  const sender = oneLine(t.senderName ?? defaultSenderName(t.cityName));
  if (n.kind === "approval") {
    const { text } = approvalMailText({
      cityName: t.cityName,
      portalUrl: t.publicUrl,
      idleDays: t.idleDays,
      senderName: sender,
      ...(n.officeName.trim() === "" ? {} : { officeName: n.officeName }),
    });
    return { subject: t.subjects.approval, text };
  }
  if (n.kind === "return") {
    return { subject: t.subjects.return, text: returnText(n, t, sender) };
  }
  return { subject: t.subjects.rejection, text: rejectionText(n, t, sender) };
};
