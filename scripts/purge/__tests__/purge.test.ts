/**
 * Purge of old applications, in-process and as `npm run purge:progress`, against the local
 * kintone with the apps deployed by the deploy tool: closed applications by their closing date,
 * open ones never.
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
import {
  checkedRetention,
  purgeCondition,
  purgeProgress,
} from "../purgeProgress.ts";

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

/** 申請日 long before any cutoff of these tests. */
const APPLIED = "2025-01-06";

/** How an application ended: certified or withdrawn on a date, or still open. */
type Ending =
  | { certified: string }
  | { withdrawn: string }
  | { open: true; applied: string };

const fieldsOf = (e: Ending): Record<string, { value: string }> => {
  if ("certified" in e) {
    return {
      applicationDate: { value: APPLIED },
      certificationDate: { value: e.certified },
      careLevel: { value: "要介護1" },
      stage: { value: "認定済" },
    };
  }
  if ("withdrawn" in e) {
    return {
      applicationDate: { value: APPLIED },
      withdrawalDate: { value: e.withdrawn },
      stage: { value: "取下げ" },
    };
  }
  return {
    applicationDate: { value: e.applied },
    stage: { value: "申請受付" },
  };
};

/** Applications ending as given, numbered `${prefix}1…`; synthetic values only. */
const addApplications = async (prefix: string, endings: readonly Ending[]) => {
  await t.client.record.addAllRecords({
    app,
    records: endings.map((e, i) => ({
      applicationNo: { value: `${prefix}${i + 1}` },
      insuredNo: { value: "9999900001" },
      birthDate: { value: "1950-01-02" },
      applicationType: { value: "新規" },
      ...fieldsOf(e),
    })),
  });
};

/** Applications certified on the given dates. */
const certifiedOn = (dates: readonly string[]): Ending[] =>
  dates.map((certified) => ({ certified }));

const keys = async (prefix: string): Promise<string[]> =>
  [...(await readBack(t.client, app, prefix)).keys()].sort();

describe("purgeProgress", () => {
  // With today 2026-11-21 and 4 months, the cutoff is 2026-07-21: earlier closing dates go.
  // All were applied for in 2025: the closing date decides, not 申請日.
  const endings: Ending[] = [
    { certified: "2026-03-01" },
    { withdrawn: "2026-07-20" },
    { certified: "2026-07-21" },
    { withdrawn: "2026-11-01" },
    { open: true, applied: "2024-01-05" },
    { open: true, applied: "2026-07-20" },
  ];

  it("counts with dryRun and deletes nothing", async () => {
    await addApplications("P-", endings);
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
      "保存期間 4 か月（公開期間 3 か月）: 認定日・取下げ日が 2026-07-21 より前の申請 2 件（認定日・取下げ日 2026-03-01〜2026-07-20）。審査中の申請は削除しません",
      "[ドライラン] 2 件を削除します（何も削除していません）",
    ]);
    expect(await keys("P-")).toEqual([
      "P-1",
      "P-2",
      "P-3",
      "P-4",
      "P-5",
      "P-6",
    ]);
  });

  it("asks kintone for closed records only: its query never selects an open one", async () => {
    const selected = await t.client.record.getAllRecords({
      app,
      fields: ["applicationNo"],
      condition: `applicationNo like "P-" and (${purgeCondition("2099-01-01")})`,
    });
    expect(selected.map((r) => String(r.applicationNo?.value)).sort()).toEqual([
      "P-1",
      "P-2",
      "P-3",
      "P-4",
    ]);
  });

  it("deletes exactly the closed applications closed before the retention, never an open one, and nothing on a second run", async () => {
    const bars: number[] = [];
    const result = await purgeProgress({
      client: t.client,
      app,
      today: TODAY,
      progress: () => (done) => bars.push(done),
    });
    expect(result.deleted).toBe(2);
    expect(bars).toEqual([0, 2]);
    expect(await keys("P-")).toEqual(["P-3", "P-4", "P-5", "P-6"]);
    const again = await purgeProgress({ client: t.client, app, today: TODAY });
    expect(again.deleted).toBe(0);
  });

  it("takes a longer retention", async () => {
    await addApplications("L-", certifiedOn(["2026-05-20", "2026-05-21"]));
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
      certifiedOn(Array.from({ length: 2100 }, () => "2025-01-10")),
    );
    const before = requests.length;
    const result = await purgeProgress({ client: t.client, app, today: TODAY });
    // L-2 of the test before is older than the default cutoff too.
    expect(result.deleted).toBe(2101);
    expect(
      requests.slice(before).filter((r) => r.endsWith("/bulkRequest.json")),
    ).toHaveLength(2);
    expect(await keys("M-")).toEqual([]);
    expect(await keys("P-")).toEqual(["P-3", "P-4", "P-5", "P-6"]);
  });
});

describe("purgeProgress's own check", () => {
  it("deletes nothing open even when kintone answers with an open record", async () => {
    const deleted: unknown[] = [];
    const value = (v: string) => ({ value: v });
    const client = {
      record: {
        getAllRecords: async () => [
          {
            $id: value("1"),
            applicationDate: value("2020-01-06"),
            certificationDate: value(""),
            withdrawalDate: value(""),
          },
          {
            $id: value("2"),
            applicationDate: value("2020-01-06"),
            certificationDate: value("2020-02-10"),
            withdrawalDate: value(""),
          },
        ],
        deleteAllRecords: async (p: { records: unknown[] }) => {
          deleted.push(...p.records);
          return {};
        },
      },
    } as unknown as Parameters<typeof purgeProgress>[0]["client"];
    const result = await purgeProgress({ client, app: "1", today: TODAY });
    expect(result.found).toBe(1);
    expect(deleted).toEqual([{ id: "2" }]);
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
    expect(run.stdout).toContain(
      "Deletes closed applications (認定済, 取下げ) whose 認定日 or 取下げ日 is older",
    );
    expect(run.stdout).toContain("Open applications are never");
    expect(run.stdout).toContain(
      "認定日・取下げ日が 2026-07-21 より前の申請を削除します",
    );
    expect(run.stdout).toContain(
      "審査中の申請（認定日も取下げ日も\n  ないもの）は、申請日がどれほど古くても削除しません",
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
    await addApplications("C-", [
      { withdrawn: "2026-01-31" },
      { withdrawn: "2026-02-01" },
      { open: true, applied: "2025-01-06" },
    ]);
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
    expect(await keys("C-")).toEqual(["C-1", "C-2", "C-3"]);
    const real = await runPurge("--today", "2026-08-01", "--months", "6");
    expect(real.code).toBe(0);
    expect(real.stdout).toContain("削除しました: 1 件");
    expect(await keys("C-")).toEqual(["C-2", "C-3"]);
  });
});
