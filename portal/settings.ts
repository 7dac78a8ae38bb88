/**
 * Every environment variable the portal reads, in one table: its name, what it means (in Japanese,
 * for the city's IT staff), the default as the README shows it, whether production must set it,
 * and for integers and choices the default and range the readers themselves use (portal/env.ts,
 * portal/limits/rules.ts). README's table and `.env.example` are generated from it
 * (`node scripts/settings.ts`); a test keeps them, and the names the code reads, in step.
 */
import type { LevelWithSilent } from "pino";
import { DEFAULT_MAX_PENDING } from "./audit/log.ts";
import { DEFAULT_DAILY_REQUESTS } from "./audit/shipper.ts";
import { schemaOf } from "../schemas/index.ts";
import { appEnvName, tokenEnvName } from "../schemas/envNames.ts";
import { appCodes } from "../schemas/types.ts";

/** Where a setting is listed in `.env.example`. */
export type SettingGroup =
  | "kintone"
  | "server"
  | "mail"
  | "texts"
  | "publication"
  | "sessions"
  | "sync"
  | "audit"
  | "connections"
  | "limits"
  | "development";

export const groupTitles: Record<SettingGroup, string> = {
  kintone: "kintone（アプリと API トークン）",
  server: "ポータルの公開と待ち受け",
  mail: "メール",
  texts: "画面とメールの文言",
  publication: "公開の範囲",
  sessions: "ログインとセッション",
  sync: "kintone からの取り込み",
  audit: "閲覧ログへの記録",
  connections: "接続",
  limits: "回数制限（portal/limits/README.md）",
  development: "開発用",
};

interface Common {
  name: string;
  /** What it is and how to set it, in Japanese (README and .env.example). */
  meaning: string;
  group: SettingGroup;
  /** Production must set it: `npm run portal` refuses to start without it. */
  production: boolean;
  /** `.env.example`'s value for a setting production must set (a placeholder, never a secret). */
  example?: string;
}

export interface IntegerSetting extends Common {
  kind: "integer";
  fallback: number;
  min: number;
  max: number;
}

export interface BooleanSetting extends Common {
  kind: "boolean";
  fallback: boolean;
}

export interface ChoiceSetting extends Common {
  kind: "choice";
  choices: readonly string[];
  fallback: string;
}

export interface TextSetting extends Common {
  kind: "text";
  /** The default, when it is a fixed value (written into `.env.example` as it is). */
  fallback?: string;
  /** The default as the README shows it (when there is none, or it depends on other settings). */
  shown: string;
}

export type Setting =
  IntegerSetting | BooleanSetting | ChoiceSetting | TextSetting;

const int = (
  name: string,
  group: SettingGroup,
  fallback: number,
  range: [number, number],
  meaning: string,
): IntegerSetting => ({
  name,
  kind: "integer",
  group,
  production: false,
  fallback,
  min: range[0],
  max: range[1],
  meaning,
});

const yesNo = (
  name: string,
  group: SettingGroup,
  meaning: string,
): BooleanSetting => ({
  name,
  kind: "boolean",
  group,
  production: false,
  fallback: false,
  meaning,
});

const text = (
  name: string,
  group: SettingGroup,
  meaning: string,
  shown: string,
  more: Partial<Pick<TextSetting, "fallback" | "production" | "example">> = {},
): TextSetting => ({
  name,
  kind: "text",
  group,
  production: false,
  meaning,
  shown,
  ...more,
});

/** The levels of the portal's log (pino's), "silent" last. */
export const logLevels = [
  "fatal",
  "error",
  "warn",
  "info",
  "debug",
  "trace",
  "silent",
] as const satisfies readonly LevelWithSilent[];

export type LogLevel = (typeof logLevels)[number];

/** The rate limits' largest count (0 turns a rule off). */
export const MAX_LIMIT = 1_000_000;

const limit = (name: string, fallback: number, meaning: string) =>
  int(name, "limits", fallback, [0, MAX_LIMIT], `${meaning}。0 でこの制限なし`);

const kintoneSettings: Setting[] = [
  text(
    "KINTONE_BASE_URL",
    "kintone",
    "市の kintone の URL（https://…）",
    "なし",
    { production: true, example: "https://example.cybozu.com" },
  ),
  ...appCodes.map((code) =>
    text(
      appEnvName(code),
      "kintone",
      `アプリ「${schemaOf(code).name}」のアプリ ID（npm run deploy が表示します）`,
      "なし",
      { production: true, example: "" },
    ),
  ),
  ...appCodes.map((code) =>
    text(
      tokenEnvName(code, "portal"),
      "kintone",
      `ポータル用の「${schemaOf(code).name}」の API トークン（権限は npm run deploy が表示します）`,
      "なし",
      { production: true, example: "" },
    ),
  ),
  text(
    tokenEnvName("registration", "signup"),
    "kintone",
    "利用登録フォーム用の「事業所利用登録」の API トークン（レコード追加のみ）",
    "なし（フォームは閉じたまま）",
  ),
];

const serverSettings: Setting[] = [
  text(
    "PORTAL_PUBLIC_URL",
    "server",
    "事業所が開くポータルの URL（ログイン用メールのリンク先）。https:// の実際の URL",
    "http://localhost:<ポート>",
    { production: true, example: "https://kaigo-portal.city.example.lg.jp" },
  ),
  text(
    "PORTAL_HOST",
    "server",
    "待ち受けるアドレス（前段のプロキシからだけ受けるなら 127.0.0.1）",
    "localhost",
    { fallback: "localhost" },
  ),
  int("PORTAL_PORT", "server", 3000, [0, 65535], "待ち受けるポート番号"),
  text(
    "PORTAL_DATA",
    "server",
    "ポータルのデータ（複製と記録）を置くフォルダ",
    ".data/portal",
    { fallback: ".data/portal" },
  ),
  text(
    "PORTAL_TRUST_PROXY",
    "server",
    "前段のリバースプロキシの IP アドレス（例: 10.0.0.5,10.1.0.0/16）。プロキシを置くなら必ず指定。true は指定できません",
    "なし（プロキシなし）",
  ),
  text(
    "PORTAL_WEBHOOK_SECRET",
    "server",
    "kintone の Webhook の URL（/hooks/kintone/<この値>）の秘密の部分。24文字以上（例: openssl rand -hex 24 の出力）",
    "起動ごとに乱数",
    { production: true, example: "" },
  ),
  {
    name: "PORTAL_LOG_LEVEL",
    kind: "choice",
    group: "server",
    production: false,
    choices: logLevels,
    fallback: "info",
    meaning: `ログの詳しさ（${logLevels.join("、")}）`,
  },
];

const mailSettings: Setting[] = [
  text(
    "PORTAL_SMTP_URL",
    "mail",
    "メールを送る SMTP サーバー（smtp://… か smtps://…。認証は smtps://ユーザー:パスワード@サーバー:465）",
    "なし",
    { production: true, example: "smtp://smtp.city.example.lg.jp:25" },
  ),
  text(
    "PORTAL_MAIL_FROM",
    "mail",
    "メールの差出人（市のドメインのアドレス）",
    "<市区町村名>介護保険課 <no-reply@example.jp>",
    {
      production: true,
      example: "〇〇市介護保険課 <no-reply@city.example.lg.jp>",
    },
  ),
  text(
    "PORTAL_NOTICE_MAIL_FROM",
    "mail",
    "利用登録の承認・差戻し・却下のお知らせメールの差出人",
    "PORTAL_MAIL_FROM と同じ",
  ),
  text(
    "PORTAL_APPROVAL_MAIL_SUBJECT",
    "mail",
    "承認のお知らせメールの件名",
    "【<市区町村名>要介護認定進捗確認】利用登録完了のお知らせ",
  ),
  text(
    "PORTAL_RETURN_MAIL_SUBJECT",
    "mail",
    "差戻しのお知らせメールの件名",
    "【<市区町村名>要介護認定進捗確認】利用登録申請の差戻しのお知らせ",
  ),
  text(
    "PORTAL_REJECTION_MAIL_SUBJECT",
    "mail",
    "却下のお知らせメールの件名",
    "【<市区町村名>要介護認定進捗確認】利用登録申請の審査結果のお知らせ",
  ),
  yesNo(
    "PORTAL_REJECTION_MAIL",
    "mail",
    "却下もメールで知らせる（false なら「別途ご連絡いたします」として市が連絡）",
  ),
];

const otherSettings: Setting[] = [
  text(
    "PORTAL_CITY_NAME",
    "texts",
    "市区町村名（画面とメールの件名に出ます）",
    "デモ市",
    { production: true, fallback: "デモ市", example: "〇〇市" },
  ),
  text(
    "PORTAL_CONTACT_TEXT",
    "texts",
    "対象者が見つからないときに示す問い合わせ先の文",
    "※対象者が表示されない・2名以上表示される等の場合は<市区町村名>介護保険課 介護認定係までご連絡をお願いいたします。",
  ),
  int(
    "PORTAL_WINDOW_MONTHS",
    "publication",
    3,
    [1, 24],
    "申請日からこの月数のあいだ公開する",
  ),
  int(
    "PORTAL_IDLE_DAYS",
    "publication",
    60,
    [1, 3650],
    "この日数使われていないアカウントはログインできない",
  ),
  int(
    "PORTAL_PAGE_SIZE",
    "publication",
    20,
    [1, 100],
    "1ページの検索結果の件数",
  ),
  yesNo(
    "PORTAL_CONSENT_MODE",
    "publication",
    "同意方式: 有効な同意のある人を、担当の事業所にだけ表示する",
  ),
  int(
    "PORTAL_LINK_TTL_MINUTES",
    "sessions",
    15,
    [1, 1440],
    "ログイン用 URL の有効期限（分）",
  ),
  int(
    "PORTAL_SESSION_IDLE_MINUTES",
    "sessions",
    30,
    [1, 1440],
    "操作がないとログアウトするまでの時間（分）",
  ),
  int(
    "PORTAL_SESSION_ABSOLUTE_HOURS",
    "sessions",
    10,
    [1, 168],
    "ログインしてから必ずログアウトするまでの時間（時間）",
  ),
  int(
    "PORTAL_SESSION_REMEMBER_IDLE_HOURS",
    "sessions",
    10,
    [0, 168],
    "「この端末を記憶する」を選んだときの、操作がないとログアウトするまでの時間（時間）。0 でこの選択肢を出さない",
  ),
  int(
    "PORTAL_SYNC_INTERVAL_SECONDS",
    "sync",
    40,
    [1, 3600],
    "kintone の変更を取り込む間隔（秒）",
  ),
  int(
    "PORTAL_RECONCILE_INTERVAL_SECONDS",
    "sync",
    900,
    [10, 86400],
    "削除を含めてすべてを照合する間隔（秒）",
  ),
  int(
    "PORTAL_WEBHOOK_MIN_SECONDS",
    "sync",
    15,
    [0, 3600],
    "Webhook で始める取り込みの最短の間隔（秒）",
  ),
  int(
    "PORTAL_STALE_MINUTES",
    "sync",
    10,
    [1, 1440],
    "この時間（分）取り込みに成功しないと、検索とログインを止める",
  ),
  int(
    "PORTAL_AUDIT_SHIP_SECONDS",
    "audit",
    30,
    [1, 3600],
    "閲覧ログアプリへ記録を送る間隔（秒）",
  ),
  int(
    "PORTAL_AUDIT_MAX_PENDING",
    "audit",
    DEFAULT_MAX_PENDING,
    [1, 100_000_000],
    "閲覧ログへ送っていない記録の上限。超えると何も表示しない",
  ),
  int(
    "PORTAL_AUDIT_SHIP_REQUESTS_PER_DAY",
    "audit",
    DEFAULT_DAILY_REQUESTS,
    [1, 10_000],
    "閲覧ログアプリへの1日の API リクエスト数の上限（kintone は1アプリ1日10,000回まで）",
  ),
  int(
    "PORTAL_REQUEST_TIMEOUT_SECONDS",
    "connections",
    15,
    [1, 300],
    "この時間（秒）で届ききらない要求は 408 で切る",
  ),
  int(
    "PORTAL_MAX_CONNECTIONS_PER_IP",
    "connections",
    50,
    [0, 100_000],
    "1つの IP アドレスから同時に開ける接続の数（0 で制限なし。プロキシの後ろではプロキシの接続）",
  ),
];

const limitSettings: Setting[] = [
  limit(
    "PORTAL_LIMIT_SEARCHES_PER_ACCOUNT_10MIN",
    60,
    "1アカウントの10分間の検索回数",
  ),
  limit(
    "PORTAL_LIMIT_SEARCHES_PER_ACCOUNT_DAY",
    150,
    "1アカウントの24時間の検索回数（10分間の値以上）",
  ),
  limit(
    "PORTAL_LIMIT_SEARCHES_PER_IP_10MIN",
    300,
    "1つの IP アドレスからの10分間の検索回数（同じアドレスの事業所で共有）",
  ),
  limit(
    "PORTAL_LIMIT_LOGIN_MAILS_PER_ADDRESS_HOUR",
    5,
    "1つのメールアドレスへの1時間のログイン用メールの依頼数",
  ),
  limit(
    "PORTAL_LIMIT_LOGIN_MAILS_PER_IP_HOUR",
    20,
    "1つの IP アドレスからの1時間のログイン用メールの依頼数",
  ),
  limit(
    "PORTAL_LIMIT_LOGIN_LINKS_PER_IP_10MIN",
    60,
    "1つの IP アドレスからの10分間のログイン用 URL の確認数",
  ),
  limit(
    "PORTAL_LIMIT_SIGNUP_MAILS_PER_ADDRESS_HOUR",
    3,
    "1つのメールアドレスへの1時間の利用登録用メールの数",
  ),
  limit(
    "PORTAL_LIMIT_SIGNUP_MAILS_PER_IP_HOUR",
    20,
    "1つの IP アドレスからの1時間の利用登録用メールの依頼数",
  ),
  limit(
    "PORTAL_LIMIT_ANONYMOUS_POSTS_PER_IP_10MIN",
    300,
    "1つの IP アドレスからの10分間の、ログインせずに送信されたフォームの数",
  ),
];

/** Every setting, in README order. */
export const settings: readonly Setting[] = [
  ...kintoneSettings,
  ...serverSettings,
  ...mailSettings,
  ...otherSettings,
  ...limitSettings,
  yesNo(
    "PORTAL_DEV_MAILBOX",
    "development",
    "開発用の受信箱ページ（/dev/mailbox）。https のポータルでは有効にできません",
  ),
];

/** The setting named `name`; an unknown name is a programming error. */
export const settingNamed = (name: string): Setting => {
  const found = settings.find((s) => s.name === name);
  if (!found) {
    throw new Error(`${name} is not in portal/settings.ts`);
  }
  return found;
};

const ofKind = <K extends Setting["kind"]>(
  name: string,
  kind: K,
): Extract<Setting, { kind: K }> => {
  const s = settingNamed(name);
  if (s.kind !== kind) {
    throw new Error(`${name} is a ${s.kind} setting, not ${kind}`);
  }
  return s as Extract<Setting, { kind: K }>;
};

export const integerSetting = (name: string): IntegerSetting =>
  ofKind(name, "integer");

export const booleanSetting = (name: string): BooleanSetting =>
  ofKind(name, "boolean");

export const choiceSetting = (name: string): ChoiceSetting =>
  ofKind(name, "choice");

export const textSetting = (name: string): TextSetting => ofKind(name, "text");

/** The default as the README shows it. */
export const shownDefault = (s: Setting): string => {
  switch (s.kind) {
    case "integer":
    case "boolean":
      return String(s.fallback);
    case "choice":
      return s.fallback;
    default:
      return s.shown;
  }
};

/** The integer's range as the README shows it (empty for other kinds). */
export const shownRange = (s: Setting): string =>
  s.kind === "integer"
    ? `${s.min.toLocaleString("en-US")}〜${s.max.toLocaleString("en-US")}`
    : "";
