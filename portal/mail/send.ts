/**
 * Outgoing mail over SMTP (nodemailer): the login mail with its one-time link, modelled on seed
 * 000's 【トヨクモ kintone連携サービス】ログイン用メール, and the approval notice. Plain text with a
 * simple HTML alternative; no images, no tracking, nothing loaded from elsewhere.
 */
import { createTransport } from "nodemailer";
import { escapeHtml } from "./html.ts";

export interface MailerOptions {
  /** smtp://host:port, smtps://user:pass@host:465 … (nodemailer connection URL). */
  smtpUrl: string;
  /** The sender address, optionally with a display name: `noreply@city.example.jp`. */
  from: string;
}

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Display name of the sender (差出人); defaults to the name in `from`, if any. */
  senderName?: string;
}

export interface Mailer {
  readonly from: string;
  /** The display name written in `from`, if any. */
  readonly senderName: string | undefined;
  /** Sends one message; rejects when the SMTP server refuses it or cannot be reached. */
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  close(): void;
}

export interface LoginMailInput {
  to: string;
  /** The full login URL with the token. */
  link: string;
  /** 市区町村名, e.g. 海老名市. */
  cityName: string;
  ttlMinutes: number;
  /** 差出人; default: the name in the mailer's `from`, else `{cityName}介護保険課`. */
  senderName?: string;
}

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

/** Removes line breaks and surrounding space, so configured texts cannot break headers. */
const oneLine = (value: string): string =>
  value.replace(/[\r\n]+/gu, " ").trim();

/** The address part of `from` and its display name, if it has one. */
export const parseFrom = (
  from: string,
): { address: string; name: string | undefined } => {
  const match = /^\s*"?([^"<]*?)"?\s*<([^<>\s]+)>\s*$/u.exec(from);
  if (match?.[2]) {
    const name = oneLine(match[1] ?? "");
    return { address: match[2], name: name === "" ? undefined : name };
  }
  return { address: from.trim(), name: undefined };
};

export const createMailer = ({ smtpUrl, from }: MailerOptions): Mailer => {
  const sender = parseFrom(from);
  if (!sender.address.includes("@")) {
    throw new TypeError("from must contain a mail address");
  }
  const transport = createTransport({
    url: smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
    // The mails carry no attachments; never let a message read files or fetch URLs.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const send = async (mail: OutgoingMail): Promise<{ messageId: string }> => {
    const name = mail.senderName ?? sender.name;
    const info = await transport.sendMail({
      from:
        name === undefined
          ? sender.address
          : { name: oneLine(name), address: sender.address },
      to: mail.to,
      subject: oneLine(mail.subject),
      text: mail.text,
      ...(mail.html === undefined ? {} : { html: mail.html }),
      headers: { "Auto-Submitted": "auto-generated" },
    });
    return { messageId: String(info.messageId) };
  };
  return {
    from,
    senderName: sender.name,
    send,
    close: () => {
      transport.close();
    },
  };
};

const assertLink = (link: string): void => {
  if (!/^https?:\/\/\S+$/u.test(link)) {
    throw new TypeError("link must be an http(s) URL");
  }
};

const assertTtl = (ttlMinutes: number): void => {
  if (!Number.isInteger(ttlMinutes) || ttlMinutes <= 0) {
    throw new RangeError("ttlMinutes must be a positive integer");
  }
};

export const loginMailSubject = (cityName: string): string =>
  `【${oneLine(cityName)}要介護認定進捗確認】ログイン用メール`;

export const defaultSenderName = (cityName: string): string =>
  `${oneLine(cityName)}介護保険課`;

/** The login mail's subject, text and HTML (pure; sendLoginMail sends it). */
export const loginMailContent = (
  input: Omit<LoginMailInput, "to">,
): MailContent => {
  assertLink(input.link);
  assertTtl(input.ttlMinutes);
  const city = oneLine(input.cityName);
  const sender = oneLine(input.senderName ?? defaultSenderName(city));
  const system = `${city}要介護認定進捗確認システム`;
  const notes = [
    `このURLは1回だけ使えます。有効期限は送信から${input.ttlMinutes}分です。`,
    "期限が切れたときや一度使ったあとは、ログイン画面からもう一度メールを送信してください。",
    "このメールに心当たりがない場合は、何もせずに削除してください。ログインは行われません。",
    "このメールは転送しないでください。URLを知っている人は誰でもログインできてしまいます。",
  ];
  const text = [
    `${system}のログイン用メールです。`,
    "次のURLを開くとログインできます。",
    "",
    input.link,
    "",
    ...notes.map((note) => `・${note}`),
    "",
    "――――――――――",
    sender,
    "",
  ].join("\n");
  const html = [
    '<!doctype html><html lang="ja"><head><meta charset="utf-8">',
    `<title>${escapeHtml(loginMailSubject(city))}</title></head><body>`,
    `<p>${escapeHtml(system)}のログイン用メールです。<br>次のURLを開くとログインできます。</p>`,
    `<p><a href="${escapeHtml(input.link)}">${escapeHtml(input.link)}</a></p>`,
    `<ul>${notes.map((note) => `<li>${escapeHtml(note)}</li>`).join("")}</ul>`,
    `<p>${escapeHtml(sender)}</p>`,
    "</body></html>",
  ].join("\n");
  return { subject: loginMailSubject(city), text, html };
};

/** Sends the login mail with its one-time link. */
export const sendLoginMail = async (
  mailer: Mailer,
  input: LoginMailInput,
): Promise<{ messageId: string }> => {
  const senderName =
    input.senderName ?? mailer.senderName ?? defaultSenderName(input.cityName);
  const content = loginMailContent({ ...input, senderName });
  return mailer.send({ to: input.to, ...content, senderName });
};

export interface ApprovalMailInput {
  cityName: string;
  /** Where providers log in (the portal's public URL). */
  portalUrl: string;
  /** 事業所名, when known. */
  officeName?: string;
  /** Accounts unused this many days are stopped (mentioned in the notice when given). */
  idleDays?: number;
  senderName?: string;
}

/** The notice that a registration was approved (利用中), for later use by the staff side. */
export const approvalMailText = (
  input: ApprovalMailInput,
): { subject: string; text: string } => {
  assertLink(input.portalUrl);
  const city = oneLine(input.cityName);
  const sender = oneLine(input.senderName ?? defaultSenderName(city));
  const greeting =
    input.officeName === undefined
      ? "ご担当者様"
      : `${oneLine(input.officeName)} ご担当者様`;
  const text = [
    greeting,
    "",
    `${city}要介護認定進捗確認システムの利用登録が完了しました。`,
    "次のURLから、登録したメールアドレスでログインしてご利用ください。",
    "",
    input.portalUrl,
    "",
    "・ログインするたびに、ログイン用のメールが届きます。",
    input.idleDays === undefined
      ? "・長い間ご利用がないと、安全のため登録を停止することがあります。"
      : `・${input.idleDays}日間ご利用がないと、安全のため登録を停止することがあります。`,
    "・このメールに心当たりがない場合は、何もせずに削除してください。",
    "",
    "――――――――――",
    sender,
    "",
  ].join("\n");
  return {
    subject: `【${city}要介護認定進捗確認】利用登録完了のお知らせ`,
    text,
  };
};
