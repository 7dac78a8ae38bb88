/**
 * The permissions a deploy sets, tried as each kind of caller would, against a fresh local
 * kintone through @kintone/rest-api-client: the portal's add-only 閲覧ログ token, a 認定係 clerk
 * (a non-administrator in the staff group), a user outside it; then a second deploy changes
 * nothing, and a deploy without a staff entity leaves the apps to administrators.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { KintoneRestAPIClient } from "@kintone/rest-api-client";
import { accessEventTypes } from "../../../domain/codes.ts";
import {
  ADMIN_USER,
  useTestSandbox,
  type TestSandbox,
} from "../../../test/support/sandbox.ts";
import { deployApps, type DeployOptions } from "../deployApps.ts";
import { NO_STAFF_NOTICE, type Entity } from "../permissions.ts";
import { readEnvFile, tokenEnvName } from "../tokens.ts";

const STAFF: Entity = { type: "GROUP", code: "ninteigakari" };
const CLERK = {
  login: "clerk",
  password: "clerk",
  name: "認定係 職員",
  groups: ["ninteigakari"],
};
const OUTSIDER = { login: "other", password: "other", name: "他課 職員" };

let t: TestSandbox;
let tmp: string;
let ids: Awaited<ReturnType<typeof deployApps>>["ids"];
let clerk: KintoneRestAPIClient;
let outsider: KintoneRestAPIClient;
let portalLog: KintoneRestAPIClient;

const deploy = async (options: Partial<DeployOptions> = {}) => {
  const lines: string[] = [];
  const result = await deployApps({
    client: t.client,
    appsFile: join(tmp, "kintone.apps.json"),
    log: (line) => lines.push(line),
    deployWait: { pollMs: 10 },
    staff: STAFF,
    ...options,
  });
  return { ...result, lines };
};

const appOf = (code: keyof typeof ids): string => {
  const id = ids[code];
  if (!id) {
    throw new Error(`no app ${code}`);
  }
  return id;
};

let events = 0;
const logRecord = () => ({
  eventId: { value: `e${++events}` },
  occurredAt: { value: "2026-04-01T00:00:00Z" },
  eventType: { value: accessEventTypes.loginSucceeded.label },
});

const progressRecord = (no: string) => ({
  applicationNo: { value: no },
  insuredNo: { value: "0000000001" },
  birthDate: { value: "1950-01-01" },
  applicationDate: { value: "2026-04-01" },
  applicationType: { value: "新規" },
});

useTestSandbox({ users: [ADMIN_USER, CLERK, OUTSIDER] }, async (started) => {
  t = started;
  tmp = mkdtempSync(join(tmpdir(), "deploy-acl-"));
  const file = join(tmp, "tokens.env");
  ({ ids } = await deploy({
    mintTokens: {
      file,
      credentials: { username: "admin", password: "admin" },
    },
  }));
  const env = readEnvFile(file);
  portalLog = t.clientWith({
    apiToken: env[tokenEnvName("accessLog", "portal")] ?? "",
  });
  clerk = t.clientWith({ username: "clerk", password: "clerk" });
  outsider = t.clientWith({ username: "other", password: "other" });
});

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe("after a deploy with --staff group:ninteigakari", () => {
  it("lets the portal's 閲覧ログ token add a record, but not edit or delete one", async () => {
    const app = appOf("accessLog");
    const { id } = await portalLog.record.addRecord({
      app,
      record: logRecord(),
    });
    await expect(
      portalLog.record.updateRecord({
        app,
        id,
        record: { email: { value: "x@example.jp" } },
      }),
    ).rejects.toMatchObject({ code: "GAIA_NO01" });
    await expect(
      portalLog.record.deleteRecords({ app, ids: [id] }),
    ).rejects.toMatchObject({ code: "GAIA_NO01" });
  });

  it("lets a clerk read 閲覧ログ, but not add, edit or delete there", async () => {
    const app = appOf("accessLog");
    const { id } = await t.client.record.addRecord({
      app,
      record: logRecord(),
    });
    const { records } = await clerk.record.getRecords({
      app,
      query: `$id = ${id}`,
    });
    expect(records).toHaveLength(1);
    await expect(
      clerk.record.addRecord({ app, record: logRecord() }),
    ).rejects.toMatchObject({ code: "CB_NO02" });
    await expect(
      clerk.record.updateRecord({
        app,
        id,
        record: { email: { value: "x@example.jp" } },
      }),
    ).rejects.toMatchObject({ code: "CB_NO02" });
    await expect(
      clerk.record.deleteRecords({ app, ids: [id] }),
    ).rejects.toMatchObject({ code: "CB_NO02" });
  });

  it("lets a clerk add and edit in 認定進捗, but not delete, nor change the app", async () => {
    const app = appOf("progress");
    const { id } = await clerk.record.addRecord({
      app,
      record: progressRecord("C-1"),
    });
    await clerk.record.updateRecord({
      app,
      id,
      record: { surveyDate: { value: "2026-04-10" } },
    });
    const { record } = await clerk.record.getRecord({ app, id });
    expect(record.surveyDate?.value).toBe("2026-04-10");
    await expect(
      clerk.record.deleteRecords({ app, ids: [id] }),
    ).rejects.toMatchObject({ code: "CB_NO02" });
    await expect(
      clerk.app.updateAppSettings({ app, description: "x" }),
    ).rejects.toMatchObject({ code: "CB_NO02" });
  });

  it("gives a user outside the staff group nothing in any app", async () => {
    for (const code of Object.keys(ids) as Array<keyof typeof ids>) {
      await expect(
        outsider.record.getRecords({ app: appOf(code) }),
      ).rejects.toMatchObject({ code: "CB_NO02" });
    }
    await expect(
      outsider.record.addRecord({
        app: appOf("progress"),
        record: progressRecord("O-1"),
      }),
    ).rejects.toMatchObject({ code: "CB_NO02" });
  });

  it("prints 変更なし for every app on a second deploy", async () => {
    const { lines, changed } = await deploy();
    expect(changed).toBe(false);
    expect(lines.filter((l) => l.startsWith("【"))).toHaveLength(5);
    expect(lines.filter((l) => l === "  変更なし")).toHaveLength(5);
    expect(lines.at(-1)).toBe("変更なし");
    expect(lines).not.toContain(NO_STAFF_NOTICE);
  });
});

describe("a deploy without a staff entity", () => {
  it("says so in one line, plans the app ACL of administrators only, and shuts the clerk out", async () => {
    const { lines } = await deploy({ staff: null });
    expect(lines[0]).toBe(NO_STAFF_NOTICE);
    expect(lines).toContain(
      "  ~ アプリのアクセス権 変更: 管理者 group:Administrators（アプリ管理・閲覧・追加・編集・削除・ファイルから読み込む・ファイルに書き出す）、全員 group:everyone（なし）",
    );
    await expect(
      clerk.record.getRecords({ app: appOf("accessLog") }),
    ).rejects.toMatchObject({ code: "CB_NO02" });
    const back = await deploy();
    expect(back.lines).toContain(
      "  ~ アプリのアクセス権 変更: 管理者 group:Administrators（アプリ管理・閲覧・追加・編集・削除・ファイルから読み込む・ファイルに書き出す）、職員（認定係） group:ninteigakari（閲覧・ファイルに書き出す）、全員 group:everyone（なし）",
    );
    await expect(
      clerk.record.getRecords({ app: appOf("accessLog") }),
    ).resolves.toBeDefined();
  });
});
