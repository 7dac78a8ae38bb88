/**
 * The registration form's mails (pure contents; the portal sends them with its mailer): the link
 * to the form, and the receipt with the 受付番号 once the application is in kintone.
 */
import { registrationRequestTypes } from "../../domain/codes.ts";
import type { RegistrationRequestType } from "../../domain/codes.ts";
import type { MailContent } from "../mail/send.ts";

const system = (city: string): string => `${city}要介護認定進捗確認システム`;

const signature = (city: string): string[] => [
  "",
  "――――――――――",
  `${city}介護保険課`,
  "",
];

export const signupLinkMail = (o: {
  cityName: string;
  link: string;
  ttlMinutes: number;
}): Omit<MailContent, "html"> => ({
  subject: `【${system(o.cityName)}】利用登録の申請用メール`,
  text: [
    `${system(o.cityName)}の利用登録の申請用メールです。`,
    "次のURLを開くと、申請の入力画面が表示されます。",
    "",
    o.link,
    "",
    `・このURLの有効期限は送信から${o.ttlMinutes}分です。申請すると使えなくなります。`,
    "・期限が切れたときは、利用登録の画面からもう一度メールを送信してください。",
    "・このメールに心当たりがない場合は、何もせずに削除してください。登録は行われません。",
    ...signature(o.cityName),
  ].join("\n"),
});

export const receiptMail = (o: {
  cityName: string;
  receiptNo: string;
  requestType: RegistrationRequestType;
  portalUrl: string;
}): Omit<MailContent, "html"> => {
  const type = registrationRequestTypes[o.requestType].label;
  const next =
    o.requestType === "cancel"
      ? [
          "廃止の申請により、このメールアドレスでのログインはできなくなりました。",
        ]
      : [
          "介護保険課で利用可否を審査します。利用可能となった場合、メールでお知らせします。",
          "（利用不可となった場合は別途ご連絡いたします。）",
        ];
  return {
    subject: `【${system(o.cityName)}】利用登録の申請を受け付けました（受付番号 ${o.receiptNo}）`,
    text: [
      `${system(o.cityName)}の利用登録の申請（${type}）を受け付けました。`,
      "",
      `受付番号：${o.receiptNo}`,
      "",
      ...next,
      "お問い合わせの際は、受付番号をお伝えください。",
      "",
      o.portalUrl,
      ...signature(o.cityName),
    ].join("\n"),
  };
};
