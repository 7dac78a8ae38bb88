/**
 * Whatever bytes or rows a file holds, the importer ends in a clear result: a report of row
 * problems or one Japanese line (CliError) — never a crash. Valid rows always carry values
 * kintone accepts; the last property writes them to the local kintone to prove it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { isIsoDate } from "../../../domain/date.ts";
import {
  useTestSandbox,
  type TestSandbox,
} from "../../../test/support/sandbox.ts";
import { CliError } from "../../lib/cli.ts";
import { importProgress, prepareImport } from "../importProgress.ts";
import { IMPORT_FIELDS } from "../mapping.ts";
import {
  csvText,
  encodeCsv,
  EXPORT_HEADER,
  generateExport,
} from "../sampleExport.ts";
import type { Validation } from "../validate.ts";
import { deployProgress } from "./deployed.ts";

const DATE_FIELDS = IMPORT_FIELDS.filter((f) => /Date$|^valid/.test(f));

/** Runs `f`; a CliError is a clear answer, anything else fails the property. */
const clearly = <T>(f: () => T): T | CliError => {
  try {
    return f();
  } catch (e) {
    if (e instanceof CliError) {
      expect(e.message).not.toBe("");
      expect(e.message).not.toContain("\n");
      return e;
    }
    throw e;
  }
};

const checkValidation = (v: Validation, lastLine: number): void => {
  for (const p of v.problems) {
    expect(p.line).toBeGreaterThanOrEqual(1);
    expect(p.line).toBeLessThanOrEqual(lastLine);
    expect(p.message).not.toBe("");
  }
  for (const r of v.valid) {
    for (const f of DATE_FIELDS) {
      const value = r.values[f];
      expect(value === undefined || value === "" || isIsoDate(value)).toBe(
        true,
      );
    }
    expect(r.values.insuredNo).toMatch(/^[0-9H][0-9]{9}$/);
  }
  expect(v.valid.length + v.invalidRows).toBe(v.rows);
};

const sample = generateExport({ rows: 20, today: "2026-11-21", seed: 3 });

/** A cell: a plausible one from a real row, or junk. */
const cell = fc.oneof(
  fc.constantFrom(...sample.rows.flatMap((r) => r.cells)),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: "grapheme", maxLength: 8 }),
  fc.constantFrom('"', ",", "\r\n", "昭和64年1月8日", "0", "H", "R1.4.30"),
);

const table = fc.record({
  header: fc.oneof(
    fc.constant(EXPORT_HEADER),
    fc.shuffledSubarray([...EXPORT_HEADER, "備考", "区分"], { minLength: 3 }),
  ),
  rows: fc.array(fc.array(cell, { maxLength: 22 }), { maxLength: 12 }),
  encoding: fc.constantFrom("cp932", "utf8", "utf8bom"),
});

describe("the importer on arbitrary input", () => {
  it("answers random bytes with a report or one clear line", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const out = clearly(() => prepareImport(bytes));
        if (!(out instanceof CliError)) {
          checkValidation(out.validation, Infinity);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("answers random rows under any headers with a report or one clear line", () => {
    fc.assert(
      fc.property(table, ({ header, rows, encoding }) => {
        const text = csvText(header, rows);
        const out = clearly(() =>
          prepareImport(encodeCsv(text, encoding), { encoding: "auto" }),
        );
        if (!(out instanceof CliError)) {
          checkValidation(out.validation, text.split("\n").length);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("the importer writing arbitrary rows to kintone", () => {
  let t: TestSandbox;
  let app: string;
  let run = 0;

  let dir: string;

  useTestSandbox({}, async (started) => {
    t = started;
    dir = mkdtempSync(join(tmpdir(), "import-fuzz-"));
    app = await deployProgress(t.client, t.sandbox.url, join(dir, "apps.json"));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("imports the valid rows and nothing else, whatever the others hold", async () => {
    // Real rows with up to two cells replaced; a fresh 申請番号 per run and row.
    const edits = fc.array(fc.tuple(fc.integer({ min: 1, max: 17 }), cell), {
      maxLength: 2,
    });
    await fc.assert(
      fc.asyncProperty(fc.array(edits, { maxLength: 8 }), async (rows) => {
        run += 1;
        const cells = rows.map((changes, i) => {
          const base = [...(sample.rows[i % sample.rows.length]?.cells ?? [])];
          base[0] = `F${run}-${i}`;
          for (const [j, c] of changes) {
            base[j] = c;
          }
          return base;
        });
        const bytes = encodeCsv(csvText(EXPORT_HEADER, cells), "cp932");
        const result = await importProgress({
          client: t.client,
          app,
          bytes,
          skipInvalid: true,
        }).catch((e: unknown) => {
          expect(e).toBeInstanceOf(CliError);
          return null;
        });
        if (result) {
          const { totalCount } = await t.client.record.getRecords({
            app,
            query: `applicationNo like "F${run}-" limit 1`,
            totalCount: true,
          });
          expect(Number(totalCount)).toBe(
            result.prepared.validation.valid.length,
          );
        }
      }),
      { numRuns: 25 },
    );
  });
});
