/**
 * `order by`, `limit` and `offset` (docs/kintone-behaviour.md §4.4, §6.1).
 *
 * Without `order by` kintone sorts by `$id desc`. Records that tie on every key are ordered by
 * `$id desc` as well, so pages never overlap (kintone's own tie order is not documented).
 * Empty values sort before every value in ascending order (and after, in descending order);
 * texts compare by UTF-16 code units; multi-valued fields by their values joined with ",".
 */
import type { CompiledQuery, CompiledSortKey } from "./compile.ts";
import { compareDecimal } from "./decimal.ts";
import { RECORD_ID } from "./fields.ts";
import type { ResolvedField } from "./fields.ts";
import { createMatcher } from "./evaluate.ts";
import type { QueryContext } from "./evaluate.ts";
import { readDecimal, readList, readTemporal, readText } from "./values.ts";
import type { KintoneRecord } from "./values.ts";

const DEFAULT_ORDER: readonly CompiledSortKey[] = [
  { field: RECORD_ID, direction: "desc" },
];

type Comparator = (a: KintoneRecord, b: KintoneRecord) => number;

const sign = (a: boolean, b: boolean): number => Number(a) - Number(b);

/** Compares two values, empties (null/"") first. */
const withEmptiesFirst =
  <T>(read: (r: KintoneRecord) => T | null, compare: (x: T, y: T) => number) =>
  (a: KintoneRecord, b: KintoneRecord): number => {
    const x = read(a);
    const y = read(b);
    if (x === null || y === null) {
      return sign(x !== null, y !== null);
    }
    return compare(x, y);
  };

const compareText = (x: string, y: string): number => sign(x > y, x < y);

const fieldComparator = (field: ResolvedField): Comparator => {
  const { code, kind } = field;
  switch (kind) {
    case "id":
    case "recordNumber":
    case "number":
      return withEmptiesFirst(
        (r) => readDecimal(r, code, kind),
        compareDecimal,
      );
    case "date":
    case "datetime":
    case "time":
      return withEmptiesFirst(
        (r) => readTemporal(r, code, kind),
        (x, y) => x - y,
      );
    case "choices":
    case "entities":
    case "file":
      return withEmptiesFirst((r) => {
        const joined = readList(r, code, kind).join(",");
        return joined === "" ? null : joined;
      }, compareText);
    default:
      return withEmptiesFirst((r) => {
        const text = readText(r, code);
        return text === "" ? null : text;
      }, compareText);
  }
};

/** The sort keys in effect: those of the query, or `$id desc`, then `$id desc` for ties. */
export const effectiveOrder = (
  compiled: CompiledQuery,
): readonly CompiledSortKey[] => {
  const keys = compiled.orderBy.length > 0 ? compiled.orderBy : DEFAULT_ORDER;
  return keys.some((k) => k.field.kind === "id")
    ? keys
    : [...keys, ...DEFAULT_ORDER];
};

/** A comparator for Array.prototype.sort implementing the query's order. */
export const compareRecords = (compiled: CompiledQuery): Comparator => {
  const comparators = effectiveOrder(compiled).map(({ field, direction }) => {
    const compare = fieldComparator(field);
    return direction === "asc"
      ? compare
      : (a: KintoneRecord, b: KintoneRecord) => compare(b, a);
  });
  return (a, b) => {
    for (const compare of comparators) {
      const result = compare(a, b);
      if (result !== 0) {
        return result;
      }
    }
    return 0;
  };
};

/** A sorted copy. */
export const sortRecords = <R extends KintoneRecord>(
  compiled: CompiledQuery,
  records: readonly R[],
): R[] => [...records].sort(compareRecords(compiled));

/** The page `offset`…`offset + limit` of already sorted records. */
export const paginate = <R>(
  compiled: CompiledQuery,
  sorted: readonly R[],
): R[] => sorted.slice(compiled.offset, compiled.offset + compiled.limit);

export interface QueryResult<R> {
  /** The requested page. */
  records: R[];
  /** All matches, ignoring limit/offset (what `totalCount=true` reports, §4.4). */
  totalCount: number;
}

/** Filter, sort and page in one go: what GET records.json does with its `query`. */
export const runQuery = <R extends KintoneRecord>(
  compiled: CompiledQuery,
  records: Iterable<R>,
  ctx: QueryContext,
): QueryResult<R> => {
  const match = createMatcher(compiled, ctx);
  const matched: R[] = [];
  for (const record of records) {
    if (match(record)) {
      matched.push(record);
    }
  }
  const sorted = matched.sort(compareRecords(compiled));
  return { records: paginate(compiled, sorted), totalCount: sorted.length };
};
