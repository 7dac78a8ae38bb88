/**
 * Checks a parsed query against an app's fields and turns its literals into comparable values.
 * Everything kintone refuses is refused here, with its error code (§3, §6.2): GAIA_IQ11 unknown
 * field, GAIA_IQ07 `=`/`!=` inside a table, GAIA_IQ03 operator not allowed for the type,
 * GAIA_IQ10 unknown option, GAIA_IR02 dotted reference; and CB_VA01 for a literal the field
 * cannot hold or a function it does not take (our choice: kintone's documentation names no
 * code for these).
 */
import type {
  ConditionNode,
  Expr,
  FunctionCall,
  Operator,
  Query,
  SortDirection,
  ValueNode,
} from "./ast.ts";
import { parseDecimal } from "./decimal.ts";
import type { Decimal } from "./decimal.ts";
import {
  operatorNotAllowed,
  operatorNotAllowedInTable,
  syntaxError,
  unknownOption,
} from "./errors.ts";
import { acceptsFunction, allowsOperator, resolveField } from "./fields.ts";
import type { FieldProperties, ResolvedField } from "./fields.ts";
import { parseQuery } from "./parser.ts";
import type { ParseOptions } from "./parser.ts";
import { MINUTE_MS, parseDate, parseDateTime, parseTime } from "./time.ts";
import type { Range } from "./time.ts";
import { recordNumberDecimal } from "./values.ts";

export const DEFAULT_LIMIT = 100;

/** A value ready for comparison, except where it depends on the caller (zone, user, now). */
export type Literal =
  /** `""`: matches unset values (null, "", []) — §6.4 */
  | { kind: "empty" }
  | { kind: "text"; value: string }
  | { kind: "decimal"; value: Decimal }
  /** Day numbers (a DATE literal; on a DATETIME field, whole days in the caller's zone). */
  | { kind: "days"; range: Range }
  /** Minutes of the day (TIME). */
  | { kind: "minutes"; range: Range }
  /** Epoch milliseconds (a DATETIME literal with a zone, widened to its minute). */
  | { kind: "instants"; range: Range }
  /** A DATETIME literal without a zone: the caller's wall time on `day`. */
  | { kind: "wallTime"; day: number; ms: number }
  | { kind: "function"; call: FunctionCall };

export interface CompiledCondition {
  kind: "condition";
  field: ResolvedField;
  op: Operator;
  values: Literal[];
}

export interface CompiledJunction {
  kind: "and" | "or";
  operands: CompiledExpr[];
}

export type CompiledExpr = CompiledCondition | CompiledJunction;

export interface CompiledSortKey {
  field: ResolvedField;
  direction: SortDirection;
}

export interface CompiledQuery {
  where: CompiledExpr | null;
  /** As written; empty means kintone's default `$id desc` (applied by the sorter). */
  orderBy: CompiledSortKey[];
  /** `limit` of the query, or 100 (§4.4). */
  limit: number;
  /** `offset` of the query, or 0. */
  offset: number;
  /** The syntax tree the query was compiled from. */
  ast: Query;
}

const badLiteral = (field: ResolvedField, written: string): never => {
  throw syntaxError(
    `"${written}" is not a value of ${field.code} (${field.type})`,
  );
};

const orderedLiteral = (field: ResolvedField, text: string): Literal => {
  switch (field.kind) {
    case "id":
    case "number": {
      const value = parseDecimal(text);
      return value ? { kind: "decimal", value } : badLiteral(field, text);
    }
    case "recordNumber": {
      const value = recordNumberDecimal(text);
      return value ? { kind: "decimal", value } : badLiteral(field, text);
    }
    case "date": {
      const day = parseDate(text);
      return day === null
        ? badLiteral(field, text)
        : { kind: "days", range: { start: day, end: day + 1 } };
    }
    case "time": {
      const minutes = parseTime(text);
      return minutes === null
        ? badLiteral(field, text)
        : { kind: "minutes", range: { start: minutes, end: minutes + 1 } };
    }
    case "datetime": {
      const parsed = parseDateTime(text);
      if (parsed === null) {
        return badLiteral(field, text);
      }
      if (parsed.kind === "date") {
        return {
          kind: "days",
          range: { start: parsed.day, end: parsed.day + 1 },
        };
      }
      if (parsed.kind === "local") {
        return { kind: "wallTime", day: parsed.day, ms: parsed.ms };
      }
      // kintone keeps DATETIME to the minute (§5.1): a literal means its whole minute.
      const start = Math.floor(parsed.ms / MINUTE_MS) * MINUTE_MS;
      return { kind: "instants", range: { start, end: start + MINUTE_MS } };
    }
    default:
      return { kind: "text", value: text };
  }
};

const EMPTY_OK: ReadonlySet<Operator> = new Set(["=", "!=", "in", "not in"]);

const compileValue = (
  field: ResolvedField,
  op: Operator,
  node: ValueNode,
): Literal => {
  switch (node.kind) {
    case "function":
      if (!acceptsFunction(field.functions, node.call.name)) {
        throw syntaxError(
          `${node.call.name}() cannot be used with ${field.code} (${field.type})`,
        );
      }
      return { kind: "function", call: node.call };
    case "number":
      if (
        field.kind === "date" ||
        field.kind === "datetime" ||
        field.kind === "time"
      ) {
        return badLiteral(field, node.text);
      }
      return orderedLiteral(field, node.text);
    default:
      if (op === "like" || op === "not like") {
        return { kind: "text", value: node.value };
      }
      if (node.value === "") {
        return EMPTY_OK.has(op) ? { kind: "empty" } : badLiteral(field, "");
      }
      return orderedLiteral(field, node.value);
  }
};

const checkOptions = (
  field: ResolvedField,
  values: readonly Literal[],
): void => {
  if (!field.options) {
    return;
  }
  for (const value of values) {
    if (value.kind === "text" && !field.options.has(value.value)) {
      throw unknownOption(field.code, value.value);
    }
  }
};

const compileCondition = (
  node: ConditionNode,
  fields: FieldProperties,
): CompiledCondition => {
  const field = resolveField(node.field, fields);
  if (field.table !== undefined && (node.op === "=" || node.op === "!=")) {
    throw operatorNotAllowedInTable(field.label, node.op);
  }
  if (!allowsOperator(field.type, node.op)) {
    throw operatorNotAllowed(field.label, node.op);
  }
  const values = node.values.map((v) => compileValue(field, node.op, v));
  checkOptions(field, values);
  return { kind: "condition", field, op: node.op, values };
};

const compileExpr = (expr: Expr, fields: FieldProperties): CompiledExpr =>
  expr.kind === "condition"
    ? compileCondition(expr, fields)
    : {
        kind: expr.kind,
        operands: expr.operands.map((e) => compileExpr(e, fields)),
      };

/**
 * Parses (when given a string) and checks a query against the app's `properties`.
 * Throws a QueryError carrying kintone's code for anything kintone would refuse.
 */
export const compileQuery = (
  query: string | Query,
  fields: FieldProperties,
  options: ParseOptions = {},
): CompiledQuery => {
  const ast = typeof query === "string" ? parseQuery(query, options) : query;
  const where = ast.where === null ? null : compileExpr(ast.where, fields);
  const orderBy = ast.orderBy.map(({ field: ref, direction }) => {
    const field = resolveField(ref, fields);
    // Fields inside tables cannot be sort keys (§6.1); the error code is not known.
    if (field.table !== undefined || field.kind === "none") {
      throw syntaxError(`${field.code} (${field.type}) cannot be a sort key`);
    }
    return { field, direction };
  });
  return {
    where,
    orderBy,
    limit: ast.limit ?? DEFAULT_LIMIT,
    offset: ast.offset ?? 0,
    ast,
  };
};
