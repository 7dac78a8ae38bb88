/**
 * The rate-limit rules: what is counted (searches, login mails), per what (account, IP, address),
 * and how many are allowed in a sliding window. `limitsFromEnv` reads them from PORTAL_LIMIT_*.
 */
import { ConfigError } from "../configError.ts";
import { integerSetting } from "../settings.ts";

/**
 * What a rule counts: searches that ran, login-mail requests with a well-formed address, login
 * links confirmed, or any form posted without a login (whatever its route).
 */
export type LimitKind =
  "search" | "loginMail" | "loginLink" | "anonymousPost" | "signupMail";

/**
 * Per what a rule counts: the registration record id of the logged-in account, the client's IP
 * (IPv6 grouped by /64), or the emailKey() of the address a login mail was asked for.
 */
export type LimitScope = "account" | "ip" | "address";

export interface LimitRule {
  kind: LimitKind;
  scope: LimitScope;
  /** At most this many in any window of `windowSeconds` (sliding); 0 turns the rule off. */
  limit: number;
  windowSeconds: number;
}

/** A stable name for a rule (also its key in the SQLite store and in logs): "search.account.600s". */
export const ruleId = (r: LimitRule): string =>
  `${r.kind}.${r.scope}.${r.windowSeconds}s`;

const MINUTES_10 = 600;
const HOUR = 3600;
const DAY = 86_400;

interface Variable {
  name: string;
  kind: LimitKind;
  scope: LimitScope;
  windowSeconds: number;
  /** The default count: the settings table's (portal/settings.ts), which the reader uses. */
  fallback: number;
  /** How the variable reads in this folder's README (the settings table has it in Japanese). */
  meaning: string;
}

/**
 * The PORTAL_LIMIT_* variables, in README order; their defaults and range are in
 * portal/settings.ts. The search defaults let five care managers behind one office address each
 * run a 45-person month-end round with retries inside the same 10 minutes
 * (60 each, 300 together), while one account finds at most 150 of the 10^6 下6桁 numbers a day
 * (the arithmetic: README.md in this folder).
 */
const rows: ReadonlyArray<Omit<Variable, "fallback">> = [
  {
    name: "PORTAL_LIMIT_SEARCHES_PER_ACCOUNT_10MIN",
    kind: "search",
    scope: "account",
    windowSeconds: MINUTES_10,
    meaning: "searches per account in any 10 minutes",
  },
  {
    name: "PORTAL_LIMIT_SEARCHES_PER_ACCOUNT_DAY",
    kind: "search",
    scope: "account",
    windowSeconds: DAY,
    meaning: "searches per account in any 24 hours",
  },
  {
    name: "PORTAL_LIMIT_SEARCHES_PER_IP_10MIN",
    kind: "search",
    scope: "ip",
    windowSeconds: MINUTES_10,
    meaning:
      "searches per IP address in any 10 minutes (an office behind one address shares it)",
  },
  {
    name: "PORTAL_LIMIT_LOGIN_MAILS_PER_ADDRESS_HOUR",
    kind: "loginMail",
    scope: "address",
    windowSeconds: HOUR,
    meaning: "login-mail requests per address in any hour",
  },
  {
    name: "PORTAL_LIMIT_LOGIN_MAILS_PER_IP_HOUR",
    kind: "loginMail",
    scope: "ip",
    windowSeconds: HOUR,
    meaning: "login-mail requests per IP address in any hour",
  },
  {
    name: "PORTAL_LIMIT_LOGIN_LINKS_PER_IP_10MIN",
    kind: "loginLink",
    scope: "ip",
    windowSeconds: MINUTES_10,
    meaning:
      "login-link confirmations (valid or not) per IP address in any 10 minutes",
  },
  {
    name: "PORTAL_LIMIT_SIGNUP_MAILS_PER_ADDRESS_HOUR",
    kind: "signupMail",
    scope: "address",
    windowSeconds: HOUR,
    meaning: "registration-link mails per address in any hour",
  },
  {
    name: "PORTAL_LIMIT_SIGNUP_MAILS_PER_IP_HOUR",
    kind: "signupMail",
    scope: "ip",
    windowSeconds: HOUR,
    meaning: "registration-link mail requests per IP address in any hour",
  },
  {
    name: "PORTAL_LIMIT_ANONYMOUS_POSTS_PER_IP_10MIN",
    kind: "anonymousPost",
    scope: "ip",
    windowSeconds: MINUTES_10,
    meaning:
      "forms posted without a login (any page but the kintone webhook) per IP address in any 10 minutes",
  },
];

export const limitVariables: readonly Variable[] = rows.map((r) => ({
  ...r,
  fallback: integerSetting(r.name).fallback,
}));

/** The rules with their default counts (what limitsFromEnv({}) returns). */
export const defaultLimitRules = (): LimitRule[] =>
  limitVariables.map((v) => ({
    kind: v.kind,
    scope: v.scope,
    limit: v.fallback,
    windowSeconds: v.windowSeconds,
  }));

const count = (
  env: Record<string, string | undefined>,
  v: Variable,
): number => {
  const raw = env[v.name];
  if (raw === undefined || raw.trim() === "") {
    return v.fallback;
  }
  const { min, max } = integerSetting(v.name);
  const n = Number(raw.trim());
  if (
    !/^\d+$/.test(raw.trim()) ||
    !Number.isSafeInteger(n) ||
    n < min ||
    n > max
  ) {
    throw new ConfigError(
      `${v.name} には ${min}〜${max} の整数を指定してください（0 は制限なし。指定値: ${raw}）。`,
    );
  }
  return n;
};

/**
 * The rules from PORTAL_LIMIT_* (README lists them); unset or empty = the default, 0 = that rule
 * off. Rules set to 0 are left out of the result.
 */
export const limitsFromEnv = (
  env: Record<string, string | undefined>,
): LimitRule[] => {
  const counts = limitVariables.map((v) => count(env, v));
  const [per10min = 0, perDay = 0] = counts;
  if (per10min > 0 && perDay > 0 && perDay < per10min) {
    throw new ConfigError(
      `PORTAL_LIMIT_SEARCHES_PER_ACCOUNT_DAY（指定値: ${perDay}）は PORTAL_LIMIT_SEARCHES_PER_ACCOUNT_10MIN（指定値: ${per10min}）以上にしてください。`,
    );
  }
  return limitVariables
    .map((v, i) => ({
      kind: v.kind,
      scope: v.scope,
      limit: counts[i] ?? v.fallback,
      windowSeconds: v.windowSeconds,
    }))
    .filter((r) => r.limit > 0);
};
