/**
 * The query language of the local kintone, end to end: each query goes through
 * GET /k/v1/records.json with @kintone/rest-api-client against a fixed dataset and a fixed clock
 * (2026-11-21 12:00 in Japan, a Saturday). The expected ids come from a plain predicate written
 * next to each query, not from the sandbox's own matcher; errors name kintone's code.
 */
import { KintoneRestAPIError } from "@kintone/rest-api-client";
import { getApp } from "../sandbox/apps/model.ts";
import {
  expectConformingResponses,
  startTestSandbox,
  type TestSandbox,
} from "./support/sandbox.ts";

interface Row {
  item: string;
  qty: string;
}
interface Person {
  name: string;
  age: string;
  applied: string | null;
  at: string | null;
  time: string | null;
  memo: string;
  kind: string | null;
  tags: string[];
  link: string;
  owner: string[];
  rows: Row[];
}

/** Twelve synthetic people; ids 1–12 in this order. */
const people: Person[] = [
  {
    name: "山田太郎",
    age: "70",
    applied: "2026-11-21",
    at: "2026-11-21T01:00:00Z",
    time: "09:30",
    memo: "要介護1の更新",
    kind: "更新",
    tags: ["A"],
    link: "https://example.jp/a",
    owner: ["admin"],
    rows: [{ item: "杖", qty: "1" }],
  },
  {
    name: "鈴木花子",
    age: "82",
    applied: "2026-11-20",
    at: "2026-11-19T16:00:00Z",
    time: "13:00",
    memo: "",
    kind: "新規",
    tags: ["A", "B"],
    link: "",
    owner: [],
    rows: [],
  },
  {
    name: "佐藤一郎",
    age: "65",
    applied: "2026-11-15",
    at: "2026-11-14T15:00:00Z",
    time: "08:00",
    memo: "認定調査 予定",
    kind: "区分変更",
    tags: [],
    link: "https://example.jp/c",
    owner: ["sato"],
    rows: [
      { item: "車いす", qty: "2" },
      { item: "杖", qty: "3" },
    ],
  },
  {
    name: "田中",
    age: "40",
    applied: "2026-11-14",
    at: "2026-11-14T14:59:00Z",
    time: "23:59",
    memo: "  ",
    kind: "新規",
    tags: ["C"],
    link: "",
    owner: ["admin", "sato"],
    rows: [{ item: "ベッド", qty: "1" }],
  },
  {
    name: "Tanaka",
    age: "",
    applied: "2026-10-31",
    at: "2026-10-31T03:00:00Z",
    time: null,
    memo: "English memo",
    kind: null,
    tags: ["B", "C"],
    link: "https://example.jp/e",
    owner: [],
    rows: [],
  },
  {
    name: "tanaka",
    age: "100",
    applied: "2026-10-01",
    at: null,
    time: "00:00",
    memo: "",
    kind: "更新",
    tags: ["A", "B", "C"],
    link: "",
    owner: [],
    rows: [{ item: "手すり", qty: "4" }],
  },
  {
    name: "高橋",
    age: "45.5",
    applied: "2026-12-01",
    at: "2026-12-01T00:00:00Z",
    time: "12:00",
    memo: "来月",
    kind: "更新",
    tags: [],
    link: "",
    owner: ["sato"],
    rows: [],
  },
  {
    name: "伊藤",
    age: "90",
    applied: "2025-11-21",
    at: "2025-11-21T03:00:00Z",
    time: "12:00",
    memo: "昨年",
    kind: "新規",
    tags: ["A"],
    link: "",
    owner: [],
    rows: [],
  },
  {
    name: "渡辺",
    age: "75",
    applied: null,
    at: null,
    time: null,
    memo: "",
    kind: "区分変更",
    tags: [],
    link: "",
    owner: [],
    rows: [],
  },
  {
    name: "山本",
    age: "66",
    applied: "2026-11-22",
    at: "2026-11-22T00:00:00Z",
    time: "18:00",
    memo: "明日",
    kind: "新規",
    tags: ["B"],
    link: "",
    owner: ["admin"],
    rows: [],
  },
  {
    name: "中村",
    age: "1000",
    applied: "2027-01-05",
    at: "2027-01-05T00:00:00Z",
    time: "07:00",
    memo: "",
    kind: "更新",
    tags: [],
    link: "",
    owner: [],
    rows: [{ item: "杖", qty: "10" }],
  },
  {
    name: '小林"引用"',
    age: "50",
    applied: "2026-11-01",
    at: "2026-11-01T00:00:00Z",
    time: "10:00",
    memo: "改行\nあり",
    kind: "新規",
    tags: ["C"],
    link: "",
    owner: [],
    rows: [],
  },
];

type P = Person & { id: number };
const all: P[] = people.map((p, i) => ({ ...p, id: i + 1 }));
const num = (s: string): number | null => (s === "" ? null : Number(s));
/** JST date of a UTC instant. */
const jst = (iso: string | null): string | null =>
  iso === null
    ? null
    : new Date(Date.parse(iso) + 9 * 3600_000).toISOString().slice(0, 10);
const between = (d: string | null, from: string, to: string): boolean =>
  d !== null && d >= from && d <= to;
const desc = (ps: P[]): number[] => ps.map((p) => p.id).sort((a, b) => b - a);

type Expect = ((p: P) => boolean) | { ids: number[] } | { error: string };

const cases: Array<[string, Expect]> = [
  // --- $id and empty queries
  ["", () => true],
  ["$id = 3", (p) => p.id === 3],
  ["$id != 3", (p) => p.id !== 3],
  ["$id > 10", (p) => p.id > 10],
  ["$id >= 10", (p) => p.id >= 10],
  ["$id < 3", (p) => p.id < 3],
  ["$id <= 3", (p) => p.id <= 3],
  ["$id in (1, 5, 99)", (p) => [1, 5].includes(p.id)],
  ["$id not in (1, 5)", (p) => ![1, 5].includes(p.id)],
  ['$id = "4"', (p) => p.id === 4],
  ["$id > 2 and $id < 6", (p) => p.id > 2 && p.id < 6],
  [
    "$id > 0 order by $id asc",
    { ids: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] },
  ],
  ["$id > 5 order by $id asc limit 3", { ids: [6, 7, 8] }],
  ["order by $id asc limit 2 offset 3", { ids: [4, 5] }],
  ["limit 3", { ids: [12, 11, 10] }],
  ["limit 2 offset 11", { ids: [1] }],
  ["offset 12", { ids: [] }],
  // --- text
  ['name = "田中"', (p) => p.name === "田中"],
  ['name = "tanaka"', (p) => p.name === "tanaka"],
  ['name != "田中"', (p) => p.name !== "田中"],
  ['name in ("田中", "高橋")', (p) => ["田中", "高橋"].includes(p.name)],
  ['name not in ("田中", "高橋")', (p) => !["田中", "高橋"].includes(p.name)],
  ['name like "山"', (p) => p.name.includes("山")],
  ['name like "tanaka"', (p) => p.name.toLowerCase().includes("tanaka")],
  ['name like "ＴＡＮＡＫＡ"', (p) => p.name.toLowerCase().includes("tanaka")],
  ['name not like "山"', (p) => !p.name.includes("山")],
  ['name = "小林\\"引用\\""', (p) => p.id === 12],
  ['name like "\\"引用"', (p) => p.id === 12],
  ['name = ""', () => false],
  ['name in ("")', () => false],
  ['link = ""', (p) => p.link === ""],
  ['link != ""', (p) => p.link !== ""],
  ['link like "example.jp/c"', (p) => p.link.includes("example.jp/c")],
  [
    'link in ("https://example.jp/a", "https://example.jp/e")',
    (p) => [1, 5].includes(p.id),
  ],
  ['name = "田中" or name = "高橋"', (p) => ["田中", "高橋"].includes(p.name)],
  ['NAME = "田中"', { error: "GAIA_IQ11" }],
  ["name is empty", { error: "GAIA_IQ03" }],
  ['name > "a"', { error: "GAIA_IQ03" }],
  // --- numbers
  ["age = 70", (p) => num(p.age) === 70],
  ['age = "70"', (p) => num(p.age) === 70],
  ["age = 70.0", (p) => num(p.age) === 70],
  ["age != 70", (p) => num(p.age) !== 70],
  ["age > 70", (p) => (num(p.age) ?? -Infinity) > 70],
  ["age >= 70", (p) => (num(p.age) ?? -Infinity) >= 70],
  ["age < 50", (p) => num(p.age) !== null && (num(p.age) as number) < 50],
  ["age <= 50", (p) => num(p.age) !== null && (num(p.age) as number) <= 50],
  ["age > 45 and age < 46", (p) => p.age === "45.5"],
  ["age = 45.5", (p) => p.age === "45.5"],
  ["age in (40, 100, 1000)", (p) => ["40", "100", "1000"].includes(p.age)],
  ["age not in (40, 100)", (p) => !["40", "100"].includes(p.age)],
  ['age in ("")', (p) => p.age === ""],
  ['age = ""', (p) => p.age === ""],
  ['age != ""', (p) => p.age !== ""],
  ["age > 999", (p) => p.age === "1000"],
  [
    "age > -1 and age < 65",
    (p) => num(p.age) !== null && (num(p.age) as number) < 65,
  ],
  ['age like "7"', { error: "GAIA_IQ03" }],
  ['age > "abc"', { error: "CB_VA01" }],
  ["age = TODAY()", { error: "CB_VA01" }],
  ["age is empty", { error: "GAIA_IQ03" }],
  // --- dates (today = 2026-11-21, a Saturday)
  ['applied = "2026-11-21"', (p) => p.applied === "2026-11-21"],
  ["applied = TODAY()", (p) => p.applied === "2026-11-21"],
  ["applied = YESTERDAY()", (p) => p.applied === "2026-11-20"],
  ["applied = TOMORROW()", (p) => p.applied === "2026-11-22"],
  ["applied != TODAY()", (p) => p.applied !== "2026-11-21"],
  ["applied > TODAY()", (p) => p.applied !== null && p.applied > "2026-11-21"],
  ["applied < TODAY()", (p) => p.applied !== null && p.applied < "2026-11-21"],
  [
    "applied >= TODAY()",
    (p) => p.applied !== null && p.applied >= "2026-11-21",
  ],
  [
    "applied <= TODAY()",
    (p) => p.applied !== null && p.applied <= "2026-11-21",
  ],
  [
    'applied > "2026-11-14"',
    (p) => p.applied !== null && p.applied > "2026-11-14",
  ],
  [
    'applied >= "2026-11-14" and applied <= "2026-11-20"',
    (p) => between(p.applied, "2026-11-14", "2026-11-20"),
  ],
  ["applied = FROM_TODAY(-6, DAYS)", (p) => p.applied === "2026-11-15"],
  ["applied = FROM_TODAY(1, DAYS)", (p) => p.applied === "2026-11-22"],
  ["applied = FROM_TODAY(-1, WEEKS)", (p) => p.applied === "2026-11-14"],
  ["applied = FROM_TODAY(-1, YEARS)", (p) => p.applied === "2025-11-21"],
  [
    "applied >= FROM_TODAY(-1, MONTHS)",
    (p) => p.applied !== null && p.applied >= "2026-10-21",
  ],
  [
    "applied = THIS_WEEK()",
    (p) => between(p.applied, "2026-11-15", "2026-11-21"),
  ],
  [
    "applied = LAST_WEEK()",
    (p) => between(p.applied, "2026-11-08", "2026-11-14"),
  ],
  [
    "applied = NEXT_WEEK()",
    (p) => between(p.applied, "2026-11-22", "2026-11-28"),
  ],
  ["applied = THIS_WEEK(SUNDAY)", (p) => p.applied === "2026-11-15"],
  ["applied = LAST_WEEK(SATURDAY)", (p) => p.applied === "2026-11-14"],
  [
    "applied = THIS_MONTH()",
    (p) => between(p.applied, "2026-11-01", "2026-11-30"),
  ],
  ["applied = THIS_MONTH(1)", (p) => p.applied === "2026-11-01"],
  [
    "applied = LAST_MONTH()",
    (p) => between(p.applied, "2026-10-01", "2026-10-31"),
  ],
  ["applied = LAST_MONTH(LAST)", (p) => p.applied === "2026-10-31"],
  [
    "applied = NEXT_MONTH()",
    (p) => between(p.applied, "2026-12-01", "2026-12-31"),
  ],
  ["applied = NEXT_MONTH(1)", (p) => p.applied === "2026-12-01"],
  [
    "applied = THIS_YEAR()",
    (p) => between(p.applied, "2026-01-01", "2026-12-31"),
  ],
  [
    "applied = LAST_YEAR()",
    (p) => between(p.applied, "2025-01-01", "2025-12-31"),
  ],
  [
    "applied = NEXT_YEAR()",
    (p) => between(p.applied, "2027-01-01", "2027-12-31"),
  ],
  [
    "applied < THIS_MONTH()",
    (p) => p.applied !== null && p.applied < "2026-11-01",
  ],
  [
    "applied > THIS_MONTH()",
    (p) => p.applied !== null && p.applied > "2026-11-30",
  ],
  ['applied = ""', (p) => p.applied === null],
  ['applied != ""', (p) => p.applied !== null],
  [
    "applied = TODAY() or applied = TOMORROW()",
    (p) => ["2026-11-21", "2026-11-22"].includes(p.applied ?? ""),
  ],
  ['applied in ("2026-11-21")', { error: "GAIA_IQ03" }],
  ['applied like "2026"', { error: "GAIA_IQ03" }],
  ['applied = "2026-02-30"', { error: "CB_VA01" }],
  ["applied = FROM_TODAY(1, HOURS)", { error: "GAIA_IQ25" }],
  ["applied = FROM_TODAY(1)", { error: "GAIA_IL08" }],
  ["applied = THIS_MONTH(32)", { error: "GAIA_IQ23" }],
  ["applied = LOGINUSER()", { error: "CB_VA01" }],
  // --- date-times (in Japan's time zone)
  ["at = TODAY()", (p) => jst(p.at) === "2026-11-21"],
  ['at = "2026-11-21"', (p) => jst(p.at) === "2026-11-21"],
  [
    "at > TODAY()",
    (p) => p.at !== null && (jst(p.at) as string) > "2026-11-21",
  ],
  [
    "at < TODAY()",
    (p) => p.at !== null && (jst(p.at) as string) < "2026-11-21",
  ],
  ['at = "2026-11-21T01:00:00Z"', (p) => p.at === "2026-11-21T01:00:00Z"],
  [
    'at > "2026-11-14T14:59:00Z"',
    (p) => p.at !== null && p.at > "2026-11-14T14:59:00Z",
  ],
  [
    'at >= "2026-11-14T14:59:00Z" and at < "2026-11-14T15:01:00Z"',
    (p) => [3, 4].includes(p.id),
  ],
  ["at = YESTERDAY()", (p) => jst(p.at) === "2026-11-20"],
  ["at = THIS_WEEK()", (p) => between(jst(p.at), "2026-11-15", "2026-11-21")],
  ["at = LAST_WEEK()", (p) => between(jst(p.at), "2026-11-08", "2026-11-14")],
  ["at = LAST_MONTH()", (p) => between(jst(p.at), "2026-10-01", "2026-10-31")],
  ["at <= NOW()", (p) => p.at !== null && p.at <= "2026-11-21T03:00:00Z"],
  ["at > NOW()", (p) => p.at !== null && p.at > "2026-11-21T03:00:59Z"],
  ['at = ""', (p) => p.at === null],
  ['at in ("2026-11-21T01:00:00Z")', { error: "GAIA_IQ03" }],
  // --- time
  ['time = "09:30"', (p) => p.time === "09:30"],
  ['time > "12:00"', (p) => p.time !== null && p.time > "12:00"],
  ['time <= "08:00"', (p) => p.time !== null && p.time <= "08:00"],
  ['time >= "12:00" and time <= "12:00"', (p) => p.time === "12:00"],
  ['time = ""', (p) => p.time === null],
  ['time like "09"', { error: "GAIA_IQ03" }],
  // --- multi-line text
  ['memo like "更新"', (p) => p.memo.includes("更新")],
  ['memo like "memo"', (p) => p.memo.toLowerCase().includes("memo")],
  ['memo not like "更新"', (p) => !p.memo.includes("更新")],
  ["memo is empty", (p) => p.memo.trim() === ""],
  ["memo is not empty", (p) => p.memo.trim() !== ""],
  ['memo like "改行"', (p) => p.id === 12],
  ['memo = "来月"', { error: "GAIA_IQ03" }],
  ['memo in ("来月")', { error: "GAIA_IQ03" }],
  // --- choices
  ['kind in ("新規")', (p) => p.kind === "新規"],
  ['kind in ("新規", "更新")', (p) => p.kind === "新規" || p.kind === "更新"],
  ['kind not in ("新規")', (p) => p.kind !== "新規"],
  ['kind in ("")', (p) => p.kind === null],
  ['kind not in ("")', (p) => p.kind !== null],
  ['kind = "新規"', { error: "GAIA_IQ03" }],
  ['kind in ("存在しない")', { error: "GAIA_IQ10" }],
  ['kind like "新"', { error: "GAIA_IQ03" }],
  ['tags in ("A")', (p) => p.tags.includes("A")],
  ['tags in ("A", "C")', (p) => p.tags.includes("A") || p.tags.includes("C")],
  ['tags not in ("A")', (p) => !p.tags.includes("A")],
  ['tags in ("")', (p) => p.tags.length === 0],
  ['tags not in ("")', (p) => p.tags.length > 0],
  [
    'tags in ("A") and tags in ("B")',
    (p) => p.tags.includes("A") && p.tags.includes("B"),
  ],
  ['tags in ("Z")', { error: "GAIA_IQ10" }],
  ['tags = "A"', { error: "GAIA_IQ03" }],
  // --- users
  ['owner in ("admin")', (p) => p.owner.includes("admin")],
  ["owner in (LOGINUSER())", (p) => p.owner.includes("admin")],
  ['owner in ("sato", "admin")', (p) => p.owner.length > 0],
  ['owner not in ("admin")', (p) => !p.owner.includes("admin")],
  ['owner in ("")', (p) => p.owner.length === 0],
  ['owner = "admin"', { error: "GAIA_IQ03" }],
  ['作成者 in ("admin")', () => true],
  ["作成者 in (LOGINUSER())", () => true],
  ['作成者 not in ("admin")', () => false],
  // --- system fields
  ["レコード番号 = 5", (p) => p.id === 5],
  ["レコード番号 >= 11", (p) => p.id >= 11],
  ["作成日時 = TODAY()", () => true],
  ['更新日時 > "2026-01-01T00:00:00Z"', () => true],
  ["更新日時 < THIS_YEAR()", () => false],
  // --- subtable
  ['item in ("杖")', (p) => p.rows.some((r) => r.item === "杖")],
  [
    'item not in ("杖")',
    (p) => p.rows.length > 0 && p.rows.every((r) => r.item !== "杖"),
  ],
  ['item like "車"', (p) => p.rows.some((r) => r.item.includes("車"))],
  ["qty > 2", (p) => p.rows.some((r) => Number(r.qty) > 2)],
  [
    'item in ("杖") and qty > 2',
    (p) => p.rows.some((r) => r.item === "杖" && Number(r.qty) > 2),
  ],
  [
    'item in ("杖") and qty >= 10',
    (p) => p.rows.some((r) => r.item === "杖" && Number(r.qty) >= 10),
  ],
  ['item = "杖"', { error: "GAIA_IQ07" }],
  ['rows.item in ("杖")', { error: "GAIA_IR02" }],
  // --- and / or / parentheses / precedence
  [
    'kind in ("新規") and age > 60',
    (p) => p.kind === "新規" && (num(p.age) ?? -1) > 60,
  ],
  [
    'kind in ("新規") or age > 90',
    (p) => p.kind === "新規" || (num(p.age) ?? -1) > 90,
  ],
  [
    'kind in ("更新") or kind in ("新規") and age > 80',
    (p) => p.kind === "更新" || (p.kind === "新規" && (num(p.age) ?? -1) > 80),
  ],
  [
    '(kind in ("更新") or kind in ("新規")) and age > 80',
    (p) => (p.kind === "更新" || p.kind === "新規") && (num(p.age) ?? -1) > 80,
  ],
  ["((age > 60))", (p) => (num(p.age) ?? -1) > 60],
  [
    "age > 60 AND age < 80",
    (p) => (num(p.age) ?? -1) > 60 && (num(p.age) ?? 999) < 80,
  ],
  [
    "age < 50 OR age > 100",
    (p) =>
      num(p.age) !== null &&
      ((num(p.age) as number) < 50 || (num(p.age) as number) > 100),
  ],
  [
    "age > 60\u3000and\u3000age < 70",
    (p) => (num(p.age) ?? -1) > 60 && (num(p.age) ?? 999) < 70,
  ],
  // --- order by
  ["order by age asc", { ids: [5, 4, 7, 12, 3, 10, 1, 9, 2, 8, 6, 11] }],
  ["order by age desc", { ids: [11, 6, 8, 2, 9, 1, 10, 3, 12, 7, 4, 5] }],
  [
    "order by applied asc, $id asc",
    { ids: [9, 8, 6, 5, 12, 4, 3, 2, 1, 10, 7, 11] },
  ],
  ['kind in ("新規") order by age asc', { ids: [4, 12, 10, 2, 8] }],
  ['kind in ("新規") order by age desc limit 2', { ids: [8, 2] }],
  ["order by name asc limit 3", { ids: [5, 6, 11] }],
  ["order by age", { ids: [11, 6, 8, 2, 9, 1, 10, 3, 12, 7, 4, 5] }],
  ["order by qty asc", { error: "CB_VA01" }],
  // --- options and syntax errors
  ["limit 500", () => true],
  ["limit 501", { error: "GAIA_QU01" }],
  ["offset 10001", { error: "GAIA_QU02" }],
  ["limit 0", { error: "CB_VA01" }],
  ["offset 1 limit 2", { error: "CB_VA01" }],
  ["name = ", { error: "CB_VA01" }],
  ['name = "田中', { error: "CB_VA01" }],
  ['(name = "田中"', { error: "CB_VA01" }],
  ['name == "田中"', { error: "CB_VA01" }],
  ["age > 1 and", { error: "CB_VA01" }],
  ["name = '田中'", { error: "CB_VA01" }],
  ["unknown = 1", { error: "GAIA_IQ11" }],
  ["$revision = 1", { error: "CB_VA01" }],
  ["age = NOPE()", { error: "CB_VA01" }],
  ["applied = FROM_TODAY(1.5, DAYS)", { error: "CB_IL02" }],
];

let t: TestSandbox;
let app: string;

const FIELDS: Record<string, Record<string, unknown>> = {
  name: { type: "SINGLE_LINE_TEXT", label: "氏名" },
  age: { type: "NUMBER", label: "年齢" },
  applied: { type: "DATE", label: "申請日" },
  at: { type: "DATETIME", label: "受付日時" },
  time: { type: "TIME", label: "時刻" },
  memo: { type: "MULTI_LINE_TEXT", label: "メモ" },
  kind: {
    type: "DROP_DOWN",
    label: "申請区分",
    options: {
      新規: { label: "新規", index: "0" },
      更新: { label: "更新", index: "1" },
      区分変更: { label: "区分変更", index: "2" },
    },
  },
  tags: {
    type: "CHECK_BOX",
    label: "タグ",
    options: {
      A: { label: "A", index: "0" },
      B: { label: "B", index: "1" },
      C: { label: "C", index: "2" },
    },
  },
  link: { type: "LINK", label: "リンク", protocol: "WEB" },
  owner: { type: "USER_SELECT", label: "担当者" },
  rows: {
    type: "SUBTABLE",
    fields: {
      item: { type: "SINGLE_LINE_TEXT", code: "item", label: "品目" },
      qty: { type: "NUMBER", code: "qty", label: "数量" },
    },
  },
};

beforeAll(async () => {
  t = await startTestSandbox({ now: () => new Date("2026-11-21T03:00:00Z") });
  app = (await t.client.app.addApp({ name: "query table" })).app;
  await t.client.app.addFormFields({
    app,
    properties: Object.fromEntries(
      Object.entries(FIELDS).map(([code, p]) => [code, { ...p, code }]),
    ),
  } as Parameters<typeof t.client.app.addFormFields>[0]);
  await t.client.app.deployApp({ apps: [{ app }] });
  await t.client.record.addRecords({
    app,
    records: people.map((p) => ({
      name: { value: p.name },
      age: { value: p.age },
      applied: { value: p.applied },
      at: { value: p.at },
      time: { value: p.time },
      memo: { value: p.memo },
      kind: { value: p.kind },
      tags: { value: p.tags },
      link: { value: p.link },
      owner: { value: p.owner.map((code) => ({ code })) },
      rows: {
        value: p.rows.map((r) => ({
          value: { item: { value: r.item }, qty: { value: r.qty } },
        })),
      },
    })),
  } as Parameters<typeof t.client.record.addRecords>[0]);
  expect(getApp(t.sandbox.store, Number(app))?.live).not.toBeNull();
});

afterAll(async () => {
  expectConformingResponses(t);
  await t.close();
});

describe("the query language through GET records.json", () => {
  it("has at least 150 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(150);
  });

  it.each(cases)("%s", async (query, expected) => {
    const run = () =>
      t.client.record.getRecords({ app, query, fields: ["$id"] });
    if (typeof expected === "object" && "error" in expected) {
      const e = await run().catch((x: unknown) => x);
      expect(e).toBeInstanceOf(KintoneRestAPIError);
      expect((e as KintoneRestAPIError).code).toBe(expected.error);
      return;
    }
    const { records } = await run();
    const ids = records.map((r) => Number(r.$id?.value));
    const want =
      typeof expected === "function"
        ? desc(all.filter(expected))
        : expected.ids;
    expect(ids).toEqual(want);
  });
});
