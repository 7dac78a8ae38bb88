/**
 * The kintone query language for the local kintone (`sandbox/`): parse → compile against the
 * app's fields → match, sort and page records; plus an index plan for the storage layer.
 * Pure: no I/O, no clock; "now", the time zone and the login user arrive in a QueryContext.
 *
 *   const compiled = compileQuery(query, properties);        // throws QueryError
 *   const { records, totalCount } = runQuery(compiled, all, { now, loginUser });
 *   // on QueryError: reply error.status with errorBody(error, lang) plus a request id
 */
export type {
  ComparisonOperator,
  ConditionNode,
  Expr,
  FieldRef,
  FunctionCall,
  FunctionName,
  LogicalNode,
  Operator,
  Query,
  SortDirection,
  SortKey,
  ValueNode,
} from "./ast.ts";
export { compileQuery, DEFAULT_LIMIT } from "./compile.ts";
export type {
  CompiledCondition,
  CompiledExpr,
  CompiledQuery,
  CompiledSortKey,
  Literal,
} from "./compile.ts";
export { compareDecimal, formatDecimal, parseDecimal } from "./decimal.ts";
export type { Decimal } from "./decimal.ts";
export { errorBody, isQueryError, QueryError } from "./errors.ts";
export type {
  ErrorBody,
  Lang,
  LocalizedText,
  QueryErrorCode,
} from "./errors.ts";
export { createMatcher, matches } from "./evaluate.ts";
export type { QueryContext } from "./evaluate.ts";
export { allowsOperator, resolveField } from "./fields.ts";
export type {
  FieldOption,
  FieldProperties,
  FieldProperty,
  ResolvedField,
  ValueKind,
} from "./fields.ts";
export { idRange, indexPlan } from "./indexPlan.ts";
export type { IdBound, IdRange, IndexLookup } from "./indexPlan.ts";
export { MAX_LIMIT, MAX_NESTING, MAX_OFFSET, parseQuery } from "./parser.ts";
export type { ParseOptions } from "./parser.ts";
export {
  compareRecords,
  effectiveOrder,
  paginate,
  runQuery,
  sortRecords,
} from "./sort.ts";
export type { QueryResult } from "./sort.ts";
export { DEFAULT_TIME_ZONE } from "./time.ts";
export type { FieldValue, KintoneRecord, SubtableRow } from "./values.ts";
