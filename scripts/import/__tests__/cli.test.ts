/**
 * `npm run import:progress` as a child process against the in-process local kintone: help,
 * one-line errors, the exact report of a bad file, and kill -9 in the middle of an import.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KintoneRestAPIClient } from "@kintone/rest-api-client";
import { startSandbox } from "../../../sandbox/index.ts";
import {
  useTestSandbox,
  type TestSandbox,
} from "../../../test/support/sandbox.ts";
import { nodeBin } from "../../../test/support/sandboxProcess.ts";
import { importProgress } from "../importProgress.ts";
import {
  csvText,
  encodeCsv,
  exportBytes,
  generateExport,
} from "../sampleExport.ts";
import { deployProgress, readBack } from "./deployed.ts";
import { HEADER, row } from "./rows.ts";

interface Run {
  code: number | string | null;
  stdout: string;
  stderr: string;
}

let t: TestSandbox;
let dir: string;
let appsFile: string;
let app: string;
/** Called with each bulkRequest the sandbox answers. */
let onBulk: () => void = () => undefined;

useTestSandbox(
  {
    onResponse: (_method, path) => {
      if (path.endsWith("/bulkRequest.json")) {
        onBulk();
      }
    },
  },
  async (started) => {
    t = started;
    dir = mkdtempSync(join(tmpdir(), "import-cli-"));
    appsFile = join(dir, "apps.json");
    app = await deployProgress(t.client, t.sandbox.url, appsFile);
  },
);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const start = (args: string[]): { child: ChildProcess; done: Promise<Run> } => {
  const child = spawn(nodeBin, ["scripts/import.ts", ...args], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      KINTONE_BASE_URL: t.sandbox.url,
      KINTONE_USERNAME: "admin",
      KINTONE_PASSWORD: "admin",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (s: string) => {
    stdout += s;
  });
  child.stderr?.setEncoding("utf8").on("data", (s: string) => {
    stderr += s;
  });
  const done = new Promise<Run>((resolve) => {
    child.on("close", (code, signal) =>
      resolve({ code: code ?? signal, stdout, stderr }),
    );
  });
  return { child, done };
};

const runImport = (...args: string[]): Promise<Run> =>
  start([...args, "--apps-file", appsFile]).done;

const file = (name: string, bytes: Uint8Array): string => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};

describe("npm run import:progress", () => {
  it("prints its usage in Japanese with the English gist", async () => {
    const run = await runImport("--help");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "使い方: npm run import:progress -- <ファイル.csv>",
    );
    expect(run.stdout).toContain("Imports the core system's CSV export");
    for (const f of [
      "--encoding",
      "--mapping",
      "--report",
      "--skip-invalid",
      "--dry-run",
    ]) {
      expect(run.stdout).toContain(f);
    }
  });

  it.each([
    [["nope.csv"], "エラー: ファイル nope.csv がありません。\n"],
    [
      ["x.csv", "--encoding", "euc-jp"],
      "エラー: --encoding に「euc-jp」は指定できません。utf-8、cp932（shift_jis）、auto のどれかを指定してください。\n",
    ],
    [
      ["x.csv", "--force"],
      "エラー: 不明なオプションです: --force（npm run import:progress -- --help で使い方を表示します）\n",
    ],
    [
      [],
      "エラー: 取り込む CSV ファイルを指定してください（例: npm run import:progress -- 進捗.csv）。\n",
    ],
  ])("refuses %j in one Japanese line", async (args, line) => {
    const run = await runImport(...args);
    expect(run).toEqual({ code: 1, stdout: "", stderr: line });
  });

  it("writes the exact report of a file with bad rows, and nothing to kintone", async () => {
    const rows = [
      row({ applicationNo: "C-1" }),
      row({ applicationNo: "C-2", insuredNo: "99999123" }),
      row({ applicationNo: "C-3", birthDate: "昭和64年1月8日" }),
      row({
        applicationNo: "C-4",
        applicationDate: "2026/10/10",
        certificationDate: "2026/10/1",
        careLevel: "要介護1",
      }),
      row({ applicationNo: "C-5", applicationType: "再申請" }),
      row({ applicationNo: "C-6" }).slice(0, -1),
      row({ applicationNo: "C-1", doctorOpinionRequestDate: "R8.9.30" }),
    ];
    const input = file("bad.csv", encodeCsv(csvText(HEADER, rows), "cp932"));
    const report = join(dir, "bad-report.csv");
    const run = await runImport(input, "--report", report);
    expect(run.code).toBe(1);
    expect(readFileSync(report, "utf8")).toBe(
      [
        "\uFEFF行,列,種別,内容",
        "2,申請番号,エラー,申請番号「C-1」が8行目にもあります。1件の申請は1行にしてください。",
        "3,被保険者番号,エラー,被保険者番号は10桁で入力してください（入力は8桁）。",
        "4,生年月日,エラー,生年月日の昭和64年1月8日は存在しません（昭和は昭和64年1月7日まで）。1989年1月8日は平成元年1月8日です。",
        "5,認定日,エラー,認定日（2026-10-01）が申請日（2026-10-10）より前です。日付をお確かめください。",
        "6,申請区分,エラー,申請区分「再申請」は使えません。新規・更新・区分変更・職権・転入、またはコード1〜5で入力してください。",
        "7,担当事業所番号,エラー,この行は列が足りません（見出しは18列、この行は17列）。区切りのカンマや改行がずれていないかお確かめください。",
        "8,申請番号,エラー,申請番号「C-1」が2行目にもあります。1件の申請は1行にしてください。",
        "8,主治医意見書依頼日,警告,主治医意見書依頼日（2026-09-30）が申請日（2026-10-01）より前です。日付をお確かめください。",
        "",
      ].join("\r\n"),
    );
    expect(run.stdout).toBe(
      [
        "読み込み: Shift_JIS（CP932）、7 行（見出しを除く）",
        "検査: 7 行のうち 正常 0 行・エラー 7 行（警告 1 件）",
        "  2行目 申請番号: 申請番号の重複（エラー）",
        "  3行目 被保険者番号: 桁数・文字数（エラー）",
        "  4行目 生年月日: 元号の範囲外（エラー）",
        "  5行目 認定日: 日付の順序（エラー）",
        "  6行目 申請区分: 使えない区分（エラー）",
        "  7行目 担当事業所番号: 列の数（エラー）",
        "  8行目 申請番号: 申請番号の重複（エラー）",
        "  8行目 主治医意見書依頼日: 日付の順序（警告）",
        `検査結果（8 件）を ${report} に書きました。`,
        "",
      ].join("\n"),
    );
    expect(run.stderr).toBe(
      "エラー: エラーのある行が 7 行あるため、取り込みを中止しました（何も書き込んでいません）。直してから再実行するか、--skip-invalid で正常な行だけを取り込んでください。\n",
    );
    expect((await readBack(t.client, app, "C-")).size).toBe(0);
  });

  it("names a missing column, in the error and in a text report", async () => {
    const header = HEADER.filter((h) => h !== "被保険者番号");
    const input = file(
      "nocolumn.csv",
      encodeCsv(csvText(header, [["N-1"]]), "cp932"),
    );
    const report = join(dir, "nocolumn.txt");
    const run = await runImport(input, "--report", report);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "エラー: CSV の見出しが対応表と合いません: 列「被保険者番号」がありません。見出しの行を確かめるか、--mapping の対応表を直してください。\n",
    );
    expect(readFileSync(report, "utf8")).toBe(
      "1行目 被保険者番号【エラー】列「被保険者番号」（被保険者番号）がありません。見出しの行を確かめるか、--mapping の対応表を直してください。\n",
    );
  });

  it("reports counts with --dry-run and writes nothing, then imports", async () => {
    const table = generateExport({
      rows: 30,
      today: "2026-11-21",
      prefix: "R-",
    });
    const input = file("ok.csv", exportBytes(table, "utf8"));
    const dry = await runImport(input, "--dry-run");
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(
      "[ドライラン] 追加 30 件・変更 0 件・変更なし 0 件（何も書き込んでいません）",
    );
    expect((await readBack(t.client, app, "R-")).size).toBe(0);
    const real = await runImport(input);
    expect(real.code).toBe(0);
    expect(real.stdout).toContain(
      "取り込みました: 追加 30 件・変更 0 件・変更なし 0 件",
    );
    expect(real.stderr).toContain("認定進捗に書き込み中 [");
    expect((await readBack(t.client, app, "R-")).size).toBe(30);
  });
});

describe("kill -9 in the middle of an import", () => {
  const ROWS = 2600;
  const table = generateExport({
    rows: ROWS,
    today: "2026-11-21",
    prefix: "K-",
  });

  /** The end state of an uninterrupted import, in a kintone of its own. */
  const uninterrupted = async () => {
    const other = await startSandbox({ port: 0, dataDir: null });
    try {
      const client = new KintoneRestAPIClient({
        baseUrl: other.url,
        auth: { username: "admin", password: "admin" },
      });
      const otherApp = await deployProgress(
        client,
        other.url,
        join(dir, "other-apps.json"),
      );
      await importProgress({
        client,
        app: otherApp,
        bytes: exportBytes(table),
      });
      const stored = await readBack(client, otherApp, "K-");
      return new Map([...stored].map(([k, v]) => [k, v.values]));
    } finally {
      await other.close();
    }
  };

  it("finishes on the next run with the same data as an uninterrupted run", async () => {
    const input = file("kill.csv", exportBytes(table));
    const killed = start([input, "--apps-file", appsFile]);
    onBulk = () => {
      onBulk = () => undefined;
      killed.child.kill("SIGKILL");
    };
    expect((await killed.done).code).toBe("SIGKILL");
    const partial = Number(
      (
        await t.client.record.getRecords({
          app,
          query: 'applicationNo like "K-" limit 1',
          totalCount: true,
        })
      ).totalCount,
    );
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(ROWS);

    const again = await runImport(input);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(
      `取り込みました: 追加 ${ROWS - partial} 件・変更 0 件・変更なし ${partial} 件`,
    );
    const finished = await readBack(t.client, app, "K-");
    expect(new Map([...finished].map(([k, v]) => [k, v.values]))).toEqual(
      await uninterrupted(),
    );
  });
});
