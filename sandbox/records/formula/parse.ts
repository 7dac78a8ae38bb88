/**
 * kintone's formula language (計算式): tokens and a syntax tree.
 *
 * Hand-written recursive descent: no published library parses kintone formulas, and the grammar
 * is small (literals, field codes, function calls, unary and binary operators). Documented at
 * https://us.kintone.help/k/en/app/form/autocalc/basic_error/autocalc_format.html
 *
 * Precedence, loosest first: comparisons (= != <> < > <= >=), &, + -, * /, ^, unary + -.
 * Binary operators are left-associative; `^` is right-associative. A leading "=" is ignored
 * (kintone accepts "=a+b" since February 2020).
 */
import { fail } from "./numbers.ts";

export type Node =
  | { k: "num"; text: string }
  | { k: "str"; value: string }
  | { k: "ref"; code: string }
  | { k: "call"; name: string; args: Node[] }
  | { k: "neg"; arg: Node }
  | { k: "bin"; op: string; left: Node; right: Node };

type Token =
  | { t: "num"; text: string }
  | { t: "str"; value: string }
  | { t: "id"; text: string }
  | { t: "op"; text: string };

/** Full-width symbols kintone refuses, with the half-width one it asks for. */
export const FULL_WIDTH: Readonly<Record<string, string>> = {
  "（": "(",
  "）": ")",
  "＋": "+",
  "－": "-",
  "＊": "*",
  "／": "/",
  "＾": "^",
  "＆": "&",
  "＝": "=",
  "＜": "<",
  "＞": ">",
  "，": ",",
  "”": '"',
  "“": '"',
};

const OPERATORS = [
  "<=",
  ">=",
  "<>",
  "!=",
  "=",
  "<",
  ">",
  "+",
  "-",
  "*",
  "/",
  "^",
  "&",
  "(",
  ")",
  ",",
];

const NUMBER = /\d+(?:\.\d+)?|\.\d+/y;
const IDENT = /[^\s\-+*/^(),&=<>!"\d.][^\s\-+*/^(),&=<>!"]*/uy;

const stringAt = (text: string, start: number): [Token, number] => {
  let value = "";
  let i = start + 1;
  while (i < text.length && text[i] !== '"') {
    if (text[i] === "\\" && i + 1 < text.length) {
      i++;
    }
    value += text[i];
    i++;
  }
  if (i >= text.length) {
    return fail("unterminated string");
  }
  return [{ t: "str", value }, i + 1];
};

const sticky = (re: RegExp, text: string, at: number): string | null => {
  re.lastIndex = at;
  return re.exec(text)?.[0] ?? null;
};

const tokenAt = (text: string, i: number): [Token, number] => {
  const c = text[i] as string;
  if (c === '"') {
    return stringAt(text, i);
  }
  const op = OPERATORS.find((o) => text.startsWith(o, i));
  if (op) {
    return [{ t: "op", text: op }, i + op.length];
  }
  const num = sticky(NUMBER, text, i);
  if (num) {
    return [{ t: "num", text: num }, i + num.length];
  }
  if (FULL_WIDTH[c]) {
    return fail(`full-width symbol ${c}`);
  }
  const id = sticky(IDENT, text, i);
  if (!id) {
    return fail(`unexpected ${c}`);
  }
  const cut = [...id].findIndex((ch) => FULL_WIDTH[ch] !== undefined);
  if (cut >= 0) {
    return fail(`full-width symbol ${[...id][cut] ?? ""}`);
  }
  return [{ t: "id", text: id }, i + id.length];
};

export const tokenize = (source: string): Token[] => {
  const text = source.trim().replace(/^=/, "");
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i] as string)) {
      i++;
      continue;
    }
    const [token, next] = tokenAt(text, i);
    out.push(token);
    i = next;
  }
  return out;
};

const COMPARISONS = new Set(["=", "!=", "<>", "<", ">", "<=", ">="]);

/** The syntax tree of a formula; throws FormulaFailure on a syntax error. */
export const parse = (source: string): Node => {
  const tokens = tokenize(source);
  let i = 0;
  const isOp = (text: string): boolean => {
    const tok = tokens[i];
    return tok?.t === "op" && tok.text === text;
  };
  const expect = (text: string): void => {
    if (!isOp(text)) {
      fail("syntax");
    }
    i++;
  };
  const binary = (ops: ReadonlySet<string>, next: () => Node): (() => Node) => {
    return () => {
      let left = next();
      for (;;) {
        const tok = tokens[i];
        if (tok?.t !== "op" || !ops.has(tok.text)) {
          return left;
        }
        i++;
        left = { k: "bin", op: tok.text, left, right: next() };
      }
    };
  };
  const args = (): Node[] => {
    const out: Node[] = [];
    expect("(");
    if (isOp(")")) {
      i++;
      return out;
    }
    out.push(comparison());
    while (isOp(",")) {
      i++;
      out.push(comparison());
    }
    expect(")");
    return out;
  };
  const primary = (): Node => {
    const tok = tokens[i++];
    if (tok === undefined) {
      return fail("syntax");
    }
    switch (tok.t) {
      case "num":
        return { k: "num", text: tok.text };
      case "str":
        return { k: "str", value: tok.value };
      case "id":
        if (isOp("(")) {
          return { k: "call", name: tok.text.toUpperCase(), args: args() };
        }
        return { k: "ref", code: tok.text };
      default:
        if (tok.text !== "(") {
          return fail("syntax");
        }
    }
    const inner = comparison();
    expect(")");
    return inner;
  };
  const unary = (): Node => {
    if (isOp("-") || isOp("+")) {
      const negative = isOp("-");
      i++;
      const arg = unary();
      return negative ? { k: "neg", arg } : arg;
    }
    return primary();
  };
  const powered = (): Node => {
    const base = unary();
    if (!isOp("^")) {
      return base;
    }
    i++;
    return { k: "bin", op: "^", left: base, right: powered() };
  };
  const multiplicative = binary(new Set(["*", "/"]), powered);
  const additive = binary(new Set(["+", "-"]), multiplicative);
  const concatenation = binary(new Set(["&"]), additive);
  const comparison = binary(COMPARISONS, concatenation);
  if (tokens.length === 0) {
    return fail("empty");
  }
  const tree = comparison();
  if (i !== tokens.length) {
    fail("syntax");
  }
  return tree;
};

/** Every field code a tree refers to. */
export const referencesOf = (
  node: Node,
  out = new Set<string>(),
): Set<string> => {
  switch (node.k) {
    case "ref":
      out.add(node.code);
      break;
    case "call":
      node.args.forEach((a) => referencesOf(a, out));
      break;
    case "neg":
      referencesOf(node.arg, out);
      break;
    case "bin":
      referencesOf(node.left, out);
      referencesOf(node.right, out);
      break;
    default:
      break;
  }
  return out;
};
