/**
 * The customizations agree with the other writers of the same records: the demo data (written
 * through the API by the seed) passes every app's rules unchanged, so a clerk can open and save
 * any demo record; and the form derives 進捗 and the search keys exactly as the import does.
 */
import { derivedValues } from "../../../scripts/import/plan.ts";
import { generateDemoData } from "../../../scripts/seed/generate.ts";
import { consentRules } from "../../consent/rules.ts";
import { officesRules } from "../../offices/rules.ts";
import { progressRules } from "../../progress/rules.ts";
import { registrationRules } from "../../registration/rules.ts";
import type { FormRecord, RuleOutcome } from "../rules.ts";

const data = generateDemoData({ seed: 1, today: "2026-11-20" });

const asRecord = (values: object): FormRecord =>
  Object.fromEntries(
    Object.entries(values).map(([code, value]) => [code, { value }]),
  );

const errorsOf = (outcome: RuleOutcome): string[] =>
  outcome.problems
    .filter((p) => p.severity === "error")
    .map((p) => `${p.field}: ${p.message}`);

/** Values the rules would write that differ from the record's own. */
const rewrites = (values: object, outcome: RuleOutcome): string[] =>
  Object.entries(outcome.values)
    .filter(([code, v]) => (values as Record<string, unknown>)[code] !== v)
    .map(([code, v]) => `${code}: ${v}`);

describe("the demo data under the customizations' rules", () => {
  it.each([
    ["offices", data.offices, officesRules],
    ["progress", data.applications, progressRules],
    [
      "registration",
      data.registrations.map((r) => r.record),
      registrationRules,
    ],
    ["consent", data.consents, consentRules],
  ] as const)(
    "every %s record passes and stays as it is",
    (_, records, rules) => {
      expect(records.length).toBeGreaterThan(0);
      for (const values of records) {
        const outcome = rules(asRecord(values));
        expect(errorsOf(outcome)).toEqual([]);
        expect(rewrites(values, outcome)).toEqual([]);
      }
    },
  );
});

describe("the form and the import", () => {
  it("derive the same 進捗 and search keys for every demo application", () => {
    for (const values of data.applications) {
      const { values: derived } = progressRules(asRecord(values));
      const imported = derivedValues(values as Record<string, string>);
      expect({
        stage: derived.stage,
        insuredNoLast6: derived.insuredNoLast6,
        applicationDateMMDD: derived.applicationDateMMDD,
        birthDateYMD: derived.birthDateYMD,
      }).toEqual(imported);
    }
  });
});
