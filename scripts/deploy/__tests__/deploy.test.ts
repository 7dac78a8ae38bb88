/**
 * The deploy against a fresh local kintone, through @kintone/rest-api-client: create, read
 * back, idempotence, one-label change, data-loss guard, a lookup and a process action on the
 * deployed apps, API tokens with exactly the declared rights.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { KintoneRestAPIClient } from "@kintone/rest-api-client";
import { appSchemas, offices, registration } from "../../../schemas/index.ts";
import type { AppSchema, FieldSchema } from "../../../schemas/types.ts";
import {
  expectConformingResponses,
  startTestSandbox,
  useTestSandbox,
  type TestSandbox,
} from "../../../test/support/sandbox.ts";
import type { AppIds } from "../../lib/appsFile.ts";
import { CliError } from "../../lib/cli.ts";
import { deployApps, type DeployOptions } from "../deployApps.ts";
import { fieldHasData } from "../apply.ts";
import { layoutShape } from "../plan.ts";
import { readEnvFile, tokenEnvName } from "../tokens.ts";

let t: TestSandbox;
let tmp: string;
let first: Awaited<ReturnType<typeof deployApps>>;
const writes: string[] = [];

const deploy = async (options: Partial<DeployOptions> = {}) => {
  const lines: string[] = [];
  writes.length = 0;
  const result = await deployApps({
    client: t.client,
    appsFile: join(tmp, "kintone.apps.json"),
    log: (line) => lines.push(line),
    deployWait: { pollMs: 10 },
    ...options,
  });
  return { ...result, lines, writes: [...writes] };
};

useTestSandbox(
  {
    onResponse: (method, path) => {
      if (method !== "GET") {
        writes.push(`${method} ${path}`);
      }
    },
  },
  async (started) => {
    t = started;
    tmp = mkdtempSync(join(tmpdir(), "deploy-"));
    first = await deploy();
  },
);

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

/** The schemas with an extra multi-line field `note` in the offices app. */
const withNote = appSchemas.map((s) =>
  s.code === "offices"
    ? {
        ...s,
        fields: {
          ...s.fields,
          note: { type: "MULTI_LINE_TEXT", code: "note", label: "備考" },
        },
      }
    : s,
);

const serviceType = Object.keys(offices.fields.serviceType?.options ?? {})[0];

const idOf = (ids: AppIds, schema: AppSchema): string => {
  const id = ids[schema.code];
  if (!id) {
    throw new Error(`no id for ${schema.code}`);
  }
  return id;
};

/** Every key the schema gives a field, as the live form-fields API answers it. */
const expectFieldsMatch = (
  schema: AppSchema,
  live: Record<string, Record<string, unknown>>,
  ids: AppIds,
) => {
  for (const field of Object.values(schema.fields)) {
    const got = live[field.code];
    expect({ code: field.code, type: got?.type }).toEqual({
      code: field.code,
      type: field.type,
    });
    for (const key of Object.keys(field) as Array<keyof FieldSchema>) {
      if (key === "lookup" && field.lookup) {
        expect(got?.lookup).toEqual(
          expect.objectContaining({
            ...field.lookup,
            relatedApp: expect.objectContaining({
              app: ids[field.lookup.relatedApp.code],
            }),
          }),
        );
      } else {
        expect({ code: field.code, key, value: got?.[key] }).toEqual({
          code: field.code,
          key,
          value: field[key],
        });
      }
    }
  }
};

const expectAppMatches = async (
  client: KintoneRestAPIClient,
  schema: AppSchema,
  ids: AppIds,
) => {
  const app = idOf(ids, schema);
  const { properties } = await client.app.getFormFields({ app });
  const live = properties as unknown as Record<string, Record<string, unknown>>;
  expectFieldsMatch(schema, live, ids);
  for (const [type, code] of Object.entries(schema.systemFields)) {
    expect(live[code]?.type).toBe(type);
  }
  const { layout } = await client.app.getFormLayout({ app });
  expect(layoutShape(layout)).toEqual(layoutShape(schema.layout));
  const { views } = await client.app.getViews({ app });
  for (const view of Object.values(schema.views)) {
    expect(views[view.name]).toEqual(
      expect.objectContaining({ ...view, index: String(view.index) }),
    );
  }
  const status = await client.app.getProcessManagement({ app });
  expect(status.enable).toBe(schema.process !== undefined);
  if (schema.process) {
    expect(Object.keys(status.states ?? {})).toEqual(schema.process.states);
    expect(
      (status.actions ?? []).map(({ name, from, to }) => ({ name, from, to })),
    ).toEqual(schema.process.actions);
  }
  const settings = await client.app.getAppSettings({ app });
  expect(settings).toEqual(
    expect.objectContaining({
      name: schema.name,
      description: schema.description,
      icon: schema.icon,
      theme: schema.theme,
    }),
  );
};

describe("deployApps on a fresh local kintone", () => {
  it("creates the five apps, and their live settings match the schemas key by key", async () => {
    expect(first.plans.map((p) => p.changes[0]?.kind)).toEqual(
      appSchemas.map(() => "createApp"),
    );
    const { apps } = await t.client.app.getApps({});
    expect(apps.map((a) => a.name).sort()).toEqual(
      appSchemas.map((s) => s.name).sort(),
    );
    for (const schema of appSchemas) {
      await expectAppMatches(t.client, schema, first.ids);
    }
    const file = JSON.parse(
      readFileSync(join(tmp, "kintone.apps.json"), "utf8"),
    ) as Record<string, AppIds>;
    expect(file[t.sandbox.url]).toEqual(first.ids);
  });

  it("plans 変更なし for every app on a second run and sends no write request", async () => {
    const again = await deploy();
    expect(again.plans.map((p) => p.changes)).toEqual(appSchemas.map(() => []));
    expect(again.changed).toBe(false);
    expect(again.writes).toEqual([]);
    expect(again.lines.at(-1)).toBe("変更なし");
    expect(again.lines.filter((l) => l === "  変更なし")).toHaveLength(5);
  });

  it("plans and applies exactly one change when one label changes", async () => {
    const changed = appSchemas.map((s) => structuredClone(s));
    const progress = changed.find((s) => s.code === "progress");
    (progress?.fields.stage as FieldSchema).label = "進捗状況";
    const run = await deploy({ schemas: changed });
    expect(run.plans.flatMap((p) => p.changes)).toEqual([
      {
        kind: "changeField",
        code: "stage",
        label: "進捗状況",
        diffs: [{ key: "label", from: "進捗", to: "進捗状況" }],
      },
    ]);
    expect(run.lines).toContain(
      "  ~ フィールド変更: stage（進捗状況）: label 「進捗」→「進捗状況」",
    );
    expect(run.writes).toEqual([
      "PUT /k/v1/preview/app/form/fields.json",
      "POST /k/v1/preview/app/deploy.json",
    ]);
    const app = first.ids.progress as string;
    const { properties } = await t.client.app.getFormFields({ app });
    expect(properties.stage?.label).toBe("進捗状況");
    expect((await deploy()).plans.flatMap((p) => p.changes)).toHaveLength(1);
    expect((await deploy()).changed).toBe(false);
  });

  it("refuses to delete a field that holds data without --allow-data-loss, and deletes it with it", async () => {
    await deploy({ schemas: withNote });
    const app = first.ids.offices as string;
    await t.client.record.addRecord({
      app,
      record: {
        officeNo: { value: "1370000001" },
        officeName: { value: "テスト事業所" },
        serviceType: { value: serviceType },
        note: { value: "メモ" },
      },
    });
    const refused = deploy();
    await expect(refused).rejects.toThrow(CliError);
    await expect(refused).rejects.toThrow(
      /事業所マスタ.*note（備考）.*--allow-data-loss/,
    );
    expect(writes).toEqual([]);
    const allowed = await deploy({ allowDataLoss: true });
    expect(allowed.lines).toContain(
      "  - フィールド削除: note（備考）（データあり）",
    );
    const { properties } = await t.client.app.getFormFields({ app });
    expect(properties.note).toBeUndefined();
  });

  it("deploys a working lookup and the registration process (申請中 → 審査中 → 利用中)", async () => {
    const officesApp = first.ids.offices as string;
    const app = first.ids.registration as string;
    await t.client.record.addRecord({
      app: officesApp,
      record: {
        officeNo: { value: "1370000002" },
        officeName: { value: "ルックアップ事業所" },
        serviceType: { value: serviceType },
      },
    });
    const { id } = await t.client.record.addRecord({
      app,
      record: {
        officeNo: { value: "1370000002" },
        officePhone: { value: "03-0000-0000" },
        email: { value: "staff@example.invalid" },
        staffNameKana: { value: "テスト" },
        pledge: {
          value: Object.keys(registration.fields.pledge?.options ?? {}),
        },
      },
    });
    const status = async () => {
      const { record } = await t.client.record.getRecord({ app, id });
      return {
        officeName: record.officeName?.value,
        status: record["ステータス"]?.value,
      };
    };
    expect(await status()).toEqual({
      officeName: "ルックアップ事業所",
      status: "申請中",
    });
    await t.client.record.updateRecordStatus({ app, id, action: "審査開始" });
    expect((await status()).status).toBe("審査中");
    await t.client.record.updateRecordStatus({ app, id, action: "承認" });
    expect((await status()).status).toBe("利用中");
  });

  it("mints API tokens with exactly the declared rights, writes them as env lines, and keeps them on a re-run", async () => {
    const file = join(tmp, "tokens.env");
    const credentials = { username: "admin", password: "admin" };
    const run = await deploy({ mintTokens: { file, credentials } });
    expect([...run.tokens.values()].every((s) => s === "minted")).toBe(true);
    const env = readEnvFile(file);
    const clientOf = (name: string) =>
      t.clientWith({ apiToken: env[name] ?? "" });
    const progressApp = first.ids.progress as string;
    const logApp = first.ids.accessLog as string;
    const portalProgress = clientOf(tokenEnvName("progress", "portal"));
    await expect(
      portalProgress.record.getRecords({ app: progressApp }),
    ).resolves.toBeDefined();
    await expect(
      portalProgress.record.addRecord({ app: progressApp, record: {} }),
    ).rejects.toMatchObject({ code: "GAIA_NO01" });
    const portalLog = clientOf(tokenEnvName("accessLog", "portal"));
    await expect(
      portalLog.record.addRecord({
        app: logApp,
        record: {
          eventId: { value: "e1" },
          occurredAt: { value: "2026-04-01T00:00:00Z" },
          eventType: {
            value: Object.keys(
              appSchemas[4]?.fields.eventType?.options ?? {},
            )[0],
          },
        },
      }),
    ).resolves.toBeDefined();
    await expect(
      portalLog.record.getRecords({ app: logApp }),
    ).rejects.toMatchObject({
      code: "GAIA_NO01",
    });
    const scripts = clientOf(tokenEnvName("progress", "scripts"));
    const record = {
      applicationNo: { value: "A-1" },
      insuredNo: { value: "0000000001" },
      birthDate: { value: "1950-01-01" },
      applicationDate: { value: "2026-04-01" },
      applicationType: { value: "新規" },
    };
    const { id } = await scripts.record.addRecord({ app: progressApp, record });
    await scripts.record.updateRecord({
      app: progressApp,
      id,
      record: { surveyDate: { value: "2026-04-10" } },
    });
    await scripts.record.deleteRecords({ app: progressApp, ids: [id] });
    const rerun = await deploy({ mintTokens: { file, credentials } });
    expect([...rerun.tokens.values()].every((s) => s === "ok")).toBe(true);
    expect(rerun.writes).toEqual([]);
    expect(readEnvFile(file)).toEqual(env);
  });

  it("verifies tokens given in the environment and reports the missing and invalid ones", async () => {
    const env = readEnvFile(join(tmp, "tokens.env"));
    const name = tokenEnvName("offices", "portal");
    const other = tokenEnvName("consent", "portal");
    const run = await deploy({
      tokenEnv: {
        [name]: env[name],
        [other]: env[tokenEnvName("progress", "portal")],
      },
    });
    expect(run.tokens.get(name)).toBe("ok");
    expect(run.tokens.get(other)).toBe("invalid");
    expect(run.tokens.get(tokenEnvName("progress", "portal"))).toBe("missing");
    expect(run.lines.at(-1)).toBe("変更なし");
  });
});

describe("deployApps finding and repairing apps", () => {
  it("finds existing apps by name when the apps file has no ids, and records them", async () => {
    const appsFile = join(tmp, "other.apps.json");
    const run = await deploy({ appsFile });
    expect(run.ids).toEqual(first.ids);
    expect(run.writes).toEqual([]);
    const file = JSON.parse(readFileSync(appsFile, "utf8")) as Record<
      string,
      AppIds
    >;
    expect(file[t.sandbox.url]).toEqual(first.ids);
  });

  it("names the app and the file when an id in the apps file is not in kintone", async () => {
    const appsFile = join(tmp, "wrong.apps.json");
    writeFileSync(
      appsFile,
      JSON.stringify({ [t.sandbox.url]: { ...first.ids, consent: "999" } }),
    );
    await expect(deploy({ appsFile })).rejects.toThrow(
      /アプリ「同意」（ID 999）が kintone にありません。.*wrong\.apps\.json/,
    );
  });

  it("deploys settings left in preview by an interrupted run", async () => {
    const app = first.ids.consent as string;
    const { revision } = await t.client.app.updateAppSettings({
      app,
      description: "途中",
    });
    await t.client.app.deployApp({ apps: [{ app, revision }] });
    await t.client.app.updateAppSettings({
      app,
      description: appSchemas[2]?.description ?? "",
    });
    const run = await deploy();
    expect(run.plans.flatMap((p) => p.changes)).toEqual([{ kind: "deploy" }]);
    expect(run.writes).toEqual(["POST /k/v1/preview/app/deploy.json"]);
    const live = await t.client.app.getAppSettings({ app });
    expect(live.description).toBe(appSchemas[2]?.description);
    expect((await deploy()).changed).toBe(false);
  });

  it("names the app and the step when kintone refuses a setting", async () => {
    const badView = appSchemas.map((s) =>
      s.code === "offices"
        ? {
            ...s,
            views: {
              一覧: { ...offices.views["一覧"], filterCond: "noSuchField = 1" },
            },
          }
        : s,
    ) as AppSchema[];
    await expect(deploy({ schemas: badView })).rejects.toThrow(
      /^アプリ「事業所マスタ」の一覧の変更で kintone がエラーを返しました（\w+）。/,
    );
    expect((await deploy()).changed).toBe(false);
  });

  it("refuses a field type change before writing anything", async () => {
    const retyped = appSchemas.map((s) =>
      s.code === "offices"
        ? {
            ...s,
            fields: {
              ...s.fields,
              phone: { type: "LINK", code: "phone", label: "電話番号" },
            },
          }
        : s,
    );
    await expect(deploy({ schemas: retyped })).rejects.toThrow(
      /フィールド「phone（電話番号）」の種類は変えられません/,
    );
    expect(writes).toEqual([]);
  });
});

describe("fieldHasData", () => {
  it("finds a value past the first page of records", async () => {
    await deploy({ schemas: withNote });
    const app = first.ids.offices as string;
    const records = Array.from({ length: 600 }, (_, i) => ({
      officeNo: { value: String(1380000000 + i) },
      officeName: { value: `事業所${i}` },
      serviceType: { value: serviceType },
    }));
    await t.client.record.addAllRecords({ app, records });
    expect(await fieldHasData(t.client, app, "note", "MULTI_LINE_TEXT")).toBe(
      false,
    );
    await t.client.record.addRecord({
      app,
      record: {
        ...records[0],
        officeNo: { value: "1390000000" },
        note: { value: "あり" },
      },
    });
    expect(await fieldHasData(t.client, app, "note", "MULTI_LINE_TEXT")).toBe(
      true,
    );
    await deploy({ allowDataLoss: true });
  });
});

describe("deployApps --dry-run", () => {
  it("prints the plan for a fresh kintone and writes nothing: no app, no apps file", async () => {
    const seen: string[] = [];
    const fresh = await startTestSandbox({
      onResponse: (method, path) => {
        if (method !== "GET") {
          seen.push(`${method} ${path}`);
        }
      },
    });
    const appsFile = join(tmp, "dry.apps.json");
    const lines: string[] = [];
    try {
      const run = await deployApps({
        client: fresh.client,
        appsFile,
        dryRun: true,
        log: (line) => lines.push(line),
      });
      expect(run.plans.map((p) => [p.appId, p.changes[0]])).toEqual(
        appSchemas.map(() => [null, { kind: "createApp" }]),
      );
      expect(seen).toEqual([]);
      expect((await fresh.client.app.getApps({})).apps).toEqual([]);
      expect(() => readFileSync(appsFile)).toThrow();
      expect(lines).toContain("  + フィールド追加: applicationNo（申請番号）");
      expect(lines.at(-1)).toBe("--dry-run のため、何も書き込んでいません。");
      expectConformingResponses(fresh);
    } finally {
      await fresh.close();
    }
  });
});
