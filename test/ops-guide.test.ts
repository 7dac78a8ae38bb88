/**
 * Walks docs/運用ガイド.md: its marked steps, taken from the guide itself and run in order as
 * child processes against a local kintone, with the city's example values (kintone URL, folders,
 * the administrator, the tokens clicked in kintone) replaced by the local ones. The tokens are
 * minted by the guide's own deploy step with `--mint-tokens` added, where a city clicks them.
 *
 * The backup step needs the sqlite3 command; without it, that step is skipped and says why.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { IsoDate } from "../domain/date.ts";
import { startSandbox, type Sandbox } from "../sandbox/index.ts";
import { exportBytes, generateExport } from "../scripts/import/sampleExport.ts";
import {
  fillEnvFile,
  guideBlocks,
  readEnvFile,
  runShell,
  stopShell,
  substitute,
  type GuideBlock,
  type ShellRun,
} from "./support/opsGuide.ts";
import { waitFor } from "./support/waitFor.ts";

const root = process.cwd();
const guide = readFileSync(join(root, "docs", "運用ガイド.md"), "utf8");
const blocks = guideBlocks(guide);

/** The steps the guide must keep, in its order (files as `file:<path>`). */
const EXPECTED_ORDER = [
  "help",
  "session",
  "deploy-plan",
  "deploy",
  "file:/etc/kaigo-nintei/scripts.env",
  "file:/etc/kaigo-nintei/portal.env",
  "deploy-again",
  "session",
  "upload-customize",
  "plugin-key",
  "build-plugin",
  "upload-plugin",
  "file:/etc/kaigo-nintei/portal.env",
  "check",
  "check-refused",
  "portal-run",
  "healthz",
  "webhook",
  "import",
  "purge",
  "cleanup",
  "cron",
  "backup",
];

const IMPORT_ROWS = 50;

/** Files the build steps record their figures in: restored after the walk. */
const RECORDED = ["plugin.json", "customize.json"].map((f) =>
  join(root, "bench", "results", f),
);
const recorded = new Map<string, string>();

let sandbox: Sandbox;
let tmp: string;
let portalPort: number;
let portal: ShellRun | undefined;
/** The administrator's shell of each section (its `session` step). */
const sessions = new Map<string, string>();

const freePort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve()),
  );
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
};

/** The test machine's environment without its own kintone or portal settings. */
const childEnv = (): NodeJS.ProcessEnv =>
  Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^(KINTONE_|PORTAL_|SANDBOX_)/.test(k),
    ),
  );

/** The city's example values → this test's. */
const localValues = (): Array<[string, string]> => [
  ["/opt/kaigo-nintei", root],
  ["/etc/kaigo-nintei", join(tmp, "etc")],
  ["/var/lib/kaigo-nintei", join(tmp, "var")],
  ["/var/backups/kaigo-nintei", join(tmp, "backups")],
  ["/var/log/kaigo-nintei", join(tmp, "log")],
  ["https://kintone.example.lg.jp", sandbox.url],
  ["KINTONE_USERNAME=kintone-admin", "KINTONE_USERNAME=admin"],
  ["127.0.0.1:3000", `127.0.0.1:${portalPort}`],
  // No TLS proxy here: kintone's webhook URL reaches the portal directly.
  [
    "https://portal.example.lg.jp/hooks/",
    `http://127.0.0.1:${portalPort}/hooks/`,
  ],
  // The portal refuses the guide's example domain as its public URL and sender (rightly): a
  // city's own domain stands in. Nothing connects to it (SMTP is not used by these steps).
  ["example.lg.jp", "city.demo-shi.lg.jp"],
  // The test runs as the data's owner.
  ["sudo ", ""],
];

const local = (text: string): string => substitute(text, localValues());

/** What the reader puts in the files instead of the guide's placeholders. */
const fileValues = (): Record<string, string> => {
  const apps = JSON.parse(
    readFileSync(join(tmp, "etc", "kintone.apps.json"), "utf8"),
  ) as Record<string, Record<string, string>>;
  const ids = apps[sandbox.url] ?? {};
  const appVars = {
    KINTONE_APP_PROGRESS: ids.progress,
    KINTONE_APP_REGISTRATION: ids.registration,
    KINTONE_APP_OFFICES: ids.offices,
    KINTONE_APP_CONSENT: ids.consent,
    KINTONE_APP_ACCESS_LOG: ids.accessLog,
  };
  return {
    ...readEnvFile(readFileSync(join(tmp, "minted.env"), "utf8")),
    ...(Object.fromEntries(
      Object.entries(appVars).filter(([, v]) => v !== undefined),
    ) as Record<string, string>),
    PORTAL_PORT: String(portalPort),
    PORTAL_WEBHOOK_SECRET: randomBytes(24).toString("hex"),
  };
};

const blockAt = (index: number): GuideBlock => {
  const block = blocks[index];
  if (!block) {
    throw new Error(`the guide has no step ${index + 1}`);
  }
  return block;
};

/** The script a step runs: its section's session first, the guide's values replaced. */
const scriptOf = (block: GuideBlock, extra = ""): string => {
  const session = sessions.get(block.section);
  const body = extra
    ? block.body.replace(/^(npm run .*)$/m, `$1${extra}`)
    : block.body;
  return local(session ? `${session}\n${body}` : body);
};

const run = async (
  block: GuideBlock,
  extra = "",
): Promise<{ code: number | string; stdout: string; stderr: string }> => {
  const r = runShell(scriptOf(block, extra), {
    cwd: root,
    env: childEnv(),
    stdin: "admin\n",
  });
  const code = await r.exited;
  return { code, stdout: r.stdout(), stderr: r.stderr() };
};

const expectOk = (r: { code: number | string; stderr: string }): void => {
  expect({ code: r.code, stderr: r.code === 0 ? "" : r.stderr }).toEqual({
    code: 0,
    stderr: "",
  });
};

beforeAll(async () => {
  for (const file of RECORDED.filter((f) => existsSync(f))) {
    recorded.set(file, readFileSync(file, "utf8"));
  }
  tmp = mkdtempSync(join(tmpdir(), "ops-guide-"));
  for (const dir of ["etc", "var/portal", "var/import", "backups", "log"]) {
    mkdirSync(join(tmp, dir), { recursive: true });
  }
  sandbox = await startSandbox({ port: 0, dataDir: null, pages: false });
  portalPort = await freePort();
  writeFileSync(
    join(tmp, "var", "import", "progress.csv"),
    exportBytes(
      generateExport({
        rows: IMPORT_ROWS,
        today: new Date().toISOString().slice(0, 10) as IsoDate,
      }),
    ),
  );
});

afterAll(async () => {
  for (const [file, text] of recorded) {
    writeFileSync(file, text);
  }
  if (portal) {
    await stopShell(portal);
  }
  await sandbox?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe("docs/運用ガイド.md, walked step by step against a local kintone", () => {
  it("marks its runnable steps in the order this walk expects", () => {
    expect(
      blocks.map((b) => (b.kind === "file" ? `file:${b.name}` : b.name)),
    ).toEqual(EXPECTED_ORDER);
  });

  const steps: Record<string, (block: GuideBlock) => Promise<void>> = {
    help: async (block) => {
      const r = await run(block);
      expectOk(r);
      expect(r.stdout).toContain("使い方: npm run deploy");
      // The guide's table of tokens says what the deploy tool's help says.
      const rights = (
        lines: string[],
        row: RegExp,
      ): Array<[string | undefined, string | undefined]> =>
        lines
          .map((l) => row.exec(l))
          .filter((m): m is RegExpExecArray => m !== null)
          .map((m) => [m[1], m[2]]);
      const fromHelp = rights(
        r.stdout.split("\n"),
        /^\s+(KINTONE_TOKEN_[A-Z_]+)\s+\S+: (\S+)$/,
      );
      const fromGuide = rights(
        guide.split("\n"),
        /^\|[^|]+\|[^|]+\|\s*(\S+?)\s*\|\s*`(KINTONE_TOKEN_[A-Z_]+)`\s*\|$/,
      ).map(([right, name]) => [name, right]);
      expect(fromHelp).toHaveLength(11);
      expect(fromGuide).toEqual(fromHelp);
    },
    session: async (block) => {
      // The administrator's shell: checked on its own, then kept for the section's steps.
      const r = await run(block);
      expectOk(r);
      sessions.set(block.section, block.body);
    },
    "deploy-plan": async (block) => {
      const r = await run(block);
      expectOk(r);
      expect(r.stdout).toContain("【認定進捗】");
      expect(r.stdout).toContain("+ アプリ作成");
      // The 認定係 group of the session is given the apps' permissions.
      expect(r.stdout).toContain("ninteigakari");
    },
    deploy: async (block) => {
      // Where a city clicks its tokens in kintone, the local kintone mints them.
      const r = await run(block, ` --mint-tokens ${join(tmp, "minted.env")}`);
      expectOk(r);
      for (const app of [
        "事業所マスタ",
        "事業所利用登録",
        "同意",
        "認定進捗",
        "閲覧ログ",
      ]) {
        expect(r.stdout).toContain(`反映しました: 【${app}】`);
      }
      expect(existsSync(join(tmp, "minted.env"))).toBe(true);
    },
    "deploy-again": async (block) => {
      const r = await run(block);
      expectOk(r);
      const lines = r.stdout.trim().split("\n");
      expect(lines.at(-1)).toBe("変更なし");
      expect(lines.filter((l) => l.trim() === "変更なし")).toHaveLength(6);
      expect(lines.filter((l) => l.includes("KINTONE_TOKEN_"))).toHaveLength(
        11,
      );
      expect(
        lines.filter((l) => /KINTONE_TOKEN_\S+\s+確認済み$/.test(l)),
      ).toHaveLength(11);
    },
    "upload-customize": async (block) => {
      const r = await run(block);
      expectOk(r);
      for (const app of ["progress", "registration", "consent", "offices"]) {
        expect(r.stdout).toContain(`カスタマイズを反映しました: ${app}`);
      }
    },
    "plugin-key": async (block) => {
      expectOk(await run(block));
      expect(readFileSync(join(tmp, "etc", "plugin.ppk"), "utf8")).toContain(
        "BEGIN RSA PRIVATE KEY",
      );
    },
    "build-plugin": async (block) => {
      const r = await run(block);
      expectOk(r);
      expect(r.stdout).toMatch(/プラグイン ID: [a-p]{32}/);
    },
    "upload-plugin": async (block) => {
      const r = await run(block);
      expectOk(r);
      expect(r.stdout).toContain("プラグインをインストールしました");
      expect(r.stdout).toContain(
        "プラグインをアプリ「事業所利用登録」に追加し、運用環境に反映しました。",
      );
    },
    "check-refused": async (block) => {
      const r = await run(block);
      expect(r.code).toBe(1);
      const lines = r.stderr
        .trim()
        .split("\n")
        .filter((l) => !l.startsWith("npm "));
      // The very line the guide quotes.
      const quoted = guide
        .split("\n")
        .find((l) => l.startsWith("エラー: PORTAL_TRUST_PROXY"));
      expect(quoted).toBeDefined();
      expect(lines).toEqual([quoted]);
    },
    "portal-run": async (block) => {
      portal = runShell(scriptOf(block), { cwd: root, env: childEnv() });
      const started = portal;
      await waitFor(
        async () => {
          if (started.child.exitCode !== null) {
            throw new Error(`the portal stopped: ${started.stderr()}`);
          }
          const res = await fetch(
            `http://127.0.0.1:${portalPort}/readyz`,
          ).catch(() => null);
          return res?.status === 200;
        },
        90_000,
        "the portal to answer /readyz",
        100,
      );
      // Its log is JSON lines; the line the guide quotes says where it listens.
      await waitFor(
        () => started.stdout().includes('"msg":"ポータル: http://localhost:'),
        30_000,
        "the portal's line saying where it listens",
      );
    },
    healthz: async (block) => {
      const r = await run(block);
      expectOk(r);
      expect(r.stdout.split("\n").slice(0, 2)).toEqual(["ok", "ready"]);
    },
    webhook: async (block) => {
      const r = await run(block);
      expectOk(r);
      expect(r.stdout.trim()).toBe('{"ok":true}');
    },
    cleanup: async (block) => {
      const r = await run(block);
      expectOk(r);
      expect(r.stdout).toContain("KINTONE_TOKEN_REGISTRATION_SCRIPTS");
      expect(r.stdout).toContain("対象 0 件、利用停止 0 件、失敗 0 件");
    },
    backup: async (block) => {
      const r = await run(block);
      expectOk(r);
      const [day] = readdirSync(join(tmp, "backups"));
      const dir = join(tmp, "backups", day ?? "");
      expect(readdirSync(dir).sort()).toEqual(
        ["audit", "auth", "limits", "notices", "signup"]
          .map((f) => `${f}.sqlite`)
          .concat("cookie.key", "kintone.apps.json", "plugin.ppk")
          .concat("portal.env", "scripts.env")
          .sort(),
      );
      // The copy taken while the portal runs is a whole database.
      const db = new DatabaseSync(join(dir, "audit.sqlite"), {
        readOnly: true,
      });
      try {
        expect(db.prepare("PRAGMA integrity_check").get()).toEqual({
          integrity_check: "ok",
        });
      } finally {
        db.close();
      }
    },
  };

  /** Steps that need a tool the machine may lack: skipped, saying so, without it. */
  const toolAt: Record<string, () => boolean> = {
    backup: () => {
      try {
        execFileSync("sqlite3", ["-version"], { stdio: "ignore" });
        return true;
      } catch {
        return false;
      }
    },
  };

  /** The steps of the portal's check and the scheduled scripts. */
  const scheduled: Record<string, (block: GuideBlock) => Promise<void>> = {
    check: async (block) => {
      const r = await run(block);
      expectOk(r);
      expect(r.stdout).toContain("設定に問題はありません");
    },
    import: async (block) => {
      const first = await run(block);
      expectOk(first);
      // With the scripts' token, never an administrator's password.
      expect(first.stdout).toContain(
        "APIトークン（KINTONE_TOKEN_PROGRESS_SCRIPTS）",
      );
      expect(first.stdout).toContain(
        `取り込みました: 追加 ${IMPORT_ROWS} 件・変更 0 件・変更なし 0 件`,
      );
      const again = await run(block);
      expectOk(again);
      expect(again.stdout).toContain(
        `取り込みました: 追加 0 件・変更 0 件・変更なし ${IMPORT_ROWS} 件`,
      );
    },
    cron: async (block) => {
      // Each line's command as cron runs it (sh, its PATH, the user field dropped), at once.
      const lines = block.body
        .split("\n")
        .map((l) => /^(?:\S+\s+){5}kaigo-nintei\s+(.*)$/.exec(l)?.[1])
        .filter((c): c is string => c !== undefined);
      expect(lines).toHaveLength(3);
      for (const line of lines) {
        const quoted = `'${local(line).replace(/'/g, "'\\''")}'`;
        const r = runShell(`exec sh -c ${quoted}`, {
          cwd: tmp,
          env: childEnv(),
        });
        expect(await r.exited).toBe(0);
      }
      const log = (name: string): string =>
        readFileSync(join(tmp, "log", `${name}.log`), "utf8");
      expect(log("import")).toContain(
        `取り込みました: 追加 0 件・変更 0 件・変更なし ${IMPORT_ROWS} 件`,
      );
      expect(log("purge")).toContain("保存期間 4 か月（公開期間 3 か月）");
      expect(log("cleanup")).toContain("対象 0 件、利用停止 0 件、失敗 0 件");
    },
    purge: async (block) => {
      const r = await run(block);
      expectOk(r);
      expect(r.stdout).toContain(
        "APIトークン（KINTONE_TOKEN_PROGRESS_SCRIPTS）",
      );
      expect(r.stdout).toContain("保存期間 4 か月（公開期間 3 か月）");
    },
  };

  const writeFile = (block: GuideBlock): void => {
    const path = local(block.name);
    const text = `${fillEnvFile(local(block.body), fileValues())}\n`;
    // Every placeholder of the guide is one the reader fills.
    expect(text).not.toMatch(/<[^>]*>/);
    mkdirSync(dirname(path), { recursive: true });
    if (block.flags.includes("append")) {
      appendFileSync(path, text);
    } else {
      writeFileSync(path, text, { mode: 0o600 });
    }
  };

  blocks.forEach((block, index) => {
    const title = `${index + 1}. ${block.kind === "file" ? `writes ${block.name}` : block.name} (${block.section})`;
    if (block.kind === "file") {
      it(title, () => writeFile(blockAt(index)));
      return;
    }
    const own = steps[block.name] ?? scheduled[block.name];
    const tool = toolAt[block.name];
    if (own && tool && !tool()) {
      it.skip(`${title} — skipped: sqlite3 is not installed`, () => undefined);
    } else if (own) {
      it(title, () => own(blockAt(index)));
    } else {
      it(title, () => {
        throw new Error(`no check for the guide's step "${block.name}"`);
      });
    }
  });
});
