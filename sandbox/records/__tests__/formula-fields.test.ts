/**
 * Calculated fields through the official client: an app whose CALC and auto-calculated
 * SINGLE_LINE_TEXT fields use the formula language, its records added and updated, the values
 * read back as the REST API returns them.
 */
import {
  KintoneRestAPIError,
  type KintoneRestAPIClient,
} from "@kintone/rest-api-client";
import {
  useTestSandbox,
  type TestSandbox,
} from "../../../test/support/sandbox.ts";

let t: TestSandbox;
let client: KintoneRestAPIClient;

useTestSandbox({}, (started) => {
  t = started;
  client = t.client;
});

type Props = Record<string, Record<string, unknown>>;

const withCodes = (fields: Props): Props =>
  Object.fromEntries(
    Object.entries(fields).map(([code, prop]) => [
      code,
      {
        code,
        label: code,
        ...prop,
        ...(prop.fields
          ? { fields: withCodes(prop.fields as Props) }
          : undefined),
      },
    ]),
  );

/** An app with `fields` added through preview/app/form/fields.json and deployed. */
const appWith = async (fields: Props): Promise<string> => {
  const { app } = await client.app.addApp({ name: "計算式" });
  await client.app.addFormFields({
    app,
    properties: withCodes(fields) as never,
  });
  await client.app.deployApp({ apps: [{ app }] });
  return app;
};

const calc = (expression: string, format = "NUMBER") => ({
  type: "CALC",
  expression,
  format,
});

const autoText = (expression: string) => ({
  type: "SINGLE_LINE_TEXT",
  expression,
});

const valuesOf = async (app: string, id: string) => {
  const { record } = await client.record.getRecord({ app, id });
  return Object.fromEntries(
    Object.entries(record).map(([code, field]) => [code, field.value]),
  );
};

describe("formulas on records", () => {
  let app: string;
  beforeAll(async () => {
    app = await appWith({
      単価: { type: "NUMBER" },
      数量: { type: "NUMBER" },
      開始日: { type: "DATE" },
      終了日: { type: "DATE" },
      開始: { type: "DATETIME" },
      出勤: { type: "TIME" },
      退勤: { type: "TIME" },
      氏名: { type: "SINGLE_LINE_TEXT" },
      区分: {
        type: "CHECK_BOX",
        options: {
          A: { label: "A", index: "0" },
          B: { label: "B", index: "1" },
        },
      },
      明細: {
        type: "SUBTABLE",
        fields: {
          品名: { type: "SINGLE_LINE_TEXT" },
          個数: { type: "NUMBER" },
          行計: calc("個数 * 単価"),
          行表示: autoText('品名 & ":" & 個数'),
        },
      },
      合計: calc("SUM(個数) * 単価"),
      行計合計: calc("SUM(行計)"),
      送料: calc("IF(合計 >= 5000, 0, 1500)"),
      判定: calc('IF(AND(単価 >= 100, CONTAINS(区分, "A")), 1, 0)'),
      比較: calc("数量 > 10"),
      翌日: calc("開始日 + 86400", "DATE"),
      一時間後: calc("開始 + 3600", "DATETIME"),
      差: calc("開始 - 開始日"),
      勤務: calc("退勤 - 出勤", "HOUR_MINUTE"),
      終業: calc("出勤 + 9 * 3600", "TIME"),
      日数: calc("(終了日 - 開始日) / 86400"),
      文字結果: calc('IF(数量 > 10, "大", "小")'),
      ゼロ除算: calc("単価 / (数量 - 数量)"),
      表示: autoText('氏名 & "様 " & YEN(合計, 0)'),
      開始表示: autoText('DATE_FORMAT(開始, "YYYY年M月d日 HH:mm", "system")'),
      日付表示: autoText('DATE_FORMAT(開始日, "YYYY/MM/dd", "Etc/GMT")'),
      大小: autoText('IF(数量 > 10, "大", "小")'),
      りんご: autoText('IF(CONTAINS(品名, "りんご"), "あり", "なし")'),
    });
  });

  // https://jp.kintone.help/k/ja/app/form/form_parts/calculated.html (CALC formats) and
  // https://us.kintone.help/k/en/app/form/autocalc/basic_error/autocalc_format.html (operators,
  // functions); dates are seconds: https://cn.kintone.help/k/ja/app/form/autocalc/function/date_format
  it("computes every format and auto-calculated text, ignoring values sent for them", async () => {
    const { id } = await client.record.addRecord({
      app,
      record: {
        単価: { value: "1200" },
        数量: { value: "3" },
        開始日: { value: "2026-04-25" },
        開始: { value: "2026-04-25T10:00:00Z" },
        出勤: { value: "09:00" },
        退勤: { value: "17:45" },
        氏名: { value: "山田" },
        区分: { value: ["A"] },
        表示: { value: "sent by the client" },
        明細: {
          value: [
            { value: { 品名: { value: "りんご" }, 個数: { value: "2" } } },
            { value: { 品名: { value: "みかん" }, 個数: { value: "3" } } },
          ],
        },
      },
    });
    const v = await valuesOf(app, id);
    expect(v).toMatchObject({
      合計: "6000",
      行計合計: "6000",
      送料: "0",
      判定: "1",
      比較: "0",
      翌日: "2026-04-26",
      一時間後: "2026-04-25T11:00:00Z",
      差: "36000",
      勤務: "08:45",
      終業: "18:00",
      日数: "",
      文字結果: "",
      ゼロ除算: "",
      表示: "山田様 ¥6,000",
      開始表示: "2026年4月25日 19:00",
      日付表示: "2026/04/25",
      大小: "小",
      りんご: "あり",
    });
    const rows = v.明細 as Array<{ value: Record<string, { value: unknown }> }>;
    expect(
      rows.map((r) => [r.value.行計?.value, r.value.行表示?.value]),
    ).toEqual([
      ["2400", "りんご:2"],
      ["3600", "みかん:3"],
    ]);
  });

  // https://cn.cybozu.help/k/ja/app/form/autocalc/ref_data/calculation_type.html
  it("recomputes on update, with empty numbers as 0 and empty dates giving an empty result", async () => {
    const { id } = await client.record.addRecord({
      app,
      record: { 単価: { value: "100" }, 区分: { value: ["A", "B"] } },
    });
    expect(await valuesOf(app, id)).toMatchObject({
      合計: "0",
      送料: "1500",
      判定: "1",
      翌日: "",
      一時間後: "",
      勤務: "",
      表示: "様 ¥0",
      開始表示: "",
    });
    await client.record.updateRecord({
      app,
      id,
      record: {
        数量: { value: "20" },
        区分: { value: ["B"] },
        開始日: { value: "2026-04-25" },
        終了日: { value: "2026-05-05" },
      },
    });
    expect(await valuesOf(app, id)).toMatchObject({
      判定: "0",
      比較: "1",
      大小: "大",
      文字結果: "",
      りんご: "なし",
      日数: "10",
      翌日: "2026-04-26",
    });
  });
});

// kintone checks formulas when the app is deployed and answers 400 GAIA_IL01
// (https://jp.kintone.help/k/ja/app/form/autocalc/basic_error/autocalc_error.html).
describe("invalid formulas at deploy", () => {
  /** The error deploying an app with `fields` gives (fails the test when the deploy succeeds). */
  const deployError = async (fields: Props): Promise<KintoneRestAPIError> => {
    const { app } = await client.app.addApp({ name: "計算式エラー" });
    await client.app.addFormFields({
      app,
      properties: withCodes(fields) as never,
    });
    const e = await client.app.deployApp({ apps: [{ app }] }).then(
      () => new Error("expected the deploy to fail"),
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(KintoneRestAPIError);
    return e as KintoneRestAPIError;
  };

  it.each([
    [
      { c: calc("a + 1") },
      "計算式に含まれるフィールドコード（a）が存在しません。",
    ],
    [{ c: calc("1 +") }, "計算式の文法が正しくありません。"],
    [{ c: calc("MAX(1, 2)") }, "MAX関数は使用できません。"],
    [{ c: calc("IF(1 > 0, 1)") }, "IF関数には3個の引数が必要です。"],
    [{ c: autoText("YEN(1)") }, "YEN関数には2個の引数が必要です。"],
    [
      { c: calc("1 ＋ 2") },
      "全角記号「＋」が入力されています。半角記号「+」を入力してください。",
    ],
    [
      { m: { type: "MULTI_LINE_TEXT" }, c: calc("m") },
      "計算式で利用できないフィールドタイプ(MULTI_LINE_TEXT)が指定されています。",
    ],
    [
      { c: calc("d + 1"), d: calc("c + 1") },
      "フィールドの参照が循環しています。",
    ],
  ])("refuses %j", async (fields, reason) => {
    const e = await deployError(fields as Props);
    expect(e.status).toBe(400);
    expect(e.code).toBe("GAIA_IL01");
    expect(e.message).toContain(
      `フィールド「c」の計算式が正しくありません。(エラーの内容：${reason})`,
    );
  });

  it("deploys valid formulas, inside tables too", async () => {
    const { app } = await client.app.addApp({ name: "計算式" });
    await client.app.addFormFields({
      app,
      properties: withCodes({
        表: {
          type: "SUBTABLE",
          fields: { n: { type: "NUMBER" }, x: calc("n * 2") },
        },
        total: calc("SUM(x)"),
      }) as never,
    });
    await expect(client.app.deployApp({ apps: [{ app }] })).resolves.toEqual(
      {},
    );
  });
});
