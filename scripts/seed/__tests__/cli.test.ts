import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  useTestSandbox,
  type TestSandbox,
} from "../../../test/support/sandbox.ts";
import {
  runScript,
  type RunResult,
} from "../../../test/support/sandboxProcess.ts";
import { deployForTest } from "./deployForTest.ts";

/** `npm run seed -- …` as a child process; the in-process kintone keeps serving meanwhile. */
const runSeed = (
  args: string[],
  env: Record<string, string> = {},
): Promise<RunResult> => runScript("scripts/seed.ts", args, env);

let t: TestSandbox;
let dir: string;
let appsFile: string;
let progressApp: string;

useTestSandbox({}, async (started) => {
  t = started;
  dir = mkdtempSync(join(tmpdir(), "seed-cli-"));
  appsFile = join(dir, "apps.json");
  const ids = await deployForTest(t.client, t.sandbox.url, appsFile);
  progressApp = ids.progress;
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const kintoneEnv = () => ({
  KINTONE_BASE_URL: t.sandbox.url,
  KINTONE_USERNAME: "admin",
  KINTONE_PASSWORD: "admin",
});

const progressCount = async (): Promise<number> =>
  (await t.client.record.getAllRecords({ app: progressApp })).length;

describe("npm run seed", () => {
  it("prints its usage in Japanese and English with --help, saying the data is fake", async () => {
    const run = await runSeed(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("使い方: npm run seed");
    expect(run.stdout).toContain("Writes synthetic demo data");
    expect(run.stdout).toContain("データはすべて架空です");
    expect(run.stdout).toContain("demo@example.jp");
    for (const f of ["--seed", "--today", "--dry-run", "--apps-file"]) {
      expect(run.stdout).toContain(f);
    }
  });

  it("stops with one Japanese line and exit 1 when the app ids are missing", async () => {
    const run = await runSeed(
      ["--apps-file", join(dir, "none.json")],
      kintoneEnv(),
    );
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n")).toEqual([
      `エラー: アプリ「offices」の ID が ${join(dir, "none.json")} にありません。先に npm run deploy を実行してください。`,
    ]);
  });

  it("refuses a --today that is not a date", async () => {
    const run = await runSeed(["--today", "2026-13-01"], kintoneEnv());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("--today は YYYY-MM-DD");
  });

  it("counts without writing under --dry-run", async () => {
    const run = await runSeed(
      ["--apps-file", appsFile, "--today", "2026-05-15", "--dry-run"],
      kintoneEnv(),
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "[ドライラン] 認定進捗: 追加 207 件・変更 0 件・変更なし 0 件",
    );
    expect(await progressCount()).toBe(0);
  });

  it("writes the data, then reports no change on a second run, and names the demo login", async () => {
    const args = [
      "--apps-file",
      appsFile,
      "--today",
      "2026-05-15",
      "--seed",
      "3",
    ];
    const once = await runSeed(args, kintoneEnv());
    expect(once.code).toBe(0);
    expect(once.stdout).toContain(
      "認定進捗: 追加 207 件・変更 0 件・変更なし 0 件",
    );
    expect(once.stderr).toContain("207/207");
    expect(once.stdout).toContain(
      "デモでログインするメールアドレス: demo@example.jp",
    );
    const twice = await runSeed(args, kintoneEnv());
    expect(twice.stdout).toContain(
      "認定進捗: 追加 0 件・変更 0 件・変更なし 207 件",
    );
    expect(twice.stderr).toBe("");
    expect(await progressCount()).toBe(207);
  });
});
