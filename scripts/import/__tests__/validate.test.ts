import { csvText, encodeCsv } from "../sampleExport.ts";
import { ImportFileError, prepareImport } from "../importProgress.ts";
import { parseApplicationNo, parseCell } from "../validate.ts";
import { HEADER, row } from "./rows.ts";

const prepare = (rows: string[][], header = HEADER) =>
  prepareImport(encodeCsv(csvText(header, rows), "cp932"));

describe("parseCell", () => {
  it.each([
    ["birthDate", "昭和25年1月2日", "1950-01-02"],
    ["birthDate", "S25.1.2", "1950-01-02"],
    ["applicationDate", "2026/10/1", "2026-10-01"],
    ["applicationDate", "20261001", "2026-10-01"],
    ["applicationDate", "R8.10.1", "2026-10-01"],
    ["applicationType", "1", "新規"],
    ["applicationType", "区分変更", "区分変更"],
    ["applicationType", "5", "転入"],
    ["careLevel", "21", "要介護1"],
    ["careLevel", "要支援２", "要支援2"],
    ["insuredNo", "９９９９９００００１", "9999900001"],
    ["insuredNo", "H999990001", "H999990001"],
    ["assignedOfficeNo", "", ""],
    ["surveyDate", "", ""],
    ["surveyDate", "0000/00/00", ""],
    ["surveyDate", "00000000", ""],
  ] as const)("reads %s %j as %j", (field, cell, value) => {
    expect(parseCell(field, cell)).toEqual({ ok: true, value });
  });

  it("requires the required fields even when empty or zero", () => {
    expect(parseCell("applicationDate", "")).toMatchObject({
      ok: false,
      problems: [{ code: "required", message: "申請日を入力してください。" }],
    });
  });

  it("checks the 事業所番号 check digit", () => {
    expect(parseCell("assignedOfficeNo", "1479990041")).toMatchObject({
      ok: false,
      problems: [{ code: "checkDigit" }],
    });
  });
});

describe("parseApplicationNo", () => {
  it("keeps the key as written, half-width and trimmed", () => {
    expect(parseApplicationNo(" Ｒ８－０００１ ")).toEqual({
      ok: true,
      value: "R8-0001",
    });
  });

  it.each([
    ["", "申請番号を入力してください。"],
    ["A".repeat(21), "申請番号は20文字以内です（入力は21文字）。"],
    ["A\tB", "申請番号に改行やタブなどの制御文字は使えません。"],
  ])("refuses %j", (input, message) => {
    expect(parseApplicationNo(input)).toMatchObject({
      ok: false,
      problems: [{ message }],
    });
  });
});

describe("prepareImport", () => {
  it("reports each bad row with its line, column and the domain's message", () => {
    const { validation } = prepare([
      row(),
      row({ applicationNo: "B-0002", insuredNo: "99999123" }),
      row({ applicationNo: "B-0003", birthDate: "昭和64年1月8日" }),
      row({
        applicationNo: "B-0004",
        applicationDate: "2026/10/10",
        certificationDate: "2026/10/1",
        careLevel: "要介護1",
      }),
      row({ applicationNo: "B-0005", applicationType: "再申請" }),
      row({ applicationNo: "B-0006" }).slice(0, -1),
    ]);
    expect(validation.rows).toBe(6);
    expect(validation.invalidRows).toBe(5);
    expect(validation.valid.map((v) => v.line)).toEqual([2]);
    expect(
      validation.problems.map((p) => [p.line, p.column, p.message]),
    ).toEqual([
      [
        3,
        "被保険者番号",
        "被保険者番号は10桁で入力してください（入力は8桁）。",
      ],
      [
        4,
        "生年月日",
        "生年月日の昭和64年1月8日は存在しません（昭和は昭和64年1月7日まで）。1989年1月8日は平成元年1月8日です。",
      ],
      [
        5,
        "認定日",
        "認定日（2026-10-01）が申請日（2026-10-10）より前です。日付をお確かめください。",
      ],
      [
        6,
        "申請区分",
        "申請区分「再申請」は使えません。新規・更新・区分変更・職権・転入、またはコード1〜5で入力してください。",
      ],
      [
        7,
        "担当事業所番号",
        "この行は列が足りません（見出しは18列、この行は17列）。区切りのカンマや改行がずれていないかお確かめください。",
      ],
    ]);
  });

  it("marks every row of a 申請番号 that appears twice", () => {
    const { validation } = prepare([
      row(),
      row({ applicationNo: "B-0002" }),
      row({ applicationNo: " B-0001" }),
    ]);
    expect(validation.valid.map((v) => v.line)).toEqual([3]);
    expect(validation.problems.map((p) => [p.line, p.message])).toEqual([
      [
        2,
        "申請番号「B-0001」が4行目にもあります。1件の申請は1行にしてください。",
      ],
      [
        4,
        "申請番号「B-0001」が2行目にもあります。1件の申請は1行にしてください。",
      ],
    ]);
  });

  it("lets a row with only warnings through, and reports the warning", () => {
    const { validation } = prepare([
      row({ doctorOpinionRequestDate: "2026/9/20" }),
    ]);
    expect(validation.invalidRows).toBe(0);
    expect(validation.problems).toEqual([
      expect.objectContaining({
        line: 2,
        column: "主治医意見書依頼日",
        severity: "warning",
      }),
    ]);
  });

  it("refuses a row with more values than headers, but not trailing empty cells", () => {
    const { validation } = prepare([
      [...row(), ""],
      [...row({ applicationNo: "B-0002" }), "x"],
    ]);
    expect(validation.problems.map((p) => [p.line, p.column])).toEqual([
      [3, "19列目"],
    ]);
  });

  it("names every missing column, and carries the problems for the report", () => {
    const header = HEADER.filter(
      (h) => h !== "被保険者番号" && h !== "申請区分",
    );
    let caught: unknown;
    try {
      prepare([], header);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ImportFileError);
    const error = caught as ImportFileError;
    expect(error.message).toBe(
      "CSV の見出しが対応表と合いません: 列「被保険者番号」がありません、列「申請区分」がありません。見出しの行を確かめるか、--mapping の対応表を直してください。",
    );
    expect(error.problems.map((p) => [p.line, p.column])).toEqual([
      [1, "被保険者番号"],
      [1, "申請区分"],
    ]);
  });

  it("imports with a mapping that leaves optional columns out", () => {
    const prepared = prepareImport(
      Buffer.from(
        "番号,被保番号,生年月日,申請日,区分\nX1,9999900001,S25.1.2,R8.10.1,2\n",
      ),
      {
        mapping: {
          applicationNo: ["番号"],
          insuredNo: ["被保番号"],
          birthDate: ["生年月日"],
          applicationDate: ["申請日"],
          applicationType: ["区分"],
        },
      },
    );
    expect(prepared.encoding).toBe("utf8");
    expect(prepared.validation.valid).toEqual([
      {
        line: 2,
        values: {
          applicationNo: "X1",
          insuredNo: "9999900001",
          birthDate: "1950-01-02",
          applicationDate: "2026-10-01",
          applicationType: "更新",
        },
      },
    ]);
  });
});
