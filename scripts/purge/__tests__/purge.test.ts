/**
 * Purge of old applications, in-process and as `npm run purge:progress`, against the local
 * kintone with the apps deployed by the deploy tool.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  useTestSandbox,
  type TestSandbox,
} from "../../../test/support/sandbox.ts";
import { nodeBin } from "../../../test/support/sandboxProcess.ts";
import { CliError } from "../../lib/cli.ts";
import { deployProgress, readBack } from "../../import/__tests__/deployed.ts";
import { checkedRetention, purgeProgress } from "../purgeProgress.ts";

const TODAY = "2026-11-21";

let t: TestSandbox;
let dir: string;
let appsFile: string;
let app: string;
const requests: string[] = [];

useTestSandbox(
  {
    onResponse: (method, path) => {
      requests.push(`${method} ${path}`);
    },
  },
  async (started) => {
    t = started;
    dir = mkdtempSync(join(tmpdir(), "purge-"));
    appsFile = join(dir, "apps.json");
    app = await deployProgress(t.client, t.sandbox.url, appsFile);
  },
);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Applications of the given 申請日, numbered `${prefix}1…`; synthetic values only. */
const addApplications = async (prefix: string, dates: readonly string[]) => {
  await t.client.record.addAllRecords({
    app,
    records: dates.map((d, i) => ({
      applicationNo: { value: `${prefix}${i + 1}` },
      insuredNo: { value: "9999900001" },
      birthDate: { value: "1950-01-02" },
      applicationDate: { value: d },
      applicationType: { value: "新規" },
      stage: { value: "申請受付" },
    })),
  });
};

const keys = async (prefix: string): Promise<string[]> =>
  [...(await readBack(t.client, app, prefix)).keys()].sort();

describe("purgeProgress", () => {
  // With today 2026-11-21 and 4 months, the cutoff is 2026-07-21: earlier dates go.
  const dates = ["2026-03-01", "2026-07-20", "2026-07-21", "2026-11-01"];

  it("counts with dryRun and deletes nothing", async () => {
    await addApplications("P-", dates);
    const before = requests.length;
    const lines: string[] = [];
    const result = await purgeProgress({
      client: t.client,
      app,
      today: TODAY,
      dryRun: true,
      log: (l) => lines.push(l),
    });
    expect(result).toEqual({
      cutoff: "2026-07-21",
      retentionMonths: 4,
      found: 2,
      deleted: 0,
      range: { from: "2026-03-01", to: "2026-07-20" },
    });
    expect(requests.slice(before).every((r) => r.startsWith("GET "))).toBe(
      true,
    );
    expect(lines).toEqual([
      "保存期間 4 か月（公開期間 3 か月）: 申請日が 2026-07-21 より前の申請 2 件（申請日 2026-03-01〜2026-07-20）",
      "[ドライラン] 2 件を削除します（何も削除していません）",
    ]);
    expect(await keys("P-")).toEqual(["P-1", "P-2", "P-3", "P-4"]);
  });

  it("deletes exactly the applications older than the retention, and nothing on a second run", async () => {
    const bars: number[] = [];
    const result = await purgeProgress({
      client: t.client,
      app,
      today: TODAY,
      progress: () => (done) => bars.push(done),
    });
    expect(result.deleted).toBe(2);
    expect(bars).toEqual([0, 2]);
    expect(await keys("P-")).toEqual(["P-3", "P-4"]);
    const again = await purgeProgress({ client: t.client, app, today: TODAY });
    expect(again.deleted).toBe(0);
  });

  it("takes a longer retention", async () => {
    await addApplications("L-", ["2026-05-20", "2026-05-21"]);
    const result = await purgeProgress({
      client: t.client,
      app,
      today: TODAY,
      retentionMonths: 6,
    });
    expect(result.cutoff).toBe("2026-05-21");
    expect(await keys("L-")).toEqual(["L-2"]);
  });

  it("deletes in bulk, 2,000 records per request", async () => {
    await addApplications(
      "M-",
      Array.from({ length: 2100 }, () => "2025-01-10"),
    );
    const before = requests.length;
    const result = await purgeProgress({ client: t.client, app, today: TODAY });
    // L-2 of the test before is older than the default cutoff too.
    expect(result.deleted).toBe(2101);
    expect(
      requests.slice(before).filter((r) => r.endsWith("/bulkRequest.json")),
    ).toHaveLength(2);
    expect(await keys("M-")).toEqual([]);
  });
});

describe("checkedRetention", () => {
  it("defaults to the window plus one month", () => {
    expect(checkedRetention(3, undefined)).toBe(4);
    expect(checkedRetention(6, undefined)).toBe(7);
  });

  it("refuses a retention shorter than the window", () => {
    expect(() => checkedRetention(3, 2)).toThrow(
      new CliError(
        "保存期間（2か月）が公開期間（3か月）より短いと、公開中の申請が削除されます。公開期間以上にしてください。",
      ),
    );
  });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const runPurge = (...args: string[]): Promise<Run> =>
  new Promise((resolve) => {
    const child = spawn(
      nodeBin,
      ["scripts/purge.ts", ...args, "--apps-file", appsFile],
      {
        cwd: process.cwd(),
        env: {
          ...process.env,
          KINTONE_BASE_URL: t.sandbox.url,
          KINTONE_USERNAME: "admin",
          KINTONE_PASSWORD: "admin",
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => {
      stdout += s;
    });
    child.stderr.setEncoding("utf8").on("data", (s: string) => {
      stderr += s;
    });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });

describe("npm run purge:progress", () => {
  it("prints its usage in Japanese with the English gist", async () => {
    const run = await runPurge("--help");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("使い方: npm run purge:progress");
    expect(run.stdout).toContain("Deletes applications whose 申請日 is older");
    expect(run.stdout).toContain(
      "申請日が 2026-07-21 より前の申請を削除します",
    );
    for (const f of ["--months", "--window", "--today", "--dry-run"]) {
      expect(run.stdout).toContain(f);
    }
  });

  it.each([
    [
      ["--months", "2"],
      "エラー: 保存期間（2か月）が公開期間（3か月）より短いと、公開中の申請が削除されます。公開期間以上にしてください。\n",
    ],
    [
      ["--window", "6", "--months", "5"],
      "エラー: 保存期間（5か月）が公開期間（6か月）より短いと、公開中の申請が削除されます。公開期間以上にしてください。\n",
    ],
    [
      ["--months", "four"],
      "エラー: --months は1〜120の整数で指定してください（指定: four）。\n",
    ],
    [
      ["--today", "2026/11/21"],
      "エラー: --today は YYYY-MM-DD の形の日付で指定してください（指定: 2026/11/21）。\n",
    ],
    [
      ["old.csv"],
      "エラー: 余分な引数があります: old.csv（npm run purge:progress -- --help で使い方を表示します）\n",
    ],
  ])("refuses %j in one Japanese line", async (args, line) => {
    const run = await runPurge(...args);
    expect(run).toEqual({ code: 1, stdout: "", stderr: line });
  });

  it("purges with --today and --months, after a dry run that deletes nothing", async () => {
    await addApplications("C-", ["2026-01-31", "2026-02-01"]);
    const dry = await runPurge(
      "--today",
      "2026-08-01",
      "--months",
      "6",
      "--dry-run",
    );
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(
      "[ドライラン] 1 件を削除します（何も削除していません）",
    );
    expect(await keys("C-")).toEqual(["C-1", "C-2"]);
    const real = await runPurge("--today", "2026-08-01", "--months", "6");
    expect(real.code).toBe(0);
    expect(real.stdout).toContain("削除しました: 1 件");
    expect(await keys("C-")).toEqual(["C-2"]);
  });
});
