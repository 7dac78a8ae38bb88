import {
  applicationTypes,
  labelsOf,
  registrationStatuses,
  stages,
} from "../../../domain/codes.ts";
import { addMonths, compareDates, daysBetween } from "../../../domain/date.ts";
import { parseEmail } from "../../../domain/email.ts";
import { parseInsuredNo } from "../../../domain/insuredNo.ts";
import { parseKanaName } from "../../../domain/kana.ts";
import { parseOfficeNo } from "../../../domain/officeNo.ts";
import { parsePhone } from "../../../domain/phone.ts";
import {
  isOpenApplication,
  isPublished,
  publicationWindowStart,
} from "../../../domain/policy.ts";
import {
  checkProgressDates,
  stageOf,
  type ProgressDates,
} from "../../../domain/progress.ts";
import { searchKeysOf } from "../../../domain/searchKeys.ts";
import { schemaOf } from "../../../schemas/index.ts";
import type { AppCode } from "../../../schemas/types.ts";
import {
  APPLICATION_COUNT,
  DEMO_EMAIL,
  DEMO_SHOWCASE,
  generateDemoData,
  type DemoApplication,
  type SeedRecord,
} from "../generate.ts";

/** Seeds and days of several kinds: a leap day, a year end, a Sunday, a Monday. */
const cases = [
  { seed: 1, today: "2026-05-15" },
  { seed: 2, today: "2026-01-04" },
  { seed: 3, today: "2024-02-29" },
  { seed: 4, today: "2026-12-31" },
  { seed: 123456789, today: "2025-06-02" },
] as const;

const all = cases.map((c) => ({ ...c, data: generateDemoData(c) }));
const data = (all[0] as (typeof all)[number]).data;

const datesOf = (a: DemoApplication): ProgressDates => ({
  applicationDate: a.applicationDate,
  birthDate: a.birthDate,
  surveyScheduledDate: a.surveyScheduledDate,
  surveyDate: a.surveyDate,
  surveyReceivedDate: a.surveyReceivedDate,
  doctorOpinionRequestDate: a.doctorOpinionRequestDate,
  doctorOpinionReceivedDate: a.doctorOpinionReceivedDate,
  committeeScheduledDate: a.committeeScheduledDate,
  committeeDate: a.committeeDate,
  certificationDate: a.certificationDate,
  validFrom: a.validFrom,
  validTo: a.validTo,
  withdrawalDate: a.withdrawalDate,
  careLevel: a.careLevel,
});

const share = (apps: readonly DemoApplication[], label: string): number =>
  apps.filter((a) => a.applicationType === label).length / apps.length;

describe("generateDemoData", () => {
  it("gives the same data for the same seed and today, and other data for another seed", () => {
    expect(generateDemoData({ seed: 7, today: "2026-05-15" })).toEqual(
      generateDemoData({ seed: 7, today: "2026-05-15" }),
    );
    expect(
      generateDemoData({ seed: 8, today: "2026-05-15" }).applications,
    ).not.toEqual(
      generateDemoData({ seed: 7, today: "2026-05-15" }).applications,
    );
  });

  it("keeps the same people and offices on another day, so a re-run updates rather than adds", () => {
    const a = generateDemoData({ seed: 1, today: "2026-05-15" });
    const b = generateDemoData({ seed: 1, today: "2026-05-16" });
    const people = (d: typeof a) =>
      [...new Set(d.applications.map((x) => x.insuredNo))].sort();
    expect(people(b)).toEqual(people(a));
    expect(b.offices).toEqual(a.offices);
    expect(b.consents.map((c) => c.insuredNo)).toEqual(
      a.consents.map((c) => c.insuredNo),
    );
    expect(b.registrations.map((r) => r.record.email)).toEqual(
      a.registrations.map((r) => r.record.email),
    );
  });

  it("refuses a today that is not a date", () => {
    expect(() => generateDemoData({ seed: 1, today: "2026-02-30" })).toThrow(
      RangeError,
    );
  });
});

describe("demo offices", () => {
  it("are 20 with valid, distinct 事業所番号 and well-formed fictitious phone numbers", () => {
    expect(data.offices).toHaveLength(20);
    for (const o of data.offices) {
      expect(parseOfficeNo(o.officeNo)).toEqual({
        ok: true,
        value: o.officeNo,
      });
      expect(o.officeNo).toMatch(/^14[079]99\d{5}$/);
      expect(parsePhone(o.phone, "phone")).toEqual({
        ok: true,
        value: o.phone,
      });
      expect(o.phone).toMatch(/^045-000-00\d\d$/);
    }
    expect(new Set(data.offices.map((o) => o.officeNo)).size).toBe(20);
  });

  it("are registrable exactly when they make care plans", () => {
    const notRegistrable = data.offices.filter(
      (o) => o.registrable === "対象外",
    );
    expect(notRegistrable.map((o) => o.serviceType)).toEqual([
      "その他",
      "その他",
    ]);
    expect(
      data.offices
        .filter((o) => o.registrable === "対象")
        .every((o) => o.serviceType !== "その他"),
    ).toBe(true);
  });
});

describe("demo applications", () => {
  it.each(all)(
    "are 207 within the 3 months before today but the overdue showcase one, numbered in order of 申請日 (seed $seed, $today)",
    ({ today, data: d }) => {
      expect(APPLICATION_COUNT).toBe(207);
      expect(d.applications).toHaveLength(APPLICATION_COUNT);
      const from = addMonths(today, -3);
      for (const a of d.applications) {
        if (a.insuredNo !== DEMO_SHOWCASE.overdue) {
          expect(a.applicationDate > from && a.applicationDate <= today).toBe(
            true,
          );
        }
      }
      expect(d.applications.map((a) => a.applicationNo)).toEqual(
        d.applications.map((_, i) => `DEMO-${String(i + 1).padStart(6, "0")}`),
      );
      const dates = d.applications.map((a) => a.applicationDate);
      expect([...dates].sort()).toEqual(dates);
    },
  );

  it.each(all)(
    "all pass checkProgressDates without a problem (seed $seed, $today)",
    ({ data: d }) => {
      const problems = d.applications.flatMap((a) =>
        checkProgressDates(datesOf(a)).map(
          (p) => `${a.applicationNo} ${p.message}`,
        ),
      );
      expect(problems).toEqual([]);
    },
  );

  it.each(all)(
    "carry 進捗 and search keys derived by domain/ (seed $seed, $today)",
    ({ data: d }) => {
      for (const a of d.applications) {
        expect(a.stage).toBe(stages[stageOf(datesOf(a))].label);
        expect({
          insuredNoLast6: a.insuredNoLast6,
          applicationDateMMDD: a.applicationDateMMDD,
          birthDateYMD: a.birthDateYMD,
        }).toEqual(searchKeysOf(a));
      }
    },
  );

  it.each(all)("reach every stage (seed $seed, $today)", ({ data: d }) => {
    expect(new Set(d.applications.map((a) => a.stage))).toEqual(
      new Set(labelsOf(stages)),
    );
  });

  it.each(all)(
    "hold the showcase: one at each 進捗 within the window, and one open 4 months after 申請日 (seed $seed, $today)",
    ({ today, data: d }) => {
      const of = (no: string) =>
        d.applications.filter((a) => a.insuredNo === no);
      const start = publicationWindowStart(today, 3);
      for (const stage of Object.keys(stages) as Array<keyof typeof stages>) {
        const [a, more] = of(DEMO_SHOWCASE[stage]);
        expect(more).toBeUndefined();
        expect(a?.stage).toBe(stages[stage].label);
        expect(
          compareDates(a?.applicationDate ?? "", start),
        ).toBeGreaterThanOrEqual(0);
        expect(isPublished(a ?? {}, today, 3)).toBe(true);
        // In the care of the demo login's office.
        expect(a?.assignedOfficeNo).toBe(d.offices[0]?.officeNo);
      }
      const [overdue] = of(DEMO_SHOWCASE.overdue);
      expect(overdue?.stage).toBe(stages.doctorOpinion.label);
      expect(isOpenApplication(overdue ?? {})).toBe(true);
      const applied = overdue?.applicationDate ?? "";
      expect(applied < start).toBe(true);
      // About 4 months: that day, or the weekday before it.
      expect(daysBetween(applied, addMonths(today, -4))).toBeGreaterThanOrEqual(
        0,
      );
      expect(daysBetween(applied, addMonths(today, -4))).toBeLessThanOrEqual(2);
      expect(isPublished(overdue ?? {}, today, 3)).toBe(true);
      // Their 下6桁 are no one else's.
      for (const no of Object.values(DEMO_SHOWCASE)) {
        expect(
          d.applications
            .filter((a) => a.insuredNoLast6 === no.slice(-6))
            .map((a) => a.insuredNo),
        ).toEqual([no]);
      }
    },
  );

  it("are further along the longer ago they were applied for", () => {
    const order = labelsOf(stages).filter((s) => s !== stages.withdrawn.label);
    const meanDay = (stage: string): number => {
      const days = data.applications
        .filter((a) => a.stage === stage)
        .map((a) => Date.parse(a.applicationDate));
      return days.reduce((s, d) => s + d, 0) / days.length;
    };
    const means = order.map(meanDay);
    expect([...means].sort((x, y) => y - x)).toEqual(means);
  });

  it("mix 申請区分 about 50 % 更新, 30 % 新規, 15 % 区分変更 and a few 転入 and 職権", () => {
    const apps = data.applications;
    expect(share(apps, applicationTypes.renewal.label)).toBeCloseTo(0.5, 1);
    expect(share(apps, applicationTypes.new.label)).toBeCloseTo(0.3, 1);
    expect(share(apps, applicationTypes.change.label)).toBeCloseTo(0.15, 1);
    expect(share(apps, applicationTypes.transferIn.label)).toBeGreaterThan(0);
    expect(share(apps, applicationTypes.exOfficio.label)).toBeGreaterThan(0);
  });

  it("have 被保険者番号 from the fake range, some みなし2号, and people 40 or older, mostly 65+", () => {
    for (const a of data.applications) {
      expect(parseInsuredNo(a.insuredNo)).toEqual({
        ok: true,
        value: a.insuredNo,
      });
      expect(a.insuredNo).toMatch(/^(99999|H99999)/);
    }
    const minashi = data.applications.filter((a) =>
      a.insuredNo.startsWith("H"),
    );
    expect(minashi.length).toBeGreaterThanOrEqual(1);
    const ageOf = (a: DemoApplication) =>
      (Date.parse(a.applicationDate) - Date.parse(a.birthDate)) /
      (365.25 * 86_400_000);
    const ages = data.applications.map(ageOf);
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(40);
    expect(ages.filter((x) => x >= 65).length / ages.length).toBeGreaterThan(
      0.85,
    );
    expect(minashi.every((a) => ageOf(a) < 65)).toBe(true);
  });

  it("include people with several applications, a later one after the earlier is certified", () => {
    const byPerson = new Map<string, DemoApplication[]>();
    for (const a of data.applications) {
      byPerson.set(a.insuredNo, [...(byPerson.get(a.insuredNo) ?? []), a]);
    }
    const repeated = [...byPerson.values()].filter((list) => list.length > 1);
    expect(repeated.length).toBeGreaterThanOrEqual(2);
    for (const [first, second] of repeated as Array<
      [DemoApplication, DemoApplication]
    >) {
      expect(first.certificationDate).not.toBe("");
      expect(second.applicationDate > first.certificationDate).toBe(true);
      expect(second.birthDate).toBe(first.birthDate);
    }
    const last6 = new Map([...byPerson.keys()].map((no) => [no.slice(-6), no]));
    expect(last6.size).toBe(byPerson.size);
  });

  it("name a care manager's office for many, always one of the registrable demo offices", () => {
    const registrable = new Set(
      data.offices
        .filter((o) => o.registrable === "対象")
        .map((o) => o.officeNo),
    );
    const assigned = data.applications.filter((a) => a.assignedOfficeNo !== "");
    expect(assigned.length / data.applications.length).toBeGreaterThan(0.5);
    expect(assigned.every((a) => registrable.has(a.assignedOfficeNo))).toBe(
      true,
    );
  });

  it("give 要介護状態区分 and 有効期間 to certified ones only", () => {
    for (const a of data.applications) {
      const certified = a.stage === stages.certified.label;
      expect(a.careLevel !== "").toBe(certified);
      if (certified && a.careLevel !== "非該当") {
        expect(a.validFrom).not.toBe("");
        expect(a.validTo > a.validFrom).toBe(true);
      }
    }
  });
});

describe("demo registrations", () => {
  it("are 6, one in each state, with demo@example.jp the one in use", () => {
    expect(data.registrations.map((r) => r.status).sort()).toEqual(
      labelsOf(registrationStatuses).sort(),
    );
    const active = data.registrations.find((r) => r.status === "利用中");
    expect(active?.record.email).toBe(DEMO_EMAIL);
  });

  it("use example.jp addresses, katakana デモ names and offices of the demo master", () => {
    const offices = new Set(data.offices.map((o) => o.officeNo));
    for (const { record } of data.registrations) {
      expect(parseEmail(record.email)).toEqual({
        ok: true,
        value: record.email,
      });
      expect(record.email).toMatch(/@example\.jp$/);
      expect(parseKanaName(record.staffNameKana)).toEqual({
        ok: true,
        value: record.staffNameKana,
      });
      expect(offices.has(record.officeNo)).toBe(true);
      expect(parsePhone(record.officePhone).ok).toBe(true);
    }
  });

  it("give a reason to 差戻し and 却下, and a reason and a time to 利用停止", () => {
    const of = (status: string) =>
      data.registrations.find((r) => r.status === status)?.record;
    expect(of("差戻し")?.returnReason).not.toBe("");
    expect(of("却下")?.returnReason).not.toBe("");
    expect(of("利用停止")?.suspensionReason).not.toBe("");
    expect(of("利用停止")?.suspendedAt).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:00Z$/,
    );
    expect(of("申請中")?.reviewedAt).toBe("");
  });
});

describe("demo consents", () => {
  it("are for people who have applications: 本人, and one 代理人 with name and 続柄", () => {
    const people = new Set(data.applications.map((a) => a.insuredNo));
    expect(data.consents.length).toBeGreaterThanOrEqual(3);
    for (const c of data.consents) {
      expect(people.has(c.insuredNo)).toBe(true);
      const proxy = c.consenter === "代理人";
      expect(c.proxyName !== "").toBe(proxy);
      expect(c.proxyRelation !== "").toBe(proxy);
      expect(c.receivedDate >= c.consentDate).toBe(true);
    }
    expect(data.consents.filter((c) => c.consenter === "代理人")).toHaveLength(
      1,
    );
    expect(
      data.consents.filter((c) => c.consenter === "本人").length,
    ).toBeGreaterThan(1);
  });
});

describe("what the demo data holds", () => {
  const records: Array<[AppCode, SeedRecord[]]> = [
    ["offices", data.offices],
    ["progress", data.applications],
    ["registration", data.registrations.map((r) => r.record)],
    ["consent", data.consents],
  ];

  it.each(records)(
    "fits the fields of the %s app, options included",
    (code, list) => {
      const { fields } = schemaOf(code);
      for (const record of list) {
        for (const [field, value] of Object.entries(record)) {
          const schema = fields[field];
          expect(schema).toBeDefined();
          const values = Array.isArray(value) ? value : [value];
          for (const v of values.filter((x) => x !== "")) {
            if (schema?.options) {
              expect(Object.keys(schema.options)).toContain(v);
            }
            if (schema?.maxLength) {
              expect(v.length).toBeLessThanOrEqual(Number(schema.maxLength));
            }
          }
        }
      }
    },
  );

  it("has no names in 認定進捗 and only obviously fake デモ names elsewhere", () => {
    const progressFields = Object.values(schemaOf("progress").fields);
    expect(
      progressFields.filter((f) =>
        /name|氏名|名前/i.test(`${f.code}${f.label}`),
      ),
    ).toEqual([]);
    const names = [
      ...data.offices.flatMap((o) => [o.officeName, o.corporationName]),
      ...data.registrations.map((r) => r.record.staffNameKana),
      ...data.consents.map((c) => c.proxyName).filter((n) => n !== ""),
    ];
    expect(names.filter((n) => !n.includes("デモ"))).toEqual([]);
    expect(data.offices.every((o) => o.address.includes("デモ市"))).toBe(true);
  });
});
