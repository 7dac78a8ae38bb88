/**
 * Parses a kintone query string into a syntax tree (docs/kintone-behaviour.md §6.1, §6.3).
 *
 *   query     := [ expr ] [ "order by" sortKey { "," sortKey } ] [ "limit" INT ] [ "offset" INT ]
 *   expr      := andExpr { "or" andExpr }          -- "and" binds tighter than "or"
 *   andExpr   := term { "and" term }
 *   term      := "(" expr ")" | condition
 *
 * Keywords, function names and function arguments are case-insensitive; field codes and `$id`
 * are not. Errors carry kintone's codes: CB_VA01 for syntax, GAIA_QU01/QU02 for limit/offset
 * overflow, GAIA_IL08/IQ23/IQ25 and CB_IL02 for bad function arguments.
 */
import type {
  ConditionNode,
  Expr,
  FieldRef,
  FromTodayUnit,
  FunctionCall,
  Operator,
  Query,
  SortKey,
  ValueNode,
  Weekday,
} from "./ast.ts";
import {
  badFunctionArguments,
  invalidDay,
  invalidRequest,
  invalidUnit,
  limitTooLarge,
  offsetTooLarge,
  syntaxError,
} from "./errors.ts";
import { tokenize } from "./lexer.ts";
import type { Token } from "./lexer.ts";

export const MAX_LIMIT = 500;
export const MAX_OFFSET = 10_000;
/** Deeper parentheses are refused rather than risking the stack (kintone's own cap is unknown). */
export const MAX_NESTING = 100;

export interface ParseOptions {
  /**
   * For the cursor API: `order by` is allowed but `limit`/`offset` are refused with CB_VA01
   * (docs/kintone-behaviour.md §4.8, unverified; the exact kintone error is not known).
   */
  cursor?: boolean;
}

const IDENTIFIER = /^[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*$/;
const UNSIGNED_INT = /^\d+$/;
const INTEGER = /^-?\d+$/;

const UNITS: readonly FromTodayUnit[] = ["DAYS", "WEEKS", "MONTHS", "YEARS"];
const WEEKDAYS = [
  "SUNDAY",
  "MONDAY",
  "TUESDAY",
  "WEDNESDAY",
  "THURSDAY",
  "FRIDAY",
  "SATURDAY",
];

/** `code`, `$id` or `code.member`; anything else is a syntax error. */
const parseFieldRef = (text: string): FieldRef => {
  const parts = text.split(".");
  const [code, member, ...rest] = parts;
  const isCode = (s: string | undefined): s is string =>
    s !== undefined && IDENTIFIER.test(s);
  if (rest.length > 0 || code === undefined) {
    throw syntaxError(`bad field reference "${text}"`);
  }
  if (member === undefined) {
    if (code === "$id" || isCode(code)) {
      return { code };
    }
    throw syntaxError(`bad field code "${text}"`);
  }
  if (isCode(code) && (member === "$id" || isCode(member))) {
    return { code, member };
  }
  throw syntaxError(`bad field reference "${text}"`);
};

type ArgToken = Extract<Token, { type: "number" | "word" }>;

const argText = (arg: ArgToken): string => arg.text;

/** A number argument that is not an integer: kintone answered CB_IL02 (LAST_MONTH(0.1)). */
const isFraction = (arg: ArgToken): boolean =>
  arg.type === "number" && !INTEGER.test(arg.text);

const noArguments = (name: string, args: readonly ArgToken[]): void => {
  if (args.length > 0) {
    throw badFunctionArguments(`${name}() takes no arguments`);
  }
};

const atMostOne = (
  name: string,
  args: readonly ArgToken[],
): ArgToken | undefined => {
  if (args.length > 1) {
    throw badFunctionArguments(`${name}() takes at most one argument`);
  }
  return args[0];
};

const fromToday = (args: readonly ArgToken[]): FunctionCall => {
  const [amount, unit] = args;
  if (args.length !== 2 || amount === undefined || unit === undefined) {
    throw badFunctionArguments("FROM_TODAY() takes two arguments");
  }
  if (isFraction(amount)) {
    throw invalidRequest(`FROM_TODAY(${amount.text}, …) is not a whole number`);
  }
  if (amount.type !== "number") {
    throw badFunctionArguments(`FROM_TODAY(${amount.text}, …) needs a number`);
  }
  const upper = unit.text.toUpperCase();
  const found = UNITS.find((u) => u === upper);
  if (unit.type !== "word" || found === undefined) {
    throw invalidUnit(unit.text);
  }
  return { name: "FROM_TODAY", amount: Number(amount.text), unit: found };
};

const weekdayOf = (name: string, arg: ArgToken | undefined): Weekday | null => {
  if (arg === undefined) {
    return null;
  }
  const index = WEEKDAYS.indexOf(arg.text.toUpperCase());
  if (arg.type !== "word" || index < 0) {
    throw badFunctionArguments(`${name}(${arg.text}) needs a weekday`);
  }
  return index as Weekday;
};

const dayOf = (arg: ArgToken | undefined): number | "LAST" | null => {
  if (arg === undefined) {
    return null;
  }
  if (arg.type === "word" && arg.text.toUpperCase() === "LAST") {
    return "LAST";
  }
  if (isFraction(arg)) {
    throw invalidRequest(`day ${arg.text} is not a whole number`);
  }
  const day = Number(arg.text);
  if (arg.type !== "number" || day < 1 || day > 31) {
    throw invalidDay(argText(arg));
  }
  return day;
};

/** Checks the arguments of a function call and returns its typed form. */
export const buildFunctionCall = (
  rawName: string,
  args: readonly ArgToken[],
): FunctionCall => {
  const name = rawName.toUpperCase();
  switch (name) {
    case "LOGINUSER":
    case "PRIMARY_ORGANIZATION":
    case "NOW":
    case "TODAY":
    case "YESTERDAY":
    case "TOMORROW":
    case "THIS_YEAR":
    case "LAST_YEAR":
    case "NEXT_YEAR":
      noArguments(name, args);
      return { name };
    case "FROM_TODAY":
      return fromToday(args);
    case "THIS_WEEK":
    case "LAST_WEEK":
    case "NEXT_WEEK": {
      const weekday = weekdayOf(name, atMostOne(name, args));
      return weekday === null ? { name } : { name, weekday };
    }
    case "THIS_MONTH":
    case "LAST_MONTH":
    case "NEXT_MONTH": {
      const day = dayOf(atMostOne(name, args));
      return day === null ? { name } : { name, day };
    }
    default:
      throw syntaxError(`unknown function ${rawName}()`);
  }
};

const describe = (token: Token): string =>
  `${"text" in token ? `"${token.text}"` : token.type} at ${token.pos}`;

const unexpected = (token: Token): never => {
  throw syntaxError(`unexpected ${describe(token)}`);
};

/** Keywords are case-insensitive (§6.1). */
const isWord = (token: Token, keyword: string): boolean =>
  token.type === "word" && token.text.toLowerCase() === keyword;

const condition = (
  field: FieldRef,
  op: Operator,
  values: ValueNode[],
): ConditionNode => ({ kind: "condition", field, op, values });

/** Parses `input`; throws a QueryError (only) when kintone would refuse it. */
export const parseQuery = (
  input: string,
  options: ParseOptions = {},
): Query => {
  const tokens = tokenize(input);
  let index = 0;

  const peek = (ahead = 0): Token =>
    tokens[Math.min(index + ahead, tokens.length - 1)] ?? {
      type: "eof",
      pos: input.length,
    };
  const advance = (): Token => {
    const token = peek();
    index = Math.min(index + 1, tokens.length - 1);
    return token;
  };
  const expect = (type: Token["type"]): Token => {
    const token = advance();
    return token.type === type ? token : unexpected(token);
  };
  const expectKeyword = (keyword: string): void => {
    const token = advance();
    if (!isWord(token, keyword)) {
      unexpected(token);
    }
  };

  const parseFunctionArgs = (): ArgToken[] => {
    expect("(");
    const args: ArgToken[] = [];
    if (peek().type === ")") {
      advance();
      return args;
    }
    for (;;) {
      const arg = advance();
      if (arg.type !== "number" && arg.type !== "word") {
        return unexpected(arg);
      }
      args.push(arg);
      const separator = advance();
      if (separator.type === ")") {
        return args;
      }
      if (separator.type !== ",") {
        return unexpected(separator);
      }
    }
  };

  const parseValue = (): ValueNode => {
    const token = advance();
    switch (token.type) {
      case "string":
        return { kind: "string", value: token.value };
      case "number":
        return { kind: "number", text: token.text };
      case "word":
        if (peek().type === "(") {
          const args = parseFunctionArgs();
          return {
            kind: "function",
            call: buildFunctionCall(token.text, args),
          };
        }
        return unexpected(token);
      default:
        return unexpected(token);
    }
  };

  const parseValueList = (): ValueNode[] => {
    expect("(");
    const values = [parseValue()];
    for (;;) {
      const token = advance();
      if (token.type === ")") {
        return values;
      }
      if (token.type !== ",") {
        return unexpected(token);
      }
      values.push(parseValue());
    }
  };

  const parseStringValue = (): ValueNode => {
    const token = advance();
    return token.type === "string"
      ? { kind: "string", value: token.value }
      : unexpected(token);
  };

  const parseCondition = (): ConditionNode => {
    const fieldToken = advance();
    if (fieldToken.type !== "word") {
      return unexpected(fieldToken);
    }
    const field = parseFieldRef(fieldToken.text);
    const token = advance();
    if (token.type === "op") {
      return condition(field, token.text, [parseValue()]);
    }
    if (isWord(token, "in")) {
      return condition(field, "in", parseValueList());
    }
    if (isWord(token, "like")) {
      return condition(field, "like", [parseStringValue()]);
    }
    if (isWord(token, "not")) {
      const next = advance();
      if (isWord(next, "in")) {
        return condition(field, "not in", parseValueList());
      }
      if (isWord(next, "like")) {
        return condition(field, "not like", [parseStringValue()]);
      }
      return unexpected(next);
    }
    if (isWord(token, "is")) {
      const negated = isWord(peek(), "not");
      if (negated) {
        advance();
      }
      expectKeyword("empty");
      return condition(field, negated ? "is not empty" : "is empty", []);
    }
    return unexpected(token);
  };

  const parseJunction = (
    keyword: "and" | "or",
    parseOperand: (depth: number) => Expr,
    depth: number,
  ): Expr => {
    const operands = [parseOperand(depth)];
    while (isWord(peek(), keyword)) {
      advance();
      operands.push(parseOperand(depth));
    }
    const [only] = operands;
    return operands.length === 1 && only !== undefined
      ? only
      : { kind: keyword, operands };
  };

  const parseTerm = (depth: number): Expr => {
    if (peek().type !== "(") {
      return parseCondition();
    }
    if (depth >= MAX_NESTING) {
      throw syntaxError(`parentheses nested deeper than ${MAX_NESTING}`);
    }
    advance();
    const inner = parseOr(depth + 1);
    expect(")");
    return inner;
  };
  const parseAnd = (depth: number): Expr =>
    parseJunction("and", parseTerm, depth);
  const parseOr = (depth: number): Expr => parseJunction("or", parseAnd, depth);

  const startsOptions = (): boolean => {
    const token = peek();
    return (
      token.type === "eof" ||
      (isWord(token, "order") && isWord(peek(1), "by")) ||
      ((isWord(token, "limit") || isWord(token, "offset")) &&
        peek(1).type === "number")
    );
  };

  const parseSortKeys = (): SortKey[] => {
    const keys: SortKey[] = [];
    for (;;) {
      const token = advance();
      if (token.type !== "word") {
        return unexpected(token);
      }
      const field = parseFieldRef(token.text);
      // Without asc/desc kintone sorts descending (§6.1).
      let direction: SortKey["direction"] = "desc";
      if (isWord(peek(), "asc") || isWord(peek(), "desc")) {
        direction = isWord(advance(), "asc") ? "asc" : "desc";
      }
      keys.push({ field, direction });
      if (peek().type !== ",") {
        return keys;
      }
      advance();
    }
  };

  const parseCount = (keyword: string): number => {
    const token = advance();
    if (token.type !== "number" || !UNSIGNED_INT.test(token.text)) {
      return unexpected(token);
    }
    if (options.cursor) {
      throw syntaxError(`${keyword} is not allowed in a cursor query`);
    }
    return Number(token.text);
  };

  /** `order by`, `limit` and `offset`, in this order only (§6.1). */
  const parseOptions = (query: Query): void => {
    if (isWord(peek(), "order")) {
      advance();
      expectKeyword("by");
      query.orderBy = parseSortKeys();
    }
    if (isWord(peek(), "limit")) {
      advance();
      const limit = parseCount("limit");
      if (limit > MAX_LIMIT) {
        throw limitTooLarge(limit);
      }
      if (limit < 1) {
        throw syntaxError("limit must be at least 1");
      }
      query.limit = limit;
    }
    if (isWord(peek(), "offset")) {
      advance();
      const offset = parseCount("offset");
      if (offset > MAX_OFFSET) {
        throw offsetTooLarge(offset);
      }
      query.offset = offset;
    }
  };

  const query: Query = {
    where: startsOptions() ? null : parseOr(0),
    orderBy: [],
  };
  parseOptions(query);
  expect("eof");
  return query;
};
