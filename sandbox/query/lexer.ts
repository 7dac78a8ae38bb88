/**
 * Splits a query into tokens (docs/kintone-behaviour.md §6.1).
 *
 * Outside string literals, half-width space, tab, CR, LF and the full-width space U+3000 all
 * separate tokens. Inside a literal, `\"`, `\\`, `\t`, `\n` and `\r` are escapes (measured);
 * any other backslash pair stands for the second character (our choice: kintone documents no
 * other escape). A raw tab, CR or LF inside a literal is a syntax error, as on kintone.
 *
 * Everything that is not whitespace, a quote or one of `( ) , = ! < >` belongs to a word, so
 * field codes may hold Japanese and full-width symbols; the parser decides what a word means.
 */
import { syntaxError } from "./errors.ts";

export type OperatorText = "=" | "!=" | ">" | "<" | ">=" | "<=";

export type Token =
  | { type: "string"; value: string; pos: number }
  | { type: "number"; text: string; pos: number }
  | { type: "word"; text: string; pos: number }
  | { type: "op"; text: OperatorText; pos: number }
  | { type: "(" | ")" | "," | "eof"; pos: number };

const WHITESPACE = new Set([" ", "\t", "\r", "\n", "\u3000"]);
const WORD_BREAK = new Set(["(", ")", ",", '"', "=", "!", "<", ">"]);
const NUMBER = /^-?\d+(?:\.\d+)?$/;

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "\\": "\\",
  t: "\t",
  n: "\n",
  r: "\r",
};

const readString = (
  input: string,
  start: number,
): { value: string; end: number } => {
  let value = "";
  let i = start + 1;
  while (i < input.length) {
    const c = input.charAt(i);
    if (c === '"') {
      return { value, end: i + 1 };
    }
    if (c === "\t" || c === "\r" || c === "\n") {
      throw syntaxError(`raw control character in string literal at ${i}`);
    }
    if (c === "\\") {
      if (i + 1 >= input.length) {
        break;
      }
      const next = input.charAt(i + 1);
      value += ESCAPES[next] ?? next;
      i += 2;
    } else {
      value += c;
      i += 1;
    }
  }
  throw syntaxError(`unterminated string literal starting at ${start}`);
};

const readOperator = (
  input: string,
  i: number,
): { text: OperatorText; end: number } => {
  const c = input.charAt(i);
  const next = input.charAt(i + 1);
  if (c === "=") {
    return { text: "=", end: i + 1 };
  }
  if (c === "!") {
    if (next === "=") {
      return { text: "!=", end: i + 2 };
    }
    throw syntaxError(`"!" without "=" at ${i}`);
  }
  const op = c === "<" ? "<" : ">";
  return next === "="
    ? { text: op === "<" ? "<=" : ">=", end: i + 2 }
    : { text: op, end: i + 1 };
};

/** The tokens of `input`, ending with an `eof` token. Throws CB_VA01 on a bad literal. */
export const tokenize = (input: string): Token[] => {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input.charAt(i);
    if (WHITESPACE.has(c)) {
      i += 1;
    } else if (c === "(" || c === ")" || c === ",") {
      tokens.push({ type: c, pos: i });
      i += 1;
    } else if (c === '"') {
      const { value, end } = readString(input, i);
      tokens.push({ type: "string", value, pos: i });
      i = end;
    } else if (c === "=" || c === "!" || c === "<" || c === ">") {
      const { text, end } = readOperator(input, i);
      tokens.push({ type: "op", text, pos: i });
      i = end;
    } else {
      let end = i + 1;
      while (
        end < input.length &&
        !WHITESPACE.has(input.charAt(end)) &&
        !WORD_BREAK.has(input.charAt(end))
      ) {
        end += 1;
      }
      const text = input.slice(i, end);
      tokens.push(
        NUMBER.test(text)
          ? { type: "number", text, pos: i }
          : { type: "word", text, pos: i },
      );
      i = end;
    }
  }
  tokens.push({ type: "eof", pos: input.length });
  return tokens;
};
