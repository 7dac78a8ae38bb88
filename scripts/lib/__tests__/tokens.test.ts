/**
 * The operator scripts with the API tokens the deploy tool mints (what `npm run deploy --
 * --mint-tokens` writes), no password: `npm run import:progress`, `purge:progress` and `seed` as
 * an operator runs them (child processes) against the local kintone. They say how they
 * connected, never the secret; a token without a right the script needs is refused in one
 * Japanese line naming the token and the rights; --username/--password win over the tokens.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tokenEnvName } from "../../../schemas/envNames.ts";
import type { AppCode, TokenRight } from "../../../schemas/types.ts";
import {
  useTestSandbox,
  type TestSandbox,
} from "../../../test/support/sandbox.ts";
import { runScript } from "../../../test/support/sandboxProcess.ts";
import { waitFor } from "../../../test/support/waitFor.ts";
import { deployApps } from "../../deploy/deployApps.ts";
import { mintToken, readEnvFile } from "../../deploy/tokens.ts";
import type { AppIds } from "../appsFile.ts";
import { HEADER, row } from "../../import/__tests__/rows.ts";
import { readBack } from "../../import/__tests__/deployed.ts";

const ADMIN = { username: "admin", password: "admin" };
const PROGRESS_TOKEN = tokenEnvName("progress", "scripts");

let t: TestSandbox;
let dir: string;
let appsFile: string;
let ids: AppIds;
/** The tokens the deploy tool minted, by variable name. */
let tokens: Record<string, string>;

useTestSandbox({}, async (started) => {
  t = started;
  dir = mkdtempSync(join(tmpdir(), "script-tokens-"));
  appsFile = join(dir, "kintone.apps.json");
  const file = join(dir, "tokens.env");
  ({ ids } = await deployApps({
    client: t.client,
    baseUrl: t.sandbox.url,
    appsFile,
    deployWait: { pollMs: 10 },
    mintTokens: { file, credentials: ADMIN },
  }));
  tokens = readEnvFile(file);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const appOf = (code: AppCode): string => ids[code] as string;

/** The script with the base URL and the given tokens only (runScript blanks the login). */
const runWith = (script: string, args: string[], env: Record<string, string>) =>
  runScript(script, [...args, "--apps-file", appsFile], {
    KINTONE_BASE_URL: t.sandbox.url,
    ...env,
  });

/** A token of `code`'s app with only these rights, active once the app is deployed again. */
const tokenWith = async (
  code: AppCode,
  rights: readonly TokenRight[],
): Promise<string> => {
  const app = appOf(code);
  const minted = await mintToken(t.sandbox.url, ADMIN, app, rights);
  await t.client.app.deployApp({ apps: [{ app }] });
  await waitFor(
    async () =>
      (await t.client.app.getDeployStatus({ apps: [app] })).apps[0]?.status ===
      "SUCCESS",
    60_000,
    "the app's deploy",
    10,
  );
  return minted;
};

const csv = (name: string, rows: string[][]): string => {
  const path = join(dir, name);
  writeFileSync(
    path,
    `${[HEADER, ...rows].map((r) => r.join(",")).join("\r\n")}\r\n`,
  );
  return path;
};

/** Closed applications: 認定済 on each date, applied for in 2025 (synthetic values). */
const addCertified = async (prefix: string, dates: readonly string[]) => {
  await t.client.record.addAllRecords({
    app: appOf("progress"),
    records: dates.map((d, i) => ({
      applicationNo: { value: `${prefix}${i + 1}` },
      insuredNo: { value: "9999900001" },
      birthDate: { value: "1950-01-02" },
      applicationType: { value: "新規" },
      applicationDate: { value: "2025-01-06" },
      certificationDate: { value: d },
      careLevel: { value: "要介護1" },
      stage: { value: "認定済" },
    })),
  });
};

const keys = async (prefix: string): Promise<string[]> =>
  [...(await readBack(t.client, appOf("progress"), prefix)).keys()].sort();

describe("the operator scripts with the deploy tool's API tokens", () => {
  it("import:progress adds and updates with the progress app's scripts token alone", async () => {
    const token = tokens[PROGRESS_TOKEN] as string;
    expect(token).toBeTruthy();
    const first = csv("first.csv", [
      row({ applicationNo: "T-1" }),
      row({ applicationNo: "T-2", insuredNo: "9999900002" }),
    ]);
    const run = await runWith("scripts/import.ts", [first], {
      [PROGRESS_TOKEN]: token,
    });
    expect(
      run.stderr.split("\n").filter((l) => l.startsWith("エラー")),
    ).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")[0]).toBe(
      `認定進捗（${t.sandbox.url}、アプリ ${appOf("progress")}、APIトークン（${PROGRESS_TOKEN}））に取り込みます。`,
    );
    expect(run.stdout + run.stderr).not.toContain(token);
    expect(await keys("T-")).toEqual(["T-1", "T-2"]);

    const changed = csv("changed.csv", [
      row({ applicationNo: "T-1", applicationType: "区分変更" }),
      row({ applicationNo: "T-2", insuredNo: "9999900002" }),
    ]);
    const again = await runWith("scripts/import.ts", [changed], {
      [PROGRESS_TOKEN]: token,
    });
    expect(again.code).toBe(0);
    const stored = await readBack(t.client, appOf("progress"), "T-");
    expect(stored.get("T-1")?.values.applicationType).toBe("区分変更");
  });

  it("purge:progress deletes the old closed applications with the progress app's scripts token alone", async () => {
    await addCertified("U-", ["2026-03-01", "2026-11-01"]);
    const token = tokens[PROGRESS_TOKEN] as string;
    const run = await runWith("scripts/purge.ts", ["--today", "2026-11-21"], {
      [PROGRESS_TOKEN]: token,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`APIトークン（${PROGRESS_TOKEN}）`);
    expect(run.stdout + run.stderr).not.toContain(token);
    expect(await keys("U-")).toEqual(["U-2"]);
  });

  it("a token without a right the script needs is refused in one line naming the token and its rights", async () => {
    await addCertified("V-", ["2026-03-01"]);
    const viewOnly = await tokenWith("progress", ["view"]);
    const run = await runWith("scripts/purge.ts", ["--today", "2026-11-21"], {
      [PROGRESS_TOKEN]: viewOnly,
    });
    expect(run.code).toBe(1);
    const errors = run.stderr
      .split(/[\r\n]/)
      .filter((l) => l.includes("エラー"));
    expect(errors).toEqual([
      `エラー: API トークンの権限が足りません（GAIA_NO01）: ${PROGRESS_TOKEN} に「レコード閲覧・レコード削除」の権限が必要です。kintone のアプリの設定 →「API トークン」で権限を付けて保存し、アプリを更新してください。 削除が途中で失敗しました（GAIA_NO01）。0 件は削除済みです。再実行すると残りを削除します。`,
    ]);
    expect(await keys("V-")).toEqual(["V-1"]);
  });

  it("--username/--password win over the tokens, and no token nor login is one line naming the token", async () => {
    const file = csv("dry.csv", [row({ applicationNo: "W-1" })]);
    const withLogin = await runWith(
      "scripts/import.ts",
      [file, "--dry-run", "--username", "admin", "--password", "admin"],
      { [PROGRESS_TOKEN]: tokens[PROGRESS_TOKEN] as string },
    );
    expect(withLogin.code).toBe(0);
    expect(withLogin.stdout).toContain("ユーザー admin");
    expect(withLogin.stdout).not.toContain("APIトークン");
    const none = await runWith("scripts/import.ts", [file], {});
    expect(none.code).toBe(1);
    expect(none.stderr).toBe(
      `エラー: kintone への認証情報がありません: 環境変数 ${PROGRESS_TOKEN}（運用スクリプト用 API トークン）か、KINTONE_USERNAME（--username）と KINTONE_PASSWORD（--password）を指定してください。\n`,
    );
  });

  it("seed writes the four apps with their scripts tokens sent together", async () => {
    // The registration app's scripts token with the rights schemas/apps/registration.ts grants.
    const registration = await tokenWith("registration", [
      "view",
      "add",
      "edit",
    ]);
    const codes: AppCode[] = ["offices", "progress", "registration", "consent"];
    const env = Object.fromEntries(
      codes.map((c) => [
        tokenEnvName(c, "scripts"),
        c === "registration"
          ? registration
          : (tokens[tokenEnvName(c, "scripts")] as string),
      ]),
    );
    const run = await runWith(
      "scripts/seed.ts",
      ["--today", "2026-11-21"],
      env,
    );
    expect(
      run.stderr.split("\n").filter((l) => l.startsWith("エラー")),
    ).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `APIトークン（${codes.map((c) => tokenEnvName(c, "scripts")).join("、")}）`,
    );
    for (const c of codes) {
      const { totalCount } = await t.client.record.getRecords({
        app: appOf(c),
        totalCount: true,
        query: "limit 1",
      });
      expect({ app: c, some: Number(totalCount) > 0 }).toEqual({
        app: c,
        some: true,
      });
    }
  });
});
