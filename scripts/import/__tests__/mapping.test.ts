import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { progress } from "../../../schemas/apps/progress.ts";
import { APPLICATION_NO_MAX } from "../validate.ts";
import {
  defaultMapping,
  IMPORT_FIELDS,
  loadMapping,
  locateColumns,
  parseMapping,
} from "../mapping.ts";

const SAMPLE = join(process.cwd(), "scripts", "import", "mapping.default.json");

describe("the mapping", () => {
  it("ships a sample file equal to the default mapping", () => {
    expect(loadMapping(SAMPLE)).toEqual(defaultMapping);
  });

  it("names only fields of the progress app, and agrees with its 申請番号 length", () => {
    for (const f of IMPORT_FIELDS) {
      expect(progress.fields[f]).toBeDefined();
    }
    expect(progress.fields.applicationNo?.maxLength).toBe(
      String(APPLICATION_NO_MAX),
    );
  });

  it("accepts a list of alternative headers and uses the first the file has", () => {
    const mapping = parseMapping(
      {
        columns: {
          ...Object.fromEntries(
            Object.entries(defaultMapping).map(([f, h]) => [f, h[0]]),
          ),
          insuredNo: ["被保険者番号", "被保番号"],
        },
      },
      "m.json",
    );
    const header = ["申請番号", "被保番号", "生年月日", "申請日", "申請区分"];
    const located = locateColumns(header, {
      applicationNo: mapping.applicationNo ?? [],
      insuredNo: mapping.insuredNo ?? [],
      birthDate: mapping.birthDate ?? [],
      applicationDate: mapping.applicationDate ?? [],
      applicationType: mapping.applicationType ?? [],
    });
    expect(located.missing).toEqual([]);
    expect(located.columns[1]).toEqual({
      field: "insuredNo",
      index: 1,
      header: "被保番号",
    });
  });

  it("matches headers whatever their width and spacing", () => {
    const located = locateColumns(["\uFEFF申請番号 ", "被保険者　番号"], {
      applicationNo: ["申請番号"],
      insuredNo: ["被保険者番号"],
    });
    expect(located.columns.map((c) => c.index)).toEqual([0, 1]);
  });

  it("lists each mapped header the file lacks", () => {
    expect(
      locateColumns(["申請番号"], {
        applicationNo: ["申請番号"],
        insuredNo: ["被保険者番号", "被保番号"],
      }).missing,
    ).toEqual([{ field: "insuredNo", header: "被保険者番号" }]);
  });

  it.each([
    [
      {},
      'm.json に "columns"（フィールドコードと列の見出しの対応）がありません。',
    ],
    [
      { columns: { name: "氏名" } },
      "m.json の「name」は取り込めるフィールドではありません。",
    ],
    [
      { columns: { applicationNo: "" } },
      "m.json の「applicationNo」には列の見出し（文字列、または文字列の配列）を書いてください。",
    ],
    [
      { columns: { applicationNo: "番号", insuredNo: "番号" } },
      "m.json で列「番号」が applicationNo と insuredNo の両方に割り当てられています。",
    ],
    [
      { columns: { applicationNo: "番号" } },
      "m.json に必須の項目 insuredNo（被保険者番号）、birthDate（生年月日）、applicationDate（申請日）、applicationType（申請区分） の列がありません。",
    ],
  ])("refuses %j", (json, message) => {
    expect(() => parseMapping(json, "m.json")).toThrow(message);
  });

  it("refuses a file that is not JSON, or not there", () => {
    const dir = mkdtempSync(join(tmpdir(), "mapping-"));
    try {
      const bad = join(dir, "bad.json");
      writeFileSync(bad, "{ columns: ");
      expect(() => loadMapping(bad)).toThrow(
        `マッピングファイル ${bad} を読めません（JSON の形式を確認してください）。`,
      );
      expect(() => loadMapping(join(dir, "none.json"))).toThrow(
        `マッピングファイル ${join(dir, "none.json")} がありません。`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("documents the default headers in the sample file", () => {
    const json = JSON.parse(readFileSync(SAMPLE, "utf8")) as {
      $comment: string;
    };
    expect(json.$comment).toContain("--mapping");
  });
});
