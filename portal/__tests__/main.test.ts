/**
 * `npm run portal -- --check` (portal/main.ts, as deployed): every problem of a production
 * configuration on its own line and exit code 1, or one OK line and exit code 0 without starting
 * anything. The same refusal stops `npm run portal` before it starts.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { soundProductionEnv } from "./productionEnv.ts";

const main = join(import.meta.dirname, "..", "main.ts");

const sound: Record<string, string> = { ...soundProductionEnv };

const run = (args: string[], env: Record<string, string>) => {
  const r = spawnSync(process.execPath, [main, ...args], {
    // Only these variables: none of the machine's own PORTAL_* or KINTONE_*.
    env: { PATH: process.env.PATH ?? "", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

it("--check passes a sound configuration with one line, starting nothing", () => {
  const r = run(["--check"], sound);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  expect(r.stdout).toBe(
    "設定に問題はありません（本番の確認をすべて通りました）。ポータルは起動していません。\n",
  );
});

it("--check lists every problem on its own line, naming the variables and no secret", () => {
  const { PORTAL_WEBHOOK_SECRET: _secret, ...rest } = sound;
  const r = run(["--check"], {
    ...rest,
    PORTAL_PUBLIC_URL: "http://localhost:3000",
    PORTAL_MAIL_FROM: "介護保険課 <no-reply@example.jp>",
    PORTAL_PAGE_SIZE: "1000",
  });
  expect(r.status).toBe(1);
  expect(r.stdout).toBe("");
  const lines = r.stderr.trimEnd().split("\n");
  expect(lines.map((l) => /[A-Z_]{6,}/u.exec(l)?.[0])).toEqual([
    "PORTAL_PAGE_SIZE",
    "PORTAL_PUBLIC_URL",
    "PORTAL_MAIL_FROM",
    "PORTAL_WEBHOOK_SECRET",
  ]);
  for (const line of lines) {
    expect(line).toMatch(/^エラー: /u);
    expect(line).not.toContain("token-value");
  }
});

it("refuses to start, before listening, with the same lines", () => {
  const r = run([], {
    ...sound,
    PORTAL_PUBLIC_URL: "https://portal.example.jp",
  });
  expect(r.status).toBe(1);
  expect(r.stdout).toBe("");
  expect(r.stderr).toMatch(
    /^エラー: PORTAL_PUBLIC_URL には.*事業所からは開けません/u,
  );
});
