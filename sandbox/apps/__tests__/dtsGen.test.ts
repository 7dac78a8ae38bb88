import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  expectConformingResponses,
  startTestSandbox,
  type TestSandbox,
} from "../../../test/support/sandbox.ts";

const run = promisify(execFile);

let t: TestSandbox;
let dir: string;

beforeAll(async () => {
  t = await startTestSandbox();
  dir = await mkdtemp(join(tmpdir(), "dts-gen-"));
});

afterAll(async () => {
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

afterEach(() => {
  expectConformingResponses(t);
});

/** Runs @kintone/dts-gen's CLI (with this Node) against the sandbox; returns the .d.ts text. */
const dtsGen = async (app: string, ...extra: string[]): Promise<string> => {
  const out = join(dir, `app-${app}.d.ts`);
  const cli = join(process.cwd(), "node_modules", ".bin", "kintone-dts-gen");
  await run(
    process.execPath,
    [
      cli,
      "--base-url",
      t.sandbox.url,
      "-u",
      "admin",
      "-p",
      "admin",
      "--app-id",
      app,
      "-o",
      out,
      ...extra,
    ],
    { env: { ...process.env, NO_PROXY: "localhost" } },
  );
  return readFile(out, "utf8");
};

/** A line declaring field `code` as `kintone.fieldTypes.<type>`. */
const declares = (code: string, type: string): RegExp =>
  new RegExp(`^\\s*"?${code}"?: kintone\\.fieldTypes\\.${type};$`, "m");

describe("@kintone/dts-gen against the sandbox", () => {
  it("generates field types for a deployed app", async () => {
    const client = t.client;
    const { app } = await client.app.addApp({ name: "型生成" });
    await client.app.addFormFields({
      app,
      properties: {
        氏名: { type: "SINGLE_LINE_TEXT", code: "氏名", label: "氏名" },
        年齢: { type: "NUMBER", code: "年齢", label: "年齢" },
        区分: {
          type: "CHECK_BOX",
          code: "区分",
          label: "区分",
          options: { A: { label: "A", index: "0" } },
        },
        担当者: { type: "USER_SELECT", code: "担当者", label: "担当者" },
        添付: { type: "FILE", code: "添付", label: "添付" },
        履歴: {
          type: "SUBTABLE",
          code: "履歴",
          fields: {
            日付: { type: "DATE", code: "日付", label: "日付" },
          },
        },
      },
    });
    await client.app.deployApp({ apps: [{ app }] });
    const dts = await dtsGen(app);
    expect(dts).toMatch(declares("氏名", "SingleLineText"));
    expect(dts).toMatch(declares("年齢", "Number"));
    expect(dts).toMatch(declares("区分", "CheckBox"));
    expect(dts).toMatch(declares("担当者", "UserSelect"));
    expect(dts).toMatch(declares("添付", "File"));
    expect(dts).toMatch(/^\s*履歴: \{\s*type: "SUBTABLE";/m);
    expect(dts).toMatch(declares("日付", "Date"));
    expect(dts).toMatch(declares("レコード番号", "RecordNumber"));
    expect(dts).toMatch(declares("作成者", "Creator"));
  });

  it("reads preview fields with --preview before the app is deployed", async () => {
    const client = t.client;
    const { app } = await client.app.addApp({ name: "未反映" });
    await client.app.addFormFields({
      app,
      properties: {
        メモ: { type: "MULTI_LINE_TEXT", code: "メモ", label: "メモ" },
      },
    });
    await expect(dtsGen(app)).rejects.toThrow();
    const dts = await dtsGen(app, "--preview");
    expect(dts).toMatch(declares("メモ", "MultiLineText"));
  });
});
