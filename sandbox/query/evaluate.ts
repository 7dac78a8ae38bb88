/**
 * Decides whether a record matches a compiled query (docs/kintone-behaviour.md §6.4).
 *
 * - `like` is a case-insensitive substring match after NFKC normalisation. kintone really runs a
 *   word search on a full-text index (`like "key"` misses "keyword"); a stand-in cannot copy
 *   that, so it finds more than kintone, never less. FILE `like` looks at file names only.
 * - `is empty` also matches whitespace-only text; `in ("")` and `= ""` match unset values
 *   (null, "", [] alike).
 * - `!=`, `not in`, `not like`, `is not empty` are the negations of their positive forms.
 * - Inside a SUBTABLE a positive condition matches when any row does; a negative one when the
 *   table has rows and every row satisfies it; an empty table matches neither. Positive
 *   conditions on one table joined by `and` must hold in the same row.
 * - Date functions and zone-less datetimes use the caller's time zone; NOW() and datetime
 *   literals mean their whole minute, as kintone keeps DATETIME to the minute.
 */
import type { Operator } from "./ast.ts";
import type {
  CompiledCondition,
  CompiledExpr,
  CompiledQuery,
  Literal,
} from "./compile.ts";
import { compareDecimal } from "./decimal.ts";
import type { Decimal } from "./decimal.ts";
import { isDayFunction } from "./fields.ts";
import type { ResolvedField } from "./fields.ts";
import {
  DEFAULT_TIME_ZONE,
  MINUTE_MS,
  dayRangeToInstants,
  functionDays,
  localDay,
  zonedInstant,
} from "./time.ts";
import type { Range } from "./time.ts";
import {
  readDecimal,
  readList,
  readTemporal,
  readText,
  tableRows,
} from "./values.ts";
import type { KintoneRecord } from "./values.ts";

/** Who is asking and when: everything a query may depend on besides the record. */
export interface QueryContext {
  /** The current instant, ISO 8601 ("2026-11-21T02:30:00Z"). */
  now: string;
  /** The caller's time zone: IANA name or "+09:00"/"UTC". Default "Asia/Tokyo". */
  timeZone?: string;
  /** LOGINUSER(): the caller's login name (for API tokens the server passes "Administrator"). */
  loginUser?: string;
  /** PRIMARY_ORGANIZATION(): the caller's primary organization code, if any. */
  primaryOrganization?: string | null;
}

/** A literal with the caller's context applied: nothing, a text, a number or a range. */
type Bound =
  | { kind: "empty" }
  | { kind: "text"; value: string }
  | { kind: "decimal"; value: Decimal }
  | { kind: "range"; range: Range }
  | { kind: "none" };

interface Env {
  now: number;
  today: number;
  timeZone: string;
  ctx: QueryContext;
}

const minuteOf = (instant: number): Range => {
  const start = Math.floor(instant / MINUTE_MS) * MINUTE_MS;
  return { start, end: start + MINUTE_MS };
};

const bindLiteral = (
  literal: Literal,
  field: ResolvedField,
  env: Env,
): Bound => {
  const onDatetime = field.kind === "datetime";
  switch (literal.kind) {
    case "empty":
    case "text":
    case "decimal":
      return literal;
    case "minutes":
    case "instants":
      return { kind: "range", range: literal.range };
    case "days":
      return {
        kind: "range",
        range: onDatetime
          ? dayRangeToInstants(literal.range, env.timeZone)
          : literal.range,
      };
    case "wallTime":
      return {
        kind: "range",
        range: minuteOf(
          zonedInstant(literal.day, literal.ms / MINUTE_MS, env.timeZone),
        ),
      };
    default: {
      const { call } = literal;
      if (call.name === "LOGINUSER") {
        return env.ctx.loginUser
          ? { kind: "text", value: env.ctx.loginUser }
          : { kind: "none" };
      }
      if (call.name === "PRIMARY_ORGANIZATION") {
        return env.ctx.primaryOrganization
          ? { kind: "text", value: env.ctx.primaryOrganization }
          : { kind: "none" };
      }
      if (call.name === "NOW") {
        return { kind: "range", range: minuteOf(env.now) };
      }
      if (isDayFunction(call.name)) {
        const days = functionDays(call, env.today);
        return {
          kind: "range",
          range: onDatetime ? dayRangeToInstants(days, env.timeZone) : days,
        };
      }
      return { kind: "none" };
    }
  }
};

type Predicate = (fields: KintoneRecord) => boolean;

const POSITIVE: Readonly<Partial<Record<Operator, Operator>>> = {
  "!=": "=",
  "not in": "in",
  "not like": "like",
  "is not empty": "is empty",
};

/** NFKC + lower case, so "ＡＢＣ" finds "abc" as kintone's search does. */
const fold = (s: string): string => s.normalize("NFKC").toLowerCase();

const ENTITIES: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
};

/** The text of a RICH_TEXT value: tags removed, common entities decoded. */
const richTextContent = (html: string): string =>
  html
    .replace(/<[^>]*>/g, "")
    .replace(/&(#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name.startsWith("#")) {
        const code = Number(name.slice(1));
        return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    });

/** Compares an ordered value with a bound literal under one of = > < >= <= . */
const inRange = (value: number, range: Range, op: Operator): boolean => {
  switch (op) {
    case "=":
    case "in":
      return value >= range.start && value < range.end;
    case ">":
      return value >= range.end;
    case ">=":
      return value >= range.start;
    case "<":
      return value < range.start;
    case "<=":
      return value < range.end;
    default:
      return false;
  }
};

const byComparison = (cmp: number, op: Operator): boolean => {
  switch (op) {
    case "=":
    case "in":
      return cmp === 0;
    case ">":
      return cmp > 0;
    case ">=":
      return cmp >= 0;
    case "<":
      return cmp < 0;
    case "<=":
      return cmp <= 0;
    default:
      return false;
  }
};

/** The predicate of the condition's positive form (`op` is never a negative operator). */
const positivePredicate = (
  field: ResolvedField,
  op: Operator,
  values: readonly Bound[],
): Predicate => {
  const { code, kind } = field;
  const any =
    <T>(test: (value: T, bound: Bound) => boolean) =>
    (value: T): boolean =>
      values.some((bound) => test(value, bound));

  if (op === "like") {
    const patterns = values.flatMap((b) =>
      b.kind === "text" ? [fold(b.value)] : [""],
    );
    const contains = (text: string): boolean =>
      patterns.every((p) => fold(text).includes(p));
    if (kind === "file") {
      return (r) => readList(r, code, kind).some(contains);
    }
    return kind === "richText"
      ? (r) => contains(richTextContent(readText(r, code)))
      : (r) => contains(readText(r, code));
  }
  if (op === "is empty") {
    return kind === "file"
      ? (r) => readList(r, code, kind).length === 0
      : (r) => readText(r, code).trim() === "";
  }
  switch (kind) {
    case "id":
    case "recordNumber":
    case "number": {
      const test = any<Decimal | null>((value, bound) => {
        if (bound.kind === "empty") {
          return value === null && (op === "=" || op === "in");
        }
        return (
          value !== null &&
          bound.kind === "decimal" &&
          byComparison(compareDecimal(value, bound.value), op)
        );
      });
      return (r) => test(readDecimal(r, code, kind));
    }
    case "date":
    case "datetime":
    case "time": {
      const test = any<number | null>((value, bound) => {
        if (bound.kind === "empty") {
          return value === null && op === "=";
        }
        return (
          value !== null &&
          bound.kind === "range" &&
          inRange(value, bound.range, op)
        );
      });
      return (r) => test(readTemporal(r, code, kind));
    }
    case "choices":
    case "entities":
    case "file": {
      const test = any<string[]>((list, bound) =>
        bound.kind === "empty"
          ? list.length === 0
          : bound.kind === "text" && list.includes(bound.value),
      );
      return (r) => test(readList(r, code, kind));
    }
    default: {
      const test = any<string>((text, bound) =>
        bound.kind === "empty"
          ? text === ""
          : bound.kind === "text" && text === bound.value,
      );
      return (r) => test(readText(r, code));
    }
  }
};

interface BoundCondition {
  /** The SUBTABLE the field lives in, if any. */
  table?: string;
  negative: boolean;
  /** Tests one record (or one row) against the positive form of the condition. */
  positive: Predicate;
}

/**
 * kintone ignores a condition on PRIMARY_ORGANIZATION() when the caller has no primary
 * organization: the other conditions alone decide
 * (https://cybozu.dev/ja/kintone/docs/overview/query, 関数).
 */
const ignored = (c: CompiledCondition, env: Env): boolean =>
  !env.ctx.primaryOrganization &&
  c.values.some(
    (v) => v.kind === "function" && v.call.name === "PRIMARY_ORGANIZATION",
  );

const bindCondition = (c: CompiledCondition, env: Env): BoundCondition => {
  if (ignored(c, env)) {
    return { negative: false, positive: () => true };
  }
  const positiveOp = POSITIVE[c.op];
  const bound = c.values.map((v) => bindLiteral(v, c.field, env));
  const result: BoundCondition = {
    negative: positiveOp !== undefined,
    positive: positivePredicate(c.field, positiveOp ?? c.op, bound),
  };
  if (c.field.table !== undefined) {
    result.table = c.field.table;
  }
  return result;
};

const conditionPredicate = (c: BoundCondition): Predicate => {
  const { table, negative, positive } = c;
  if (table === undefined) {
    return negative ? (r) => !positive(r) : positive;
  }
  return negative
    ? (r) => {
        const rows = tableRows(r, table);
        return rows.length > 0 && rows.every((row) => !positive(row.value));
      }
    : (r) => tableRows(r, table).some((row) => positive(row.value));
};

/** The operands of an `and`, with parenthesised `and`s inside it flattened. */
const conjuncts = (operands: readonly CompiledExpr[]): CompiledExpr[] =>
  operands.flatMap((o) => (o.kind === "and" ? conjuncts(o.operands) : [o]));

/**
 * `and` of several operands: positive conditions on one table must hold in the same row (§6.4),
 * so they are grouped per table and tested row by row together.
 */
const andPredicate = (
  operands: readonly CompiledExpr[],
  env: Env,
): Predicate => {
  const sameRow = new Map<string, Predicate[]>();
  const others: Predicate[] = [];
  for (const operand of conjuncts(operands)) {
    if (operand.kind === "condition") {
      const c = bindCondition(operand, env);
      if (c.table !== undefined && !c.negative) {
        sameRow.set(c.table, [...(sameRow.get(c.table) ?? []), c.positive]);
        continue;
      }
      others.push(conditionPredicate(c));
    } else {
      others.push(exprPredicate(operand, env));
    }
  }
  for (const [table, predicates] of sameRow) {
    others.push((r) =>
      tableRows(r, table).some((row) => predicates.every((p) => p(row.value))),
    );
  }
  return (r) => others.every((p) => p(r));
};

const exprPredicate = (expr: CompiledExpr, env: Env): Predicate => {
  switch (expr.kind) {
    case "condition":
      return conditionPredicate(bindCondition(expr, env));
    case "and":
      return andPredicate(expr.operands, env);
    default: {
      const operands = expr.operands.map((e) => exprPredicate(e, env));
      return (r) => operands.some((p) => p(r));
    }
  }
};

const envOf = (ctx: QueryContext): Env => {
  const now = Date.parse(ctx.now);
  if (!Number.isFinite(now)) {
    throw new RangeError(`context.now is not an ISO instant: ${ctx.now}`);
  }
  const timeZone = ctx.timeZone ?? DEFAULT_TIME_ZONE;
  return { now, today: localDay(now, timeZone), timeZone, ctx };
};

/**
 * A record filter for one request: the caller's context is applied once, so testing many
 * records does not recompute TODAY() or the zone offsets.
 */
export const createMatcher = (
  compiled: CompiledQuery,
  ctx: QueryContext,
): ((record: KintoneRecord) => boolean) => {
  if (compiled.where === null) {
    return () => true;
  }
  return exprPredicate(compiled.where, envOf(ctx));
};

/** Whether one record matches; prefer createMatcher when testing many. */
export const matches = (
  compiled: CompiledQuery,
  record: KintoneRecord,
  ctx: QueryContext,
): boolean => createMatcher(compiled, ctx)(record);
