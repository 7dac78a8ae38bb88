/**
 * The portal's configuration from environment variables. Production must set the URLs, the
 * SMTP server, the API tokens and the secrets; everything else has a default. portal/settings.ts
 * lists every variable with its default and range, which the readers here take from it.
 */
import { randomBytes } from "node:crypto";
import { isIP } from "node:net";
import { checkPolicy } from "../domain/policy.ts";
import { appEnvName, tokenEnvName } from "../schemas/envNames.ts";
import { appCodes, type AppCode } from "../schemas/types.ts";
import {
  defaultContactText,
  defaultNoticeSubjects,
  type NoticeSettings,
  type PortalConfig,
} from "./config.ts";
import { ConfigError } from "./configError.ts";
import { limitsFromEnv } from "./limits/rules.ts";
import {
  booleanSetting,
  choiceSetting,
  integerSetting,
  textSetting,
  type LogLevel,
} from "./settings.ts";

export { ConfigError };

type Env = Record<string, string | undefined>;

const APPS = appCodes;

/**
 * An integer setting: its default and range are the table's (portal/settings.ts); `fallback`
 * replaces the default where the caller has its own (the demo's).
 */
const integer = (env: Env, name: string, fallback?: number): number => {
  const { min, max, fallback: tableDefault } = integerSetting(name);
  const raw = env[name];
  if (raw === undefined || raw === "") {
    return fallback ?? tableDefault;
  }
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(
      `${name} には ${min}〜${max} の整数を指定してください（指定値: ${raw}）。`,
    );
  }
  return n;
};

const TRUE = ["1", "true", "yes", "on"];
const FALSE = ["0", "false", "no", "off"];

const bool = (env: Env, name: string, fallback?: boolean): boolean => {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === "") {
    return fallback ?? booleanSetting(name).fallback;
  }
  if (TRUE.includes(raw)) {
    return true;
  }
  if (FALSE.includes(raw)) {
    return false;
  }
  throw new ConfigError(
    `${name} には true か false を指定してください（指定値: ${env[name]}）。`,
  );
};

/**
 * A URL setting, parsed (not prefix-matched): surrounding spaces ignored, the scheme compared
 * whatever its case, and only the given schemes accepted.
 */
const url = (name: string, raw: string, schemes: readonly string[]): URL => {
  let parsed: URL;
  try {
    parsed = new URL(raw.trim());
  } catch {
    throw new ConfigError(
      `${name} が URL として読めません（指定値: ${raw}）。${schemes[0]}://… の形で指定してください。`,
    );
  }
  if (!schemes.includes(parsed.protocol.slice(0, -1))) {
    throw new ConfigError(
      `${name} は ${schemes.map((s) => `${s}://`).join(" か ")} で始まる URL にしてください（指定値: ${raw}）。`,
    );
  }
  return parsed;
};

/**
 * PORTAL_TRUST_PROXY: unset (or false) = no proxy; otherwise the proxy's addresses or networks,
 * comma-separated. `true` (trust whoever connects) is refused: any client could then write the
 * address the per-IP limits count.
 */
const trustProxyOf = (raw: string | undefined): false | string => {
  const value = raw?.trim() ?? "";
  if (value === "" || FALSE.includes(value.toLowerCase())) {
    return false;
  }
  const entries = value.split(",").map((e) => e.trim());
  const bad = entries.filter((e) => {
    const [address = "", bits, ...rest] = e.split("/");
    const family = isIP(address);
    if (family === 0 || rest.length > 0) {
      return true;
    }
    if (bits === undefined) {
      return false;
    }
    const n = Number(bits);
    return !/^\d+$/.test(bits) || n > (family === 4 ? 32 : 128);
  });
  if (bad.length > 0) {
    throw new ConfigError(
      `PORTAL_TRUST_PROXY には前段のプロキシの IP アドレス（例: 127.0.0.1、10.0.0.0/8。カンマ区切り）を指定してください（読めない値: ${bad.join("、")}）。すべての接続元を信用する指定はできません。`,
    );
  }
  return entries.join(",");
};

/** A mail subject setting: one line, not empty, not longer than a subject should be. */
const subject = (env: Env, name: string, fallback: string): string => {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") {
    return fallback;
  }
  if (/[\r\n]/u.test(raw) || raw.trim().length > 200) {
    throw new ConfigError(
      `${name} は改行を含まない200文字以内の件名にしてください。`,
    );
  }
  return raw.trim();
};

/** PORTAL_NOTICE_MAIL_FROM and the notice mails' subjects (portal/notify). */
const noticesOf = (env: Env, city: string, from: string): NoticeSettings => {
  const own = env.PORTAL_NOTICE_MAIL_FROM?.trim() ?? "";
  const sender = own || from;
  if (/[\r\n]/u.test(sender) || !/[^\s<>@]+@[^\s<>@]+/u.test(sender)) {
    // The default is PORTAL_MAIL_FROM's value: the message names where the value came from.
    const name = own ? "PORTAL_NOTICE_MAIL_FROM" : "PORTAL_MAIL_FROM";
    throw new ConfigError(
      `${name} には差出人のメールアドレス（例: ${city}介護保険課 <no-reply@example.jp>）を指定してください（指定値: ${sender}）。`,
    );
  }
  const defaults = defaultNoticeSubjects(city);
  return {
    from: sender,
    approvalSubject: subject(
      env,
      "PORTAL_APPROVAL_MAIL_SUBJECT",
      defaults.approvalSubject,
    ),
    returnSubject: subject(
      env,
      "PORTAL_RETURN_MAIL_SUBJECT",
      defaults.returnSubject,
    ),
    rejectionSubject: subject(
      env,
      "PORTAL_REJECTION_MAIL_SUBJECT",
      defaults.rejectionSubject,
    ),
    rejectionMail: bool(env, "PORTAL_REJECTION_MAIL"),
  };
};

/** The webhook secret is part of a URL that anyone may try: long enough not to be guessed. */
export const MIN_WEBHOOK_SECRET_LENGTH = 24;

/** The registration form's add-only token, when given (the form is closed without it). */
const signupTokenOf = (
  env: Record<string, string | undefined>,
  defaults: Partial<PortalConfig>,
): { signupToken?: string } => {
  const token =
    env[tokenEnvName("registration", "signup")] ??
    defaults.kintone?.signupToken;
  return token ? { signupToken: token } : {};
};

/** PORTAL_LOG_LEVEL: one of the table's levels, whatever its case. */
const logLevelOf = (env: Env): LogLevel => {
  const { name, choices, fallback } = choiceSetting("PORTAL_LOG_LEVEL");
  const raw = env[name]?.trim().toLowerCase() ?? "";
  if (raw === "") {
    return fallback as LogLevel;
  }
  if (!choices.includes(raw)) {
    throw new ConfigError(
      `${name} には ${choices.join("、")} のどれかを指定してください（指定値: ${env[name]}）。`,
    );
  }
  return raw as LogLevel;
};

/** A text setting: the environment's value, the caller's default, or the table's. */
const textOf = (env: Env, name: string, fallback?: string): string =>
  env[name] ?? fallback ?? textSetting(name).fallback ?? "";

/**
 * Reads PORTAL_* and KINTONE_* variables (portal/settings.ts lists them). `defaults` supplies
 * what the demo generates (app ids, tokens, the mail catcher's URL); in production they come
 * from the environment.
 */
export const configFromEnv = (
  env: Env,
  defaults: Partial<PortalConfig> = {},
): PortalConfig => {
  const port = integer(env, "PORTAL_PORT", defaults.port);
  const publicUrlRaw =
    env.PORTAL_PUBLIC_URL ?? defaults.publicUrl ?? `http://localhost:${port}`;
  const publicUrlParsed = url("PORTAL_PUBLIC_URL", publicUrlRaw, [
    "https",
    "http",
  ]);
  const publicUrl = publicUrlParsed.href.replace(/\/+$/, "");
  const city = textOf(env, "PORTAL_CITY_NAME", defaults.cityName);
  const apps = Object.fromEntries(
    APPS.map((code) => [
      code,
      env[appEnvName(code)] ?? defaults.kintone?.apps[code] ?? "",
    ]),
  ) as Record<AppCode, string>;
  const tokens = Object.fromEntries(
    APPS.map((code) => [
      code,
      env[tokenEnvName(code, "portal")] ?? defaults.kintone?.tokens[code],
    ]),
  ) as Partial<Record<AppCode, string>>;
  const mailFrom =
    env.PORTAL_MAIL_FROM ??
    defaults.smtp?.from ??
    `${city}介護保険課 <no-reply@example.jp>`;
  const config: PortalConfig = {
    host: textOf(env, "PORTAL_HOST", defaults.host),
    port,
    publicUrl,
    dataDir: textOf(env, "PORTAL_DATA", defaults.dataDir),
    kintone: {
      baseUrl: env.KINTONE_BASE_URL ?? defaults.kintone?.baseUrl ?? "",
      apps,
      tokens,
      ...signupTokenOf(env, defaults),
    },
    smtp: {
      url: env.PORTAL_SMTP_URL ?? defaults.smtp?.url ?? "",
      from: mailFrom,
    },
    cityName: city,
    contactText:
      env.PORTAL_CONTACT_TEXT ??
      defaults.contactText ??
      defaultContactText(city),
    windowMonths: integer(env, "PORTAL_WINDOW_MONTHS"),
    idleDays: integer(env, "PORTAL_IDLE_DAYS"),
    pageSize: integer(env, "PORTAL_PAGE_SIZE"),
    linkTtlMinutes: integer(env, "PORTAL_LINK_TTL_MINUTES"),
    sessionIdleMinutes: integer(env, "PORTAL_SESSION_IDLE_MINUTES"),
    // Long enough for one login to last a working day (9 h and some overtime).
    sessionAbsoluteHours: integer(env, "PORTAL_SESSION_ABSOLUTE_HOURS"),
    sessionRememberIdleHours: integer(
      env,
      "PORTAL_SESSION_REMEMBER_IDLE_HOURS",
    ),
    syncIntervalSeconds: integer(env, "PORTAL_SYNC_INTERVAL_SECONDS"),
    reconcileIntervalSeconds: integer(env, "PORTAL_RECONCILE_INTERVAL_SECONDS"),
    webhookMinIntervalSeconds: integer(
      env,
      "PORTAL_WEBHOOK_MIN_SECONDS",
      defaults.webhookMinIntervalSeconds,
    ),
    auditShipIntervalSeconds: integer(env, "PORTAL_AUDIT_SHIP_SECONDS"),
    auditMaxPending: integer(
      env,
      "PORTAL_AUDIT_MAX_PENDING",
      defaults.auditMaxPending,
    ),
    // Never above kintone's 10,000 requests per app and day (Standard course).
    auditShipRequestsPerDay: integer(
      env,
      "PORTAL_AUDIT_SHIP_REQUESTS_PER_DAY",
      defaults.auditShipRequestsPerDay,
    ),
    webhookSecret:
      env.PORTAL_WEBHOOK_SECRET ??
      defaults.webhookSecret ??
      randomBytes(18).toString("base64url"),
    consentMode: bool(env, "PORTAL_CONSENT_MODE", defaults.consentMode),
    devMailbox: bool(env, "PORTAL_DEV_MAILBOX", defaults.devMailbox),
    limits: limitsFromEnv(env),
    trustProxy: trustProxyOf(env.PORTAL_TRUST_PROXY),
    requestTimeoutSeconds: integer(
      env,
      "PORTAL_REQUEST_TIMEOUT_SECONDS",
      defaults.requestTimeoutSeconds,
    ),
    staleMinutes: integer(env, "PORTAL_STALE_MINUTES", defaults.staleMinutes),
    maxConnectionsPerIp: integer(
      env,
      "PORTAL_MAX_CONNECTIONS_PER_IP",
      defaults.maxConnectionsPerIp,
    ),
    logLevel: logLevelOf(env),
    secureCookies: publicUrlParsed.protocol === "https:",
    notices: noticesOf(env, city, mailFrom),
  };
  const missing = [
    config.kintone.baseUrl ? null : "KINTONE_BASE_URL",
    config.smtp.url ? null : "PORTAL_SMTP_URL",
    ...APPS.filter((c) => !config.kintone.apps[c]).map((c) => appEnvName(c)),
    ...(["progress", "registration", "offices", "consent"] as const)
      .filter((c) => !config.kintone.tokens[c])
      .map((c) => tokenEnvName(c, "portal")),
  ].filter((m): m is string => m !== null);
  if (missing.length > 0) {
    throw new ConfigError(
      `ポータルの設定が足りません: ${missing.join("、")} を指定してください。`,
    );
  }
  const kintoneUrl = url("KINTONE_BASE_URL", config.kintone.baseUrl, [
    "https",
    "http",
  ]);
  if (kintoneUrl.protocol === "http:" && kintoneUrl.hostname !== "localhost") {
    throw new ConfigError(
      `KINTONE_BASE_URL は https:// で始めてください（http はローカルの kintone、http://localhost:ポート だけです。指定値: ${config.kintone.baseUrl}）。`,
    );
  }
  config.kintone.baseUrl = kintoneUrl.origin;
  url("PORTAL_SMTP_URL", config.smtp.url, ["smtp", "smtps"]);
  if (config.webhookSecret.length < MIN_WEBHOOK_SECRET_LENGTH) {
    throw new ConfigError(
      `PORTAL_WEBHOOK_SECRET は推測されないよう ${MIN_WEBHOOK_SECRET_LENGTH} 文字以上にしてください（今は ${config.webhookSecret.length} 文字）。`,
    );
  }
  const policy = checkPolicy({
    windowMonths: config.windowMonths,
    retentionMonths: config.windowMonths + 1,
    idleDays: config.idleDays,
  });
  if (policy.length > 0) {
    throw new ConfigError(policy.map((p) => p.message).join(" "));
  }
  if (config.devMailbox && config.secureCookies) {
    throw new ConfigError(
      "PORTAL_DEV_MAILBOX は開発用です。https で公開するポータルでは有効にできません。",
    );
  }
  return config;
};
