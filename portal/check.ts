/**
 * What `npm run portal` refuses before it starts (and `npm run portal -- --check` lists): a
 * configuration that works for the demo but is unsafe or wrong in production. One Japanese line
 * per problem, naming the variable and what to set. Malformed values are configFromEnv's to
 * refuse (portal/env.ts); this only judges values that parse.
 */
import { isIP } from "node:net";
import { tokenEnvName } from "../schemas/envNames.ts";
import { settings } from "./settings.ts";

type Env = Record<string, string | undefined>;

/** Top-level names reserved for examples and tests (RFC 2606, RFC 6761). */
const RESERVED_TLDS = ["example", "test", "invalid", "localhost"];

/** Whether an IP address is a loopback or "any" address. */
const isLocalAddress = (address: string): boolean => {
  const a = address.replace(/^\[|\]$/gu, "").toLowerCase();
  if (isIP(a) === 4) {
    return a.startsWith("127.") || a === "0.0.0.0";
  }
  return (
    isIP(a) === 6 && (a === "::1" || a === "::" || a.startsWith("::ffff:127."))
  );
};

/**
 * Whether a host name is one of the examples' (example.jp/.com/.org/.net, any label `example`,
 * a reserved top-level name) or this machine's own: never where providers reach a city's portal.
 */
export const isExampleHost = (host: string): boolean => {
  const h = host.toLowerCase().replace(/\.$/u, "");
  if (h === "" || isLocalAddress(h)) {
    return true;
  }
  const labels = h.split(".");
  return (
    labels.includes("example") ||
    labels.includes("localhost") ||
    RESERVED_TLDS.includes(labels.at(-1) ?? "")
  );
};

const value = (env: Env, name: string): string => env[name]?.trim() ?? "";

const publicUrlProblem = (env: Env): string | null => {
  const raw = value(env, "PORTAL_PUBLIC_URL");
  const what =
    "PORTAL_PUBLIC_URL には、事業所が開くポータルの https:// で始まる実際の URL（例: https://kaigo-portal.city.<市のドメイン>）を指定してください";
  if (raw === "") {
    return `${what}（未設定です）。`;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `${what}（URL として読めません）。`;
  }
  if (url.protocol !== "https:") {
    return `${what}（${url.protocol}// では、ログイン用のリンクと Cookie が暗号化されません）。`;
  }
  if (isExampleHost(url.hostname)) {
    return `${what}（${url.hostname} は例やこのコンピューターのアドレスで、事業所からは開けません）。`;
  }
  return null;
};

/** The domain of a sender such as `デモ市介護保険課 <no-reply@city.demo-shi.lg.jp>`. */
const senderDomain = (sender: string): string => {
  const address = /<([^<>]*)>\s*$/u.exec(sender)?.[1] ?? sender;
  return address.slice(address.lastIndexOf("@") + 1).trim();
};

const senderProblems = (env: Env): string[] => {
  const problems: string[] = [];
  const from = value(env, "PORTAL_MAIL_FROM");
  if (from === "") {
    problems.push(
      "PORTAL_MAIL_FROM にメールの差出人（例: 〇〇市介護保険課 <no-reply@市のドメイン>）を指定してください（未設定では例のアドレス no-reply@example.jp から送ります）。",
    );
  }
  for (const name of ["PORTAL_MAIL_FROM", "PORTAL_NOTICE_MAIL_FROM"]) {
    const sender = value(env, name);
    const domain = senderDomain(sender);
    if (sender !== "" && domain !== "" && isExampleHost(domain)) {
      problems.push(
        `${name} の差出人を市のドメインのアドレスにしてください（${domain} は例のドメインで、メールが届かないか迷惑メールになります）。`,
      );
    }
  }
  return problems;
};

/**
 * The problems of `env` for production, one line each (empty: none). Every setting the table
 * marks as required in production is checked for here or by configFromEnv; the public URL and
 * the senders are judged, and the webhook secret must be set (else each start makes a new one
 * and kintone's webhook stops reaching the portal).
 */
export const productionProblems = (env: Env): string[] => {
  const problems: string[] = [];
  const url = publicUrlProblem(env);
  if (url !== null) {
    problems.push(url);
  }
  const accessLogToken = tokenEnvName("accessLog", "portal");
  if (value(env, accessLogToken) === "") {
    problems.push(
      `${accessLogToken} に「閲覧ログ」アプリのポータル用 API トークン（レコード追加、npm run deploy が表示します）を指定してください。閲覧の記録を残せないまま公開はできません。`,
    );
  }
  problems.push(...senderProblems(env));
  if (value(env, "PORTAL_WEBHOOK_SECRET") === "") {
    problems.push(
      "PORTAL_WEBHOOK_SECRET に24文字以上の秘密の文字列（例: openssl rand -hex 24 の出力）を指定してください（未設定では起動ごとに変わり、kintone の Webhook が届かなくなります）。",
    );
  }
  if (value(env, "PORTAL_CITY_NAME") === "") {
    problems.push(
      "PORTAL_CITY_NAME に市区町村名（例: 海老名市）を指定してください（未設定では画面とメールに「デモ市」と出ます）。",
    );
  }
  return problems;
};

/** The settings production must set (the table's), as `--help` and the README list them. */
export const requiredInProduction = (): string[] =>
  settings.filter((s) => s.production).map((s) => s.name);
