/**
 * The demo data of `npm run seed`, generated from a seed and a "today" date, without I/O.
 *
 * Everything here is synthetic and plainly fake:
 * - 事業所番号: 都道府県 14, 郡市区 99, 番号 9001–9020, with a valid 検証番号 — a made-up range.
 * - 事業所名・法人名 start with 「デモ」; 所在地 is in 「デモ市」, a city that does not exist.
 * - 電話番号 045-000-00xx: a 市内局番 never begins with 0, so no such line can exist, yet the
 *   number has the shape domain/phone.ts accepts.
 * - 被保険者番号 start with 99999 (or H99999 for みなし2号); 生年月日 are drawn at random.
 * - 申請番号 are DEMO-000001 ….
 * - 認定進捗 holds no names at all; registrations and consents carry katakana names starting
 *   with デモ (デモタロウ, デモダイリ) and addresses at example.jp, a domain reserved for examples.
 * Same seed and same today → the same data, value for value.
 */
import {
  applicationTypes,
  careLevels,
  type Stage,
  consenters,
  pledgeText,
  registrability,
  registrationStatuses,
  registrationRequestTypes,
  serviceTypes,
  type ApplicationType,
  type CareLevel,
  type RegistrationStatus,
} from "../../domain/codes.ts";
import {
  addDays,
  addMonths,
  addYears,
  compareDates,
  daysInMonth,
  splitIsoDate,
  toIsoDate,
  type IsoDate,
} from "../../domain/date.ts";
import { officeNoCheckDigit } from "../../domain/officeNo.ts";
import { progressDerived } from "../../domain/progress.ts";
import { substream, type Random } from "./random.ts";

export const DEFAULT_SEED = 1;

/** The address a newcomer logs in with in the demo: its registration is 利用中. */
export const DEMO_EMAIL = "demo@example.jp";

/** A record as the seed writes it: field code → value ("" for an empty field). */
import type {
  ConsentValues,
  OfficeValues,
  ProgressValues,
  RegistrationValues,
} from "../../schemas/records.ts";

export type SeedRecord = Record<string, string | string[]>;

/** An office record: every field of the offices app (generated types). */
export type DemoOffice = OfficeValues;

/** An application: every field of the progress app (generated types). */
export type DemoApplication = ProgressValues;

/**
 * A registration: the fields of the registration app (generated types) but the lookup's copy
 * (officeName, filled by kintone) and 最終ログイン日時, which only the portal writes (the seed
 * sets it only for 利用停止).
 */
export type DemoRegistrationRecord = Omit<
  RegistrationValues,
  "officeName" | "lastLoginAt"
> & {
  lastLoginAt?: string;
};

export interface DemoRegistration {
  /** The process state the record is brought to, by its label. */
  status: string;
  record: DemoRegistrationRecord;
}

/** A consent: every field of the consent app (generated types). */
export type DemoConsent = ConsentValues;

export interface DemoData {
  offices: DemoOffice[];
  applications: DemoApplication[];
  registrations: DemoRegistration[];
  consents: DemoConsent[];
}

// ---------------------------------------------------------------------------------------------
// Calendar helpers

const weekdayOf = (iso: IsoDate): number =>
  new Date(`${iso}T00:00:00Z`).getUTCDay();

const isWeekday = (iso: IsoDate): boolean => {
  const d = weekdayOf(iso);
  return d !== 0 && d !== 6;
};

/** The date itself when it is a weekday, else the Monday after. */
const nextWeekday = (iso: IsoDate): IsoDate => {
  let d = iso;
  while (!isWeekday(d)) {
    d = addDays(d, 1);
  }
  return d;
};

/** The date itself when it is a weekday, else the Friday before. */
const previousWeekday = (iso: IsoDate): IsoDate => {
  let d = iso;
  while (!isWeekday(d)) {
    d = addDays(d, -1);
  }
  return d;
};

/** A weekday `min`–`max` days after `iso`. */
const after = (r: Random, iso: IsoDate, min: number, max: number): IsoDate =>
  nextWeekday(addDays(iso, r.int(min, max)));

const laterOf = (a: IsoDate, b: IsoDate): IsoDate => (a > b ? a : b);
const earlierOf = (a: IsoDate, b: IsoDate): IsoDate => (a < b ? a : b);

const endOfMonth = (iso: IsoDate): IsoDate => {
  const { year, month } = splitIsoDate(iso) ?? { year: 2000, month: 1 };
  return toIsoDate(year, month, daysInMonth(year, month));
};

/** The weekdays after `from` up to and including `to`. */
const weekdaysAfter = (from: IsoDate, to: IsoDate): IsoDate[] => {
  const days: IsoDate[] = [];
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) {
    if (isWeekday(d)) {
      days.push(d);
    }
  }
  return days;
};

/** A DATETIME in UTC at the given time of day in Japan. */
const jstDateTime = (iso: IsoDate, hour: number, minute: number): string => {
  const utcHour = hour - 9;
  const day = utcHour < 0 ? addDays(iso, -1) : iso;
  const h = String((utcHour + 24) % 24).padStart(2, "0");
  return `${day}T${h}:${String(minute).padStart(2, "0")}:00Z`;
};

const pad = (n: number, width: number): string =>
  String(n).padStart(width, "0");

// ---------------------------------------------------------------------------------------------
// 事業所マスタ

interface OfficeKind {
  count: number;
  category: string;
  serviceType: string;
  name: string;
  corporation: string;
  registrable: boolean;
}

const OFFICE_KINDS: readonly OfficeKind[] = [
  {
    count: 13,
    category: "7",
    serviceType: serviceTypes.homeCareSupport.label,
    name: "デモ居宅介護支援事業所",
    corporation: "社会福祉法人デモ福祉会",
    registrable: true,
  },
  {
    count: 3,
    category: "0",
    serviceType: serviceTypes.communityCenter.label,
    name: "デモ地域包括支援センター",
    corporation: "社会福祉法人デモ福祉会",
    registrable: true,
  },
  {
    count: 1,
    category: "9",
    serviceType: serviceTypes.smallMultifunction.label,
    name: "デモ小規模多機能ホーム",
    corporation: "特定非営利活動法人デモの会",
    registrable: true,
  },
  {
    count: 1,
    category: "9",
    serviceType: serviceTypes.nursingSmallMultifunction.label,
    name: "デモ看護小規模多機能ホーム",
    corporation: "医療法人社団デモ会",
    registrable: true,
  },
  {
    count: 1,
    category: "7",
    serviceType: serviceTypes.other.label,
    name: "デモ訪問介護事業所",
    corporation: "株式会社デモケア",
    registrable: false,
  },
  {
    count: 1,
    category: "7",
    serviceType: serviceTypes.other.label,
    name: "デモ通所介護事業所",
    corporation: "株式会社デモケア",
    registrable: false,
  },
];

/** 事業所番号 14 + 区分 + 99 + 9000+n + 検証番号: valid, and in a range made up for the demo. */
export const demoOfficeNo = (category: string, n: number): string => {
  const first9 = `14${category}99${pad(9000 + n, 4)}`;
  return `${first9}${officeNoCheckDigit(first9)}`;
};

/** 045-000-00nn: well-formed, and no real line (a 市内局番 never begins with 0). */
export const demoPhone = (n: number): string => `045-000-${pad(n, 4)}`;

const generateOffices = (seed: number): DemoOffice[] => {
  const r = substream(seed, 1);
  const offices: DemoOffice[] = [];
  for (const kind of OFFICE_KINDS) {
    for (let i = 1; i <= kind.count; i++) {
      const n = offices.length + 1;
      offices.push({
        officeNo: demoOfficeNo(kind.category, n),
        officeName: `${kind.name}${pad(i, 2)}`,
        corporationName: kind.corporation,
        serviceType: kind.serviceType,
        address: `神奈川県デモ市中央${r.int(1, 5)}丁目${r.int(1, 30)}番${r.int(1, 20)}号`,
        phone: demoPhone(n),
        registrable: kind.registrable
          ? registrability.yes.label
          : registrability.no.label,
      });
    }
  }
  return offices;
};

// ---------------------------------------------------------------------------------------------
// 認定進捗

/** The generated applications: 188 single ones and 6 people with two. */
const GENERATED_COUNT = 200;

/**
 * The demo's fixed applications, one person each, that a browser test or a demonstration can
 * search for: one at each 進捗 with 申請日 within the publication window, and `overdue`, still
 * open (主治医意見書 not yet received) with 申請日 about four months before today — older than
 * the window, yet published, because an open application never leaves the portal
 * (domain/policy.ts). Their 被保険者番号 (and 生年月日) are the same for every seed and day; their
 * dates follow today. 下6桁: `DEMO_SHOWCASE.received.slice(-6)` and so on (990001 … 990007).
 */
export const DEMO_SHOWCASE = {
  received: "9999990001",
  survey: "9999990002",
  doctorOpinion: "9999990003",
  committee: "9999990004",
  certified: "9999990005",
  withdrawn: "9999990006",
  overdue: "9999990007",
} as const satisfies Record<Stage | "overdue", string>;

export type ShowcaseKey = keyof typeof DEMO_SHOWCASE;

export const APPLICATION_COUNT =
  GENERATED_COUNT + Object.keys(DEMO_SHOWCASE).length;
/** People with two applications: a first one certified, then a 区分変更 (or a new 新規). */
const REPEAT_PEOPLE = 6;
const WITHDRAWN = 5;
const MINASHI_PEOPLE = 2;

/** 申請区分 of the single applications: with the repeat people, 50/30/15/3/2 % of 200. */
const SINGLE_TYPE_COUNTS: ReadonlyArray<readonly [ApplicationType, number]> = [
  ["renewal", 100],
  ["new", 54],
  ["change", 24],
  ["transferIn", 6],
  ["exOfficio", 4],
];

const CARE_LEVEL_WEIGHTS: ReadonlyArray<readonly [CareLevel, number]> = [
  ["notApplicable", 3],
  ["support1", 14],
  ["support2", 14],
  ["care1", 20],
  ["care2", 17],
  ["care3", 13],
  ["care4", 11],
  ["care5", 8],
];

/** Age on 申請日: mostly 第1号 (65+), a few 第2号 (40–64). */
const AGE_BANDS: ReadonlyArray<readonly [readonly [number, number], number]> = [
  [[40, 64], 5],
  [[65, 74], 15],
  [[75, 84], 35],
  [[85, 94], 38],
  [[95, 102], 7],
];

/** Who applies: fixed by the seed alone, so the same people come back whatever today is. */
interface Person {
  insuredNo: string;
  /** Age on the (first) 申請日, and days since the last birthday. */
  age: number;
  daysPastBirthday: number;
}

/** A new person: a 被保険者番号 whose 下6桁 no one else has, and an age fitting 介護保険. */
const newPerson = (r: Random, used: Set<string>, minashi: boolean): Person => {
  let insuredNo = "";
  do {
    insuredNo = minashi
      ? `H99999${pad(r.int(0, 9999), 4)}`
      : `99999${pad(r.int(0, 99999), 5)}`;
  } while (used.has(insuredNo.slice(-6)));
  used.add(insuredNo.slice(-6));
  const [min, max] = minashi ? [40, 64] : r.weighted(AGE_BANDS);
  return { insuredNo, age: r.int(min, max), daysPastBirthday: r.int(1, 360) };
};

const birthDateOf = (p: Person, applicationDate: IsoDate): IsoDate =>
  addDays(addYears(applicationDate, -p.age), -p.daysPastBirthday);

/** When each step would happen; what is already known depends on today. */
interface Timeline {
  surveyFixedOn: IsoDate;
  surveyScheduledDate: IsoDate;
  surveyDate: IsoDate;
  surveyReceivedDate: IsoDate;
  doctorOpinionRequestDate: IsoDate;
  doctorOpinionReceivedDate: IsoDate;
  committeeFixedOn: IsoDate;
  committeeScheduledDate: IsoDate;
  certificationDate: IsoDate;
}

/**
 * A typical course: the survey is fixed within a week and held 1–3 weeks after 申請 (now and
 * then a few days late), its 調査票 a few days later; the 意見書 is requested at once and comes
 * back in 2–4 weeks; the 審査会 is set once both are in, some 4–6 weeks after 申請, and 認定日
 * is that day or soon after. Steps fall on weekdays.
 */
const planTimeline = (r: Random, applied: IsoDate): Timeline => {
  const surveyScheduledDate = after(r, applied, 7, 21);
  const surveyDate = r.chance(0.1)
    ? after(r, surveyScheduledDate, 1, 4)
    : surveyScheduledDate;
  const surveyReceivedDate = after(r, surveyDate, 2, 7);
  const doctorOpinionRequestDate = after(r, applied, 1, 5);
  const doctorOpinionReceivedDate = after(r, doctorOpinionRequestDate, 14, 28);
  const bothIn = laterOf(surveyReceivedDate, doctorOpinionReceivedDate);
  const committeeScheduledDate = nextWeekday(
    laterOf(addDays(applied, r.int(28, 42)), addDays(bothIn, r.int(3, 10))),
  );
  return {
    surveyFixedOn: addDays(applied, r.int(2, 6)),
    surveyScheduledDate,
    surveyDate,
    surveyReceivedDate,
    doctorOpinionRequestDate,
    doctorOpinionReceivedDate,
    committeeFixedOn: addDays(bothIn, 1),
    committeeScheduledDate,
    certificationDate: after(r, committeeScheduledDate, 0, 2),
  };
};

type KnownDates = Pick<
  DemoApplication,
  | "surveyScheduledDate"
  | "surveyDate"
  | "surveyReceivedDate"
  | "doctorOpinionRequestDate"
  | "doctorOpinionReceivedDate"
  | "committeeScheduledDate"
  | "committeeDate"
  | "certificationDate"
>;

/** The dates known on `cutoff`: a step is recorded once it has happened (or been fixed). */
const knownOn = (t: Timeline, cutoff: IsoDate): KnownDates => {
  const seen = (date: IsoDate, fixedOn: IsoDate = date): IsoDate =>
    fixedOn <= cutoff ? date : "";
  return {
    surveyScheduledDate: seen(t.surveyScheduledDate, t.surveyFixedOn),
    surveyDate: seen(t.surveyDate),
    surveyReceivedDate: seen(t.surveyReceivedDate),
    doctorOpinionRequestDate: seen(t.doctorOpinionRequestDate),
    doctorOpinionReceivedDate: seen(t.doctorOpinionReceivedDate),
    committeeScheduledDate: seen(t.committeeScheduledDate, t.committeeFixedOn),
    committeeDate: seen(t.committeeScheduledDate),
    certificationDate: seen(t.certificationDate),
  };
};

type Outcome = Pick<DemoApplication, "careLevel" | "validFrom" | "validTo">;

/**
 * 要介護状態区分 and 有効期間: a 更新 starts the day after the old period ends (the end of the
 * month after 申請, as 更新 is applied for within 60 days of the end) and runs 1–4 years; other kinds start on 申請日 and run 6 or 12
 * months to a month end. 非該当 has no period.
 */
const outcomeOf = (
  r: Random,
  type: ApplicationType,
  applied: IsoDate,
): Outcome => {
  const level = r.weighted(CARE_LEVEL_WEIGHTS);
  if (level === "notApplicable") {
    return { careLevel: careLevels[level].label, validFrom: "", validTo: "" };
  }
  if (type === "renewal") {
    const validFrom = addDays(endOfMonth(addMonths(applied, 1)), 1);
    const months = r.weighted([
      [12, 3],
      [24, 2],
      [36, 4],
      [48, 1],
    ] as const);
    return {
      careLevel: careLevels[level].label,
      validFrom,
      validTo: endOfMonth(addMonths(validFrom, months - 1)),
    };
  }
  const months = r.weighted([
    [6, 3],
    [12, 1],
  ] as const);
  return {
    careLevel: careLevels[level].label,
    validFrom: applied,
    validTo: endOfMonth(addMonths(applied, months)),
  };
};

interface Draft {
  insuredNo: string;
  birthDate: IsoDate;
  type: ApplicationType;
  applicationDate: IsoDate;
  withdraw: boolean;
  assignedOfficeNo: string;
}

type Unnumbered = Omit<DemoApplication, "applicationNo">;

const buildApplication = (r: Random, today: IsoDate, d: Draft): Unnumbered => {
  const timeline = planTimeline(r, d.applicationDate);
  // Withdrawn within three weeks, before any 審査会: nothing from that day on is recorded.
  const withdrawalDate = d.withdraw
    ? earlierOf(after(r, d.applicationDate, 3, 20), today)
    : "";
  const known = {
    ...knownOn(
      timeline,
      withdrawalDate === "" ? today : addDays(withdrawalDate, -1),
    ),
    ...(d.withdraw ? { certificationDate: "" } : {}),
  };
  const outcome: Outcome =
    known.certificationDate === ""
      ? { careLevel: "", validFrom: "", validTo: "" }
      : outcomeOf(r, d.type, d.applicationDate);
  const dates = {
    applicationDate: d.applicationDate,
    birthDate: d.birthDate,
    ...known,
    ...outcome,
    withdrawalDate,
  };
  return {
    insuredNo: d.insuredNo,
    applicationType: applicationTypes[d.type].label,
    ...dates,
    assignedOfficeNo: d.assignedOfficeNo,
    ...progressDerived({ ...dates, insuredNo: d.insuredNo }),
  };
};

/**
 * One application "slot": who, which 申請区分, whether withdrawn, which care manager. Drawn from
 * the seed alone; only the dates (and what follows from them) depend on today.
 */
interface Slot {
  repeat: boolean;
  type: ApplicationType;
  person: Person;
  withdraw: boolean;
  assignedOfficeNo: string;
}

/** Most 更新 and 区分変更 already have a care manager; about half of the others do. */
const officeFor = (
  r: Random,
  careOffices: readonly string[],
  type: ApplicationType,
): string => {
  const p = type === "renewal" || type === "change" ? 0.85 : 0.45;
  return r.chance(p) ? r.pick(careOffices) : "";
};

const planSlots = (seed: number, careOffices: readonly string[]): Slot[] => {
  const r = substream(seed, 2);
  // The showcase's 下6桁 are no one else's.
  const used = new Set<string>(
    Object.values(DEMO_SHOWCASE).map((no) => no.slice(-6)),
  );
  const types = r.shuffle(
    SINGLE_TYPE_COUNTS.flatMap(([type, n]) =>
      Array.from({ length: n }, () => type),
    ),
  );
  const indices = r.shuffle(types.map((_, i) => i));
  const withdrawn = new Set(indices.slice(0, WITHDRAWN));
  const minashi = new Set(indices.slice(WITHDRAWN, WITHDRAWN + MINASHI_PEOPLE));
  const repeats = Array.from({ length: REPEAT_PEOPLE }, (): Slot => ({
    repeat: true,
    type: "new",
    person: newPerson(r, used, false),
    withdraw: false,
    assignedOfficeNo: r.pick(careOffices),
  }));
  const singles = types.map((type, i): Slot => ({
    repeat: false,
    type,
    person: newPerson(r, used, minashi.has(i)),
    withdraw: withdrawn.has(i),
    assignedOfficeNo: officeFor(r, careOffices, type),
  }));
  return [...repeats, ...singles];
};

interface Calendar {
  today: IsoDate;
  /** The weekdays of the last 3 months: the possible 申請日. */
  days: IsoDate[];
}

const singleApplication = (
  r: Random,
  cal: Calendar,
  slot: Slot,
): Unnumbered => {
  const applicationDate = r.pick(cal.days);
  return buildApplication(r, cal.today, {
    ...slot,
    insuredNo: slot.person.insuredNo,
    birthDate: birthDateOf(slot.person, applicationDate),
    applicationDate,
  });
};

/** One person's two applications: an early 新規, certified, then a 区分変更 (新規 after 非該当). */
const repeatApplications = (
  r: Random,
  cal: Calendar,
  slot: Slot,
): Unnumbered[] => {
  const first = singleApplication(
    r,
    { ...cal, days: cal.days.slice(0, 10) },
    slot,
  );
  const laterDays = cal.days.filter(
    (d) =>
      first.certificationDate !== "" && d > addDays(first.certificationDate, 7),
  );
  const applicationDate = laterDays.length > 0 ? r.pick(laterDays) : cal.today;
  const second = buildApplication(r, cal.today, {
    ...slot,
    insuredNo: first.insuredNo,
    birthDate: first.birthDate,
    type: first.careLevel === careLevels.notApplicable.label ? "new" : "change",
    applicationDate,
  });
  return [first, second];
};

const NO_DATES = {
  surveyScheduledDate: "",
  surveyDate: "",
  surveyReceivedDate: "",
  doctorOpinionRequestDate: "",
  doctorOpinionReceivedDate: "",
  committeeScheduledDate: "",
  committeeDate: "",
  certificationDate: "",
  careLevel: "",
  validFrom: "",
  validTo: "",
  withdrawalDate: "",
} as const;

/** A weekday `days` days (or the first weekday after) from `iso`. */
const step = (iso: IsoDate, days: number): IsoDate =>
  nextWeekday(addDays(iso, days));

/** The showcase's steps, from 申請日: the 意見書 requested the next weekday… */
const requested = (a: IsoDate) => ({ doctorOpinionRequestDate: step(a, 1) });
/** …and received 20 days later; the survey scheduled a week after 申請日… */
const opinionReceived = (a: IsoDate) => ({
  ...requested(a),
  doctorOpinionReceivedDate: step(step(a, 1), 20),
});
const scheduled = (a: IsoDate) => ({ surveyScheduledDate: step(a, 7) });
/** …held that day, its 調査票 received 3 days later. */
const surveyed = (a: IsoDate) => ({
  ...scheduled(a),
  surveyDate: step(a, 7),
  surveyReceivedDate: step(step(a, 7), 3),
});

/** The steps done by each showcase application, from its 申請日. */
const SHOWCASE_PLANS: Record<
  ShowcaseKey,
  {
    appliedAbout: (today: IsoDate) => IsoDate;
    type: ApplicationType;
    dates: (applied: IsoDate) => Partial<Record<keyof typeof NO_DATES, string>>;
  }
> = {
  received: {
    appliedAbout: (t) => addDays(t, -1),
    type: "new",
    dates: () => ({}),
  },
  survey: {
    appliedAbout: (t) => addDays(t, -12),
    type: "renewal",
    dates: (a) => ({ ...requested(a), ...scheduled(a) }),
  },
  doctorOpinion: {
    appliedAbout: (t) => addDays(t, -25),
    type: "change",
    dates: (a) => ({ ...requested(a), ...surveyed(a) }),
  },
  committee: {
    appliedAbout: (t) => addDays(t, -40),
    type: "renewal",
    dates: (a) => ({
      ...opinionReceived(a),
      ...surveyed(a),
      committeeScheduledDate: step(a, 44),
    }),
  },
  certified: {
    appliedAbout: (t) => addDays(t, -55),
    type: "new",
    dates: (a) => ({
      ...opinionReceived(a),
      ...surveyed(a),
      committeeScheduledDate: step(a, 38),
      committeeDate: step(a, 38),
      certificationDate: step(step(a, 38), 1),
      careLevel: careLevels.care2.label,
      validFrom: a,
      validTo: endOfMonth(addMonths(a, 12)),
    }),
  },
  withdrawn: {
    appliedAbout: (t) => addDays(t, -30),
    type: "new",
    dates: (a) => ({
      ...requested(a),
      ...scheduled(a),
      withdrawalDate: step(a, 12),
    }),
  },
  overdue: {
    appliedAbout: (t) => addMonths(t, -4),
    type: "change",
    dates: (a) => ({ ...requested(a), ...surveyed(a) }),
  },
};

/** The showcase applications (DEMO_SHOWCASE) on `today`, in the care of `officeNo`. */
const showcaseApplications = (today: IsoDate, officeNo: string): Unnumbered[] =>
  (Object.keys(DEMO_SHOWCASE) as ShowcaseKey[]).map((key, i) => {
    const plan = SHOWCASE_PLANS[key];
    const insuredNo = DEMO_SHOWCASE[key];
    const applicationDate = previousWeekday(plan.appliedAbout(today));
    const dates = {
      applicationDate,
      birthDate: toIsoDate(1940 + i, i + 1, 10 + i),
      ...NO_DATES,
      ...plan.dates(applicationDate),
    };
    return {
      insuredNo,
      applicationType: applicationTypes[plan.type].label,
      ...dates,
      assignedOfficeNo: officeNo,
      ...progressDerived({ ...dates, insuredNo }),
    };
  });

/**
 * ~3 months of applications and the showcase (DEMO_SHOWCASE), numbered DEMO-000001 … in order
 * of 申請日.
 */
const generateApplications = (
  seed: number,
  today: IsoDate,
  offices: readonly DemoOffice[],
): DemoApplication[] => {
  const careOffices = offices
    .filter((o) => o.registrable === registrability.yes.label)
    .map((o) => o.officeNo);
  const cal: Calendar = {
    today,
    days: weekdaysAfter(addMonths(today, -3), today),
  };
  const drafts = planSlots(seed, careOffices).flatMap((slot, i) => {
    // Each slot its own stream: one slot's dates never shift another's.
    const r = substream(seed, 1000 + i);
    return slot.repeat
      ? repeatApplications(r, cal, slot)
      : [singleApplication(r, cal, slot)];
  });
  // The showcase in the care of the demo login's office (the first; see generateRegistrations).
  const showcase = showcaseApplications(today, careOffices[0] ?? "");
  return [...drafts, ...showcase]
    .sort((a, b) => compareDates(a.applicationDate, b.applicationDate))
    .map((a, i) => ({ applicationNo: `DEMO-${pad(i + 1, 6)}`, ...a }));
};

// ---------------------------------------------------------------------------------------------
// 事業所利用登録

const REVIEWER = "認定係（デモ）";

const registrationOf = (
  status: RegistrationStatus,
  base: Pick<
    DemoRegistrationRecord,
    "applicationDate" | "officeNo" | "officePhone" | "email" | "staffNameKana"
  >,
  extra: Partial<DemoRegistrationRecord> = {},
): DemoRegistration => ({
  status: registrationStatuses[status].label,
  record: {
    registrationRequestType: registrationRequestTypes.new.label,
    pledge: [pledgeText("").consent],
    reviewer: "",
    reviewedAt: "",
    returnReason: "",
    approvalNotifiedAt: "",
    suspendedAt: "",
    suspensionReason: "",
    ...base,
    ...extra,
  },
});

/** One registration in each state of the process; demo@example.jp is the one in use. */
const generateRegistrations = (
  today: IsoDate,
  offices: readonly DemoOffice[],
): DemoRegistration[] => {
  const office = (i: number): DemoOffice => offices[i] as DemoOffice;
  const at = (days: number, hour: number, minute: number): string =>
    jstDateTime(addDays(today, -days), hour, minute);
  const from = (i: number, email: string, staffNameKana: string, days = 0) => ({
    applicationDate: addDays(today, -days),
    officeNo: office(i).officeNo,
    officePhone: office(i).phone,
    email,
    staffNameKana,
  });
  const rejectedOffice = offices.findIndex(
    (o) => o.registrable === registrability.no.label,
  );
  return [
    registrationOf(
      "applied",
      from(1, "demo-applied@example.jp", "デモイチロウ", 1),
    ),
    registrationOf(
      "reviewing",
      from(2, "demo-reviewing@example.jp", "デモジロウ", 3),
    ),
    registrationOf("active", from(0, DEMO_EMAIL, "デモタロウ", 30), {
      reviewer: REVIEWER,
      reviewedAt: at(28, 10, 15),
      approvalNotifiedAt: at(28, 10, 20),
    }),
    registrationOf(
      "returned",
      {
        ...from(3, "demo-returned@example.jp", "デモサブロウ", 10),
        officePhone: demoPhone(99),
      },
      {
        reviewer: REVIEWER,
        reviewedAt: at(8, 14, 0),
        returnReason:
          "事業所電話番号が事業所マスタの電話番号と一致しません。正しい番号で再申請してください。",
      },
    ),
    registrationOf(
      "rejected",
      from(
        Math.max(0, rejectedOffice),
        "demo-rejected@example.jp",
        "デモシロウ",
        12,
      ),
      {
        reviewer: REVIEWER,
        reviewedAt: at(11, 9, 30),
        returnReason:
          "登録対象外の事業所です。利用登録できるのはケアプランを作成する事業所（居宅介護支援事業所・地域包括支援センター等）です。",
      },
    ),
    registrationOf(
      "suspended",
      from(4, "demo-suspended@example.jp", "デモハナコ", 150),
      {
        reviewer: REVIEWER,
        reviewedAt: at(148, 11, 0),
        approvalNotifiedAt: at(148, 11, 5),
        lastLoginAt: at(80, 16, 40),
        suspendedAt: at(15, 2, 0),
        suspensionReason:
          "2か月間ログインがなかったため、利用を停止しました（遵守事項6）。",
      },
    ),
  ];
};

// ---------------------------------------------------------------------------------------------
// 同意

const CONSENTS = 5;

/**
 * A few consents, for people who have applications and a care manager: 本人 mostly (one of
 * them withdrawn later), and one 代理人 with a made-up name and 続柄.
 */
const generateConsents = (
  seed: number,
  today: IsoDate,
  applications: readonly DemoApplication[],
): DemoConsent[] => {
  const r = substream(seed, 4);
  const latest = new Map<string, DemoApplication>();
  for (const a of applications) {
    if (a.assignedOfficeNo !== "") {
      latest.set(a.insuredNo, a);
    }
  }
  // Sorted first: the same people are chosen whatever today is.
  const people = [...latest.keys()].sort();
  const chosen = r
    .shuffle(people)
    .slice(0, CONSENTS)
    .map((no) => latest.get(no) as DemoApplication);
  return chosen.map((a, i): DemoConsent => {
    const consentDate = addDays(a.applicationDate, -r.int(0, 5));
    const receivedDate = earlierOf(addDays(consentDate, r.int(0, 3)), today);
    const proxy = i === CONSENTS - 1;
    const viaOffice = i % 2 === 0;
    return {
      insuredNo: a.insuredNo,
      consentDate,
      consenter: proxy ? consenters.proxy.label : consenters.self.label,
      proxyName: proxy ? "デモダイリ" : "",
      proxyRelation: proxy ? "子" : "",
      submittingOfficeNo: viaOffice ? a.assignedOfficeNo : "",
      receivedDate,
      receptionDesk: viaOffice ? "郵送（事業所経由）" : "介護保険課窓口",
      consentWithdrawalDate:
        i === 1 ? earlierOf(addDays(receivedDate, r.int(3, 14)), today) : "",
    };
  });
};

// ---------------------------------------------------------------------------------------------

export interface GenerateOptions {
  seed: number;
  today: IsoDate;
}

/** All the demo data for one seed and one day. Pure: no clock, no I/O. */
export const generateDemoData = ({
  seed,
  today,
}: GenerateOptions): DemoData => {
  if (!splitIsoDate(today)) {
    throw new RangeError(`not a date: ${today}`);
  }
  const offices = generateOffices(seed);
  const applications = generateApplications(seed, today, offices);
  return {
    offices,
    applications,
    registrations: generateRegistrations(today, offices),
    consents: generateConsents(seed, today, applications),
  };
};
