/**
 * The portal's configuration, from environment variables (documented in README). Every value
 * has a sensible default for the demo; production must set the secrets and URLs.
 */
import type { AppCode } from "../schemas/types.ts";
import type { LimitRule } from "./limits/rules.ts";
import type { LogLevel } from "./settings.ts";

export interface PortalConfig {
  /** Where the portal listens. */
  host: string;
  port: number;
  /** The URL providers reach the portal at (login links point here). */
  publicUrl: string;
  /** Folder for the replica and the portal's own store (SQLite). */
  dataDir: string;
  kintone: {
    baseUrl: string;
    /** App ids in this kintone. */
    apps: Record<AppCode, string>;
    /** API token per app (KINTONE_TOKEN_<APP>_PORTAL). */
    tokens: Partial<Record<AppCode, string>>;
    /**
     * The registration form's token for 事業所利用登録, add only
     * (KINTONE_TOKEN_REGISTRATION_SIGNUP); the form is closed without it.
     */
    signupToken?: string;
  };
  smtp: { url: string; from: string };
  /** 市区町村名, in texts and the mail subject: 【{city}要介護認定進捗確認】ログイン用メール. */
  cityName: string;
  /** The 認定係 contact shown when no one, or several people, are found. */
  contactText: string;
  /** Applications shown while 申請日 is within this many months. */
  windowMonths: number;
  /** Accounts unused for this many days cannot log in. */
  idleDays: number;
  /** Results per page. */
  pageSize: number;
  linkTtlMinutes: number;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /**
   * The idle limit, in hours, of a session started with 「この端末を記憶する」 (a phone's own
   * browser through a working day); 0: the choice is not offered. The absolute limit
   * (sessionAbsoluteHours) ends such a session all the same (portal/auth/README.md).
   */
  sessionRememberIdleHours: number;
  /** Seconds between incremental syncs (webhooks trigger one at once). */
  syncIntervalSeconds: number;
  reconcileIntervalSeconds: number;
  /** Seconds between shipments of the audit log to the 閲覧ログ app. */
  auditShipIntervalSeconds: number;
  /**
   * Most audit events waiting in the local log to be shipped; beyond it the portal shows
   * nothing (no view without its record) until shipping catches up.
   */
  auditMaxPending: number;
  /** kintone API requests per day the shipper may make to the 閲覧ログ app (kintone allows 10,000). */
  auditShipRequestsPerDay: number;
  /** The secret path segment of the webhook URL: /hooks/kintone/<secret>. */
  webhookSecret: string;
  /** Webhook-triggered syncs start at most once per this many seconds. */
  webhookMinIntervalSeconds: number;
  /**
   * Consent mode (Kumamoto page, docs/sources.md): only people with a valid 同意, only to the
   * assigned office.
   */
  consentMode: boolean;
  /** The dev-only mailbox page (/dev/mailbox); never in production. */
  devMailbox: boolean;
  /** Rate limits against enumeration (PORTAL_LIMIT_*; portal/limits). */
  limits: LimitRule[];
  /**
   * The reverse proxy in front of the portal, for the client's IP (rate limits, audit):
   * false (none; default) or its addresses, e.g. "127.0.0.1" (Fastify's trustProxy).
   */
  trustProxy: boolean | string;
  /** Secure cookies and HSTS: true when publicUrl is https. */
  secureCookies: boolean;
  /**
   * A request whose headers and body have not all arrived after this many seconds is answered
   * 408 and its connection closed; an idle connection is closed after the same time.
   */
  requestTimeoutSeconds: number;
  /** Open connections allowed from one address at once (0: no limit). */
  maxConnectionsPerIp: number;
  /**
   * Fail closed: when the replica has not synced for this many minutes, a suspension made in
   * kintone may not have arrived, so searches and logins stop until it syncs again.
   */
  staleMinutes: number;
  /** The mails sent when a registration is approved, returned or rejected (portal/notify). */
  notices: NoticeSettings;
  /** How much the portal logs (PORTAL_LOG_LEVEL; pino's levels); default "info". */
  logLevel: LogLevel;
  /**
   * Started by `npm run portal` (portal/main.ts), which has refused an unsafe configuration
   * (portal/check.ts); the demo leaves it unset and stays permissive. With it, a proxy header
   * arriving while trustProxy is false is refused (portal/plugins/proxyCheck.ts).
   */
  production?: boolean;
}

export interface NoticeSettings {
  /** Their sender (PORTAL_NOTICE_MAIL_FROM); default smtp.from. */
  from: string;
  /** PORTAL_APPROVAL_MAIL_SUBJECT, PORTAL_RETURN_MAIL_SUBJECT, PORTAL_REJECTION_MAIL_SUBJECT. */
  approvalSubject: string;
  returnSubject: string;
  rejectionSubject: string;
  /** Whether 却下 is mailed (PORTAL_REJECTION_MAIL); off by default: 「別途ご連絡いたします」. */
  rejectionMail: boolean;
}

export const defaultContactText = (city: string): string =>
  `※対象者が表示されない・2名以上表示される等の場合は${city}介護保険課 介護認定係までご連絡をお願いいたします。`;

/** The notice mails' default subjects. */
export const defaultNoticeSubjects = (
  city: string,
): Pick<
  NoticeSettings,
  "approvalSubject" | "returnSubject" | "rejectionSubject"
> => {
  const tag = `【${city}要介護認定進捗確認】`;
  return {
    approvalSubject: `${tag}利用登録完了のお知らせ`,
    returnSubject: `${tag}利用登録申請の差戻しのお知らせ`,
    rejectionSubject: `${tag}利用登録申請の審査結果のお知らせ`,
  };
};

/** The session limits of the settings, as the auth store takes them (portal/auth/store.ts). */
export const sessionLimitsOf = (
  c: Pick<
    PortalConfig,
    "sessionIdleMinutes" | "sessionAbsoluteHours" | "sessionRememberIdleHours"
  >,
): {
  idleMinutes: number;
  absoluteHours: number;
  rememberedIdleMinutes: number;
} => ({
  idleMinutes: c.sessionIdleMinutes,
  absoluteHours: c.sessionAbsoluteHours,
  rememberedIdleMinutes: c.sessionRememberIdleHours * 60,
});

/** A URL on the portal, for mails: its public URL (a trailing slash dropped) and `path`. */
export const portalUrl = (publicUrl: string, path: string): string =>
  `${publicUrl.replace(/\/+$/u, "")}${path}`;
