/** `node scripts/deploy.ts` as an operator runs it (what `npm run deploy` does). */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox, type Sandbox } from "../../../sandbox/index.ts";

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment without any KINTONE_* variable, plus `extra`. */
const envWith = (extra: Record<string, string>): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith("KINTONE_")),
  ),
  NO_PROXY: "localhost",
  ...extra,
});

const runDeploy = (
  args: string[],
  extra: Record<string, string> = {},
): Promise<Run> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["scripts/deploy.ts", ...args], {
      cwd: process.cwd(),
      env: envWith(extra),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => {
      stdout += s;
    });
    child.stderr.setEncoding("utf8").on("data", (s: string) => {
      stderr += s;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });

let sandbox: Sandbox;
let tmp: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, dataDir: null });
  tmp = mkdtempSync(join(tmpdir(), "deploy-cli-"));
});

afterAll(async () => {
  await sandbox.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe("npm run deploy", () => {
  it("prints its usage, the flags and the token variable names with --help, exit 0", async () => {
    const { code, stdout } = await runDeploy(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("使い方: npm run deploy");
    for (const text of [
      "--dry-run",
      "--allow-data-loss",
      "--apps-file",
      "--mint-tokens",
      "--staff",
      "KINTONE_STAFF",
      "group:<グループコード>",
      "KINTONE_BASE_URL",
      "KINTONE_TOKEN_PROGRESS_PORTAL",
      "KINTONE_TOKEN_ACCESS_LOG_SCRIPTS",
    ]) {
      expect(stdout).toContain(text);
    }
  });

  it("says in one Japanese line what connection info is missing, exit 1", async () => {
    const { code, stdout, stderr } = await runDeploy([]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      "エラー: kintone への接続情報が足りません: KINTONE_BASE_URL（--base-url）、KINTONE_USERNAME（--username）、KINTONE_PASSWORD（--password） を指定してください。\n",
    );
  });

  it("refuses an unknown option in one line, exit 1", async () => {
    const { code, stderr } = await runDeploy(["--dryrun"]);
    expect(code).toBe(1);
    expect(stderr).toContain("不明なオプションです: --dryrun");
  });

  it("says in one line that kintone cannot be reached, exit 1", async () => {
    const { code, stderr } = await runDeploy([], {
      KINTONE_BASE_URL: "http://localhost:1",
      KINTONE_USERNAME: "admin",
      KINTONE_PASSWORD: "admin",
    });
    expect(code).toBe(1);
    expect(stderr).toBe(
      "エラー: kintone（http://localhost:1）に接続できません（ECONNREFUSED）。KINTONE_BASE_URL とネットワーク・プロキシの設定を確認してください。\n",
    );
  });

  it("refuses a staff entity it cannot read in one Japanese line, exit 1", async () => {
    const { code, stdout, stderr } = await runDeploy([], {
      KINTONE_STAFF: "ninteigakari",
    });
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      "エラー: 職員の指定「ninteigakari」が読めません。--staff（または KINTONE_STAFF）には group:<グループコード>、organization:<組織コード>、user:<ログイン名> のどれかを指定してください。\n",
    );
  });

  it("deploys to a local kintone, printing the plan per app and what it applied", async () => {
    const { code, stdout, stderr } = await runDeploy(
      ["--apps-file", join(tmp, "kintone.apps.json")],
      {
        KINTONE_BASE_URL: sandbox.url,
        KINTONE_USERNAME: "admin",
        KINTONE_PASSWORD: "admin",
        KINTONE_STAFF: "group:ninteigakari",
      },
    );
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("【事業所マスタ】");
    expect(lines).toContain("  + フィールド追加: officeNo（事業所番号）");
    expect(lines).toContain(
      "  ~ アプリのアクセス権 変更: 管理者 group:Administrators（アプリ管理・閲覧・追加・編集・削除・ファイルから読み込む・ファイルに書き出す）、職員（認定係） group:ninteigakari（閲覧・ファイルに書き出す）、全員 group:everyone（なし）",
    );
    expect(lines).toContain("【閲覧ログ】");
    expect(lines).toContain("反映しました: 【認定進捗】（アプリ ID 4）");
    expect(lines.at(-1)).toBe("5 個のアプリを反映しました。");
  });
});
