/**
 * What a storage layer can look up by index instead of scanning: the conditions AND-ed at the
 * top of the query that pin a field to a few exact values, and the `$id` bounds of the queries
 * rest-api-client sends when paging (`$id > 500 order by $id asc limit 500`, §6.5).
 *
 * A plan only narrows the candidates. The storage must still run the matcher on them, so an
 * index may be looser than the query (e.g. case-folded) but never stricter.
 */
import type { CompiledExpr, CompiledQuery, Literal } from "./compile.ts";
import { formatDecimal } from "./decimal.ts";
import type { ValueKind } from "./fields.ts";
import { civilDate } from "./time.ts";

export interface IndexLookup {
  /** The field code, or "$id". */
  field: string;
  /** The field type (`__ID__` for `$id`). */
  type: string;
  /**
   * A record can match only if its value — or, for multi-valued fields (CHECK_BOX, USER_SELECT,
   * …), one of its values — is one of these. NUMBER and `$id` values are canonical decimals
   * (formatDecimal: "10.50" → "10.5"); DATE values are "YYYY-MM-DD"; entity fields use codes.
   */
  values: string[];
}

const INDEXABLE: ReadonlySet<ValueKind> = new Set([
  "id",
  "number",
  "text",
  "choices",
  "entities",
  "date",
]);

/** The operands of the top-level `and` (nested `and`s flattened), or the lone condition. */
const conjuncts = (expr: CompiledExpr | null): CompiledExpr[] => {
  if (expr === null || expr.kind === "or") {
    return [];
  }
  return expr.kind === "and" ? expr.operands.flatMap(conjuncts) : [expr];
};

const pad = (n: number, width: number): string =>
  String(n).padStart(width, "0");

const exactValue = (literal: Literal): string | null => {
  switch (literal.kind) {
    case "text":
      return literal.value;
    case "decimal":
      return formatDecimal(literal.value);
    case "days": {
      if (literal.range.end - literal.range.start !== 1) {
        return null;
      }
      const { year, month, day } = civilDate(literal.range.start);
      return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
    }
    default:
      // "" (matches unset values), functions and ranges are not exact keys.
      return null;
  }
};

/** The top-level AND-ed `field = v` / `field in (…)` conditions usable as index lookups. */
export const indexPlan = (compiled: CompiledQuery): IndexLookup[] =>
  conjuncts(compiled.where).flatMap((c) => {
    if (
      c.kind !== "condition" ||
      (c.op !== "=" && c.op !== "in") ||
      c.field.table !== undefined ||
      c.field.type === "CALC" ||
      !INDEXABLE.has(c.field.kind)
    ) {
      return [];
    }
    const values = c.values.map(exactValue);
    if (values.some((v) => v === null)) {
      return [];
    }
    return [
      {
        field: c.field.code,
        type: c.field.type,
        values: [...new Set(values as string[])],
      },
    ];
  });

export interface IdBound {
  value: number;
  inclusive: boolean;
}

export interface IdRange {
  lower?: IdBound;
  upper?: IdBound;
}

const tighter = (
  current: IdBound | undefined,
  next: IdBound,
  isLower: boolean,
): IdBound => {
  if (!current || current.value !== next.value) {
    const better =
      !current ||
      (isLower ? next.value > current.value : next.value < current.value);
    return better ? next : current;
  }
  return { value: next.value, inclusive: current.inclusive && next.inclusive };
};

/** The bounds on `$id` set by top-level AND-ed `$id` comparisons (`$id > 500`, `$id <= 9`). */
export const idRange = (compiled: CompiledQuery): IdRange => {
  const range: IdRange = {};
  for (const c of conjuncts(compiled.where)) {
    const literal = c.kind === "condition" ? c.values[0] : undefined;
    if (
      c.kind !== "condition" ||
      c.field.kind !== "id" ||
      literal?.kind !== "decimal"
    ) {
      continue;
    }
    const value = Number(formatDecimal(literal.value));
    const lower = (inclusive: boolean): void => {
      range.lower = tighter(range.lower, { value, inclusive }, true);
    };
    const upper = (inclusive: boolean): void => {
      range.upper = tighter(range.upper, { value, inclusive }, false);
    };
    switch (c.op) {
      case ">":
        lower(false);
        break;
      case ">=":
        lower(true);
        break;
      case "<":
        upper(false);
        break;
      case "<=":
        upper(true);
        break;
      case "=":
        if (c.values.length === 1) {
          lower(true);
          upper(true);
        }
        break;
      default:
        break;
    }
  }
  return range;
};
