import fc from "fast-check";
import * as domain from "../index.ts";
import type { Result } from "../problem.ts";

/** The parsers whose value is the normalized form of what was typed. */
const normalizingParsers: Array<[string, (s: string) => Result<unknown>]> = [
  ["parseDate", (s) => domain.parseDate(s, "birthDate")],
  ["parseMonthDay", (s) => domain.parseMonthDay(s)],
  ["parseInsuredNo", (s) => domain.parseInsuredNo(s)],
  ["parseOfficeNo", (s) => domain.parseOfficeNo(s)],
  ["parseInsurerNo", (s) => domain.parseInsurerNo(s)],
  ["parseEmail", (s) => domain.parseEmail(s)],
  ["parsePhone", (s) => domain.parsePhone(s)],
  ["parseKanaName", (s) => domain.parseKanaName(s)],
];

/** Every parser of typed or imported text. */
const parsers: Array<[string, (s: string) => Result<unknown>]> = [
  ...normalizingParsers,
  ["parseInsuredNoSearch", (s) => domain.parseInsuredNoSearch(s)],
  [
    "parseDatesSearch",
    (s) => domain.parseDatesSearch({ applicationDate: s, birthDate: s }),
  ],
  ["parseApplicationType", (s) => domain.parseApplicationType(s)],
  ["parseCareLevel", (s) => domain.parseCareLevel(s)],
];

const JAPANESE = /[\u3040-\u30FF\u4E00-\u9FFF]/;

/** Random text, and text built from the characters these inputs are made of. */
const inputs = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom(
      ..."0123456789０１２３HhSRTMs昭和平成令元年月日./-ー@ｱ ",
      "\u3000",
    ),
    maxLength: 20,
  }),
);

describe.each(parsers)("%s on random input", (_, parse) => {
  it("never throws, and either succeeds or says what is wrong in Japanese at a field", () => {
    fc.assert(
      fc.property(inputs, (s) => {
        const r = parse(s);
        if (!r.ok) {
          expect(r.problems.length).toBeGreaterThan(0);
          for (const p of r.problems) {
            expect(p.field).toMatch(/^[a-z][A-Za-z0-9]*$/);
            expect(p.message).toMatch(JAPANESE);
            expect(p.severity).toBe("error");
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe.each(normalizingParsers)("%s", (_, parse) => {
  it("accepts its own output and returns it unchanged", () => {
    fc.assert(
      fc.property(inputs, (s) => {
        const r = parse(s);
        if (r.ok) {
          expect(parse(r.value as string)).toEqual(r);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("checkProgressDates on random records", () => {
  it("never throws, whatever the fields hold", () => {
    const value = fc.oneof(
      fc.constant(null),
      fc.constant(""),
      fc.string({ maxLength: 12 }),
      fc
        .date({
          min: new Date("1900-01-01"),
          max: new Date("2099-12-31"),
          noInvalidDate: true,
        })
        .map((d) => d.toISOString().slice(0, 10)),
    );
    const record = fc.record(
      {
        applicationDate: value,
        birthDate: value,
        surveyDate: value,
        surveyReceivedDate: value,
        doctorOpinionReceivedDate: value,
        committeeDate: value,
        certificationDate: value,
        withdrawalDate: value,
        careLevel: value,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(record, (r) => {
        const problems = domain.checkProgressDates(r);
        expect(Array.isArray(problems)).toBe(true);
        expect(Object.keys(domain.stages)).toContain(domain.stageOf(r));
      }),
    );
  });
});
