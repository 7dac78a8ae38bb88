/**
 * API tokens. kintone has no REST API to create them: on a real kintone a person generates each
 * one in the app's settings (then updates the app) and gives it to the deploy tool in the
 * environment, which checks that it works on its app. The local kintone has a sandbox-only API
 * (POST /k/v1/sandbox/token.json) with which `--mint-tokens` creates them and writes them to
 * a file of env lines. The names: KINTONE_TOKEN_<APP>_<CONSUMER>, e.g.
 * KINTONE_TOKEN_ACCESS_LOG_PORTAL.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { createKintoneClient } from "../../kintone/client.ts";
import type {
  AppCode,
  AppSchema,
  Consumer,
  TokenRight,
} from "../../schemas/types.ts";
import { tokenEnvName } from "../../schemas/envNames.ts";
import type { AppIds } from "../lib/appsFile.ts";
import { CliError, rightsText } from "../lib/cli.ts";
import { kintoneErrorOf } from "./apply.ts";

const RIGHT_ORDER: readonly TokenRight[] = [
  "view",
  "add",
  "edit",
  "delete",
  "manage",
];

export const CONSUMER_LABELS: Record<Consumer, string> = {
  portal: "ポータル",
  signup: "ポータルの利用登録申請（追加のみ）",
  scripts: "運用スクリプト",
};

export { tokenEnvName };

export interface TokenNeed {
  code: AppCode;
  appName: string;
  consumer: Consumer;
  rights: TokenRight[];
  envName: string;
}

/** Every token the schemas declare: one per app and consumer, with its rights. */
export const tokenNeeds = (schemas: readonly AppSchema[]): TokenNeed[] =>
  schemas.flatMap((s) =>
    (Object.keys(s.tokens) as Consumer[]).map((consumer) => ({
      code: s.code,
      appName: s.name,
      consumer,
      rights: RIGHT_ORDER.filter((r) => s.tokens[consumer]?.[r] === true),
      envName: tokenEnvName(s.code, consumer),
    })),
  );

export type TokenState = "ok" | "missing" | "invalid" | "minted";

const STATE_LABELS: Record<TokenState, string> = {
  ok: "確認済み",
  missing: "未設定",
  invalid: "無効（このアプリで使えません）",
  minted: "作成済み",
};

/** Whether a token works on its app: GET app.json with it (any right of that app suffices). */
export const tokenWorks = async (
  baseUrl: string,
  app: string,
  token: string,
): Promise<boolean> => {
  const client = createKintoneClient(baseUrl, { apiToken: token });
  try {
    await client.app.getApp({ id: app });
    return true;
  } catch (e) {
    if (kintoneErrorOf(e)) {
      return false;
    }
    throw e;
  }
};

/** Checks each needed token found in `env`; tokens of apps without an id are "missing". */
export const checkTokens = async (
  baseUrl: string,
  needs: readonly TokenNeed[],
  ids: AppIds,
  env: Record<string, string | undefined>,
): Promise<Map<string, TokenState>> => {
  const states = new Map<string, TokenState>();
  for (const need of needs) {
    const token = env[need.envName];
    const app = ids[need.code];
    if (!token || !app) {
      states.set(need.envName, "missing");
    } else {
      const ok = await tokenWorks(baseUrl, app, token);
      states.set(need.envName, ok ? "ok" : "invalid");
    }
  }
  return states;
};

/** East Asian wide characters count twice, so columns line up in a terminal. */
const width = (s: string): number =>
  [...s].reduce((n, ch) => n + ((ch.codePointAt(0) ?? 0) > 0x2e80 ? 2 : 1), 0);

const pad = (s: string, w: number): string =>
  s + " ".repeat(Math.max(0, w - width(s)));

/** The table of tokens to create: app, consumer, rights, variable name, and state if known. */
export const formatTokenTable = (
  needs: readonly TokenNeed[],
  ids: AppIds,
  states: ReadonlyMap<string, TokenState>,
): string[] => {
  const head = ["アプリ", "利用者", "必要な権限", "環境変数", "状態"];
  const rows = needs.map((n) => [
    `${n.appName}${ids[n.code] ? `（ID ${ids[n.code]}）` : ""}`,
    CONSUMER_LABELS[n.consumer],
    rightsText(n.rights),
    n.envName,
    STATE_LABELS[states.get(n.envName) ?? "missing"],
  ]);
  const widths = head.map((h, i) =>
    Math.max(width(h), ...rows.map((r) => width(r[i] ?? ""))),
  );
  const line = (cells: string[]) =>
    `  ${cells.map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i] ?? 0))).join("  ")}`;
  return [
    "API トークン（アプリと利用者ごとに1つ。kintone ではアプリの設定 →「API トークン」で生成し、権限を付けて保存し、アプリを更新してください）:",
    line(head),
    ...rows.map(line),
  ];
};

/** KEY=VALUE lines of an env file (blank lines and # comments skipped). */
export const readEnvFile = (path: string): Record<string, string> => {
  if (!existsSync(path)) {
    return {};
  }
  return Object.fromEntries(
    readFileSync(path, "utf8")
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== "" && !l.startsWith("#") && l.includes("="))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
};

/** Writes the tokens as env lines, readable by the owner only. */
export const writeEnvFile = (
  path: string,
  values: Record<string, string>,
): void => {
  const lines = Object.entries(values).map(([k, v]) => `${k}=${v}`);
  writeFileSync(
    path,
    `# API tokens of the local kintone, written by npm run deploy -- --mint-tokens\n${lines.join("\n")}\n`,
    { mode: 0o600 },
  );
  chmodSync(path, 0o600);
};

export interface Credentials {
  username: string;
  password: string;
}

/**
 * Creates a token on the local kintone (sandbox-only API; active after the app's next deploy).
 * A kintone without that API (a real one) gives a clear error.
 */
export const mintToken = async (
  baseUrl: string,
  credentials: Credentials,
  app: string,
  rights: readonly TokenRight[],
): Promise<string> => {
  const res = await fetch(`${baseUrl}/k/v1/sandbox/token.json`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Cybozu-Authorization": Buffer.from(
        `${credentials.username}:${credentials.password}`,
      ).toString("base64"),
    },
    body: JSON.stringify({
      app,
      rights: Object.fromEntries(
        RIGHT_ORDER.map((r) => [r, rights.includes(r)]),
      ),
    }),
  });
  const body = (await res.json().catch(() => ({}))) as { token?: unknown };
  if (!res.ok || typeof body.token !== "string") {
    throw new CliError(
      res.status === 404
        ? "この kintone では API トークンを作れません（--mint-tokens はローカルの kintone 専用です）。kintone の画面で作成し、環境変数に設定してください。"
        : `API トークンを作れませんでした（HTTP ${res.status}）。管理者のユーザーで実行してください。`,
    );
  }
  return body.token;
};
