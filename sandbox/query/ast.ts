/**
 * The syntax tree of a kintone query (docs/kintone-behaviour.md §6.1), before it is checked
 * against an app's fields. Parsing needs no app, so the tree is the same for every app.
 */

export type ComparisonOperator = "=" | "!=" | ">" | "<" | ">=" | "<=";

export type Operator =
  | ComparisonOperator
  | "in"
  | "not in"
  | "like"
  | "not like"
  | "is empty"
  | "is not empty";

/** `code`, `$id`, or `code.member` (a related-records reference, §6.1). */
export interface FieldRef {
  code: string;
  member?: string;
}

export type FromTodayUnit = "DAYS" | "WEEKS" | "MONTHS" | "YEARS";

/** 0 = SUNDAY … 6 = SATURDAY, as kintone's weeks run Sunday to Saturday (§6.3). */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export type DayFunctionName = "TODAY" | "YESTERDAY" | "TOMORROW";
export type WeekFunctionName = "THIS_WEEK" | "LAST_WEEK" | "NEXT_WEEK";
export type MonthFunctionName = "THIS_MONTH" | "LAST_MONTH" | "NEXT_MONTH";
export type YearFunctionName = "THIS_YEAR" | "LAST_YEAR" | "NEXT_YEAR";

/** A function call whose arguments have already been checked (§6.3). */
export type FunctionCall =
  | { name: "LOGINUSER" }
  | { name: "PRIMARY_ORGANIZATION" }
  | { name: "NOW" }
  | { name: DayFunctionName }
  | { name: "FROM_TODAY"; amount: number; unit: FromTodayUnit }
  | { name: WeekFunctionName; weekday?: Weekday }
  | { name: MonthFunctionName; day?: number | "LAST" }
  | { name: YearFunctionName };

export type FunctionName = FunctionCall["name"];

export type ValueNode =
  | { kind: "string"; value: string }
  /** A bare number as written (`10`, `-1.5`). */
  | { kind: "number"; text: string }
  | { kind: "function"; call: FunctionCall };

export interface ConditionNode {
  kind: "condition";
  field: FieldRef;
  op: Operator;
  /** One value for comparisons and like, the list for in/not in, none for is (not) empty. */
  values: ValueNode[];
}

export interface LogicalNode {
  kind: "and" | "or";
  operands: Expr[];
}

export type Expr = ConditionNode | LogicalNode;

export type SortDirection = "asc" | "desc";

export interface SortKey {
  field: FieldRef;
  direction: SortDirection;
}

export interface Query {
  where: Expr | null;
  orderBy: SortKey[];
  /** As written; absent when the query has no `limit`. */
  limit?: number;
  /** As written; absent when the query has no `offset`. */
  offset?: number;
}
