import { readCsv } from "../csv.ts";

describe("readCsv", () => {
  it("reads quoted fields with commas, doubled quotes and line breaks, numbering rows by their first line", () => {
    const text = 'a,b\r\n1,"x, ""y"""\r\n2,"line\r\nbreak"\r\n3,z\r\n';
    expect(readCsv(text)).toEqual({
      header: ["a", "b"],
      headerLine: 1,
      rows: [
        { line: 2, cells: ["1", 'x, "y"'] },
        { line: 3, cells: ["2", "line\nbreak"] },
        { line: 5, cells: ["3", "z"] },
      ],
    });
  });

  it("accepts LF and CR line ends and a missing final line end", () => {
    expect(readCsv("a,b\n1,2\r3,4").rows).toEqual([
      { line: 2, cells: ["1", "2"] },
      { line: 3, cells: ["3", "4"] },
    ]);
  });

  it("skips empty lines and rows of empty cells but keeps counting lines", () => {
    expect(readCsv("a,b\r\n\r\n,\r\n1,2\r\n").rows).toEqual([
      { line: 4, cells: ["1", "2"] },
    ]);
  });

  it("keeps rows with too few or too many cells for the validation to report", () => {
    expect(readCsv("a,b,c\n1\n1,2,3,4\n").rows).toEqual([
      { line: 2, cells: ["1"] },
      { line: 3, cells: ["1", "2", "3", "4"] },
    ]);
  });

  it("stops at a quote that is never closed, naming the line", () => {
    expect(() => readCsv('a,b\n1,"x\n2,3\n')).toThrow(
      'CSV の形式が正しくありません（2 行目から始まる行: 「"」で始まる値が閉じられていません）。ファイルを確かめてください。',
    );
  });

  it("stops at a quote in the middle of a value", () => {
    expect(() => readCsv('a,b\n1,x"y\n')).toThrow(
      /2 行目から始まる行: 値の途中に「"」があります/,
    );
  });

  it("refuses an empty file", () => {
    expect(() => readCsv("\r\n\r\n")).toThrow(
      "ファイルが空です（見出しの行もありません）。書き出したファイルを確かめてください。",
    );
  });
});
