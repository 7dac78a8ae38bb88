import {
  reportCsv,
  reportFormatOf,
  reportText,
  summaryLines,
} from "../report.ts";
import type { RowProblem } from "../validate.ts";

const problems: RowProblem[] = [
  {
    line: 3,
    column: "被保険者番号",
    field: "insuredNo",
    severity: "error",
    code: "length",
    message: "被保険者番号は10桁で入力してください（入力は8桁）。",
  },
  {
    line: 4,
    column: "備考, その他",
    field: "",
    severity: "warning",
    code: "order",
    message: '値に "引用符" があります',
  },
];

describe("the report", () => {
  it("writes CSV for Excel: UTF-8 BOM, CRLF, quoted where needed", () => {
    expect(reportCsv(problems)).toBe(
      "\uFEFF行,列,種別,内容\r\n" +
        "3,被保険者番号,エラー,被保険者番号は10桁で入力してください（入力は8桁）。\r\n" +
        '4,"備考, その他",警告,"値に ""引用符"" があります"\r\n',
    );
  });

  it("writes text, one problem per line", () => {
    expect(reportText(problems)).toBe(
      "3行目 被保険者番号【エラー】被保険者番号は10桁で入力してください（入力は8桁）。\n" +
        '4行目 備考, その他【警告】値に "引用符" があります\n',
    );
    expect(reportText([])).toBe("問題はありません。\n");
  });

  it("chooses CSV by the file's extension", () => {
    expect(reportFormatOf("結果.CSV")).toBe("csv");
    expect(reportFormatOf("結果.txt")).toBe("text");
  });

  it("summarizes without the messages, which may hold personal data", () => {
    const lines = summaryLines({
      valid: [],
      problems: Array.from({ length: 12 }, (_, i) => ({
        ...(problems[0] as RowProblem),
        line: i + 2,
      })),
      rows: 12,
      invalidRows: 12,
    });
    expect(lines[0]).toBe("検査: 12 行のうち 正常 0 行・エラー 12 行");
    expect(lines[1]).toBe("  2行目 被保険者番号: 桁数・文字数（エラー）");
    expect(lines).toHaveLength(12);
    expect(lines[11]).toBe("  ほか 2 件");
    expect(lines.join("\n")).not.toContain("8桁");
  });
});
