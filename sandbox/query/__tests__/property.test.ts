import fc from "fast-check";
import {
  compileQuery,
  createMatcher,
  isQueryError,
  parseQuery,
} from "../index.ts";
import { ctx, fields, record } from "./fixtures.ts";

/** Runs `f`; a QueryError counts as a normal outcome, anything else escapes. */
const onlyQueryErrors = (f: () => void): void => {
  try {
    f();
  } catch (e) {
    if (!isQueryError(e)) {
      throw e;
    }
  }
};

/** Pieces of real queries, so random strings often get past the lexer. */
const fragment = fc.constantFrom(
  " ",
  "\u3000",
  "(",
  ")",
  ",",
  '"',
  "\\",
  "=",
  "!=",
  ">",
  "<=",
  "and",
  "or",
  "not",
  "in",
  "like",
  "is",
  "empty",
  "order by",
  "asc",
  "desc",
  "limit",
  "offset",
  "$id",
  "年齢",
  "申請日",
  "applicationNo",
  "サービス",
  "調査員",
  "調査履歴",
  "関連申請.x",
  "TODAY()",
  "FROM_TODAY(",
  "THIS_MONTH(",
  "LOGINUSER()",
  "DAYS",
  "LAST",
  "1",
  "-2",
  "0.5",
  "500",
  "10001",
  '"新規"',
  '""',
  '"2026-04-01"',
);

const queryLike = fc
  .array(fc.oneof(fragment, fc.string({ maxLength: 3 })), { maxLength: 24 })
  .map((parts) => parts.join(" "));

describe("robustness", () => {
  test("parseQuery throws nothing but QueryError for any string", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 200 }), (input) => {
        onlyQueryErrors(() => parseQuery(input));
      }),
      { numRuns: 2000 },
    );
  });

  test("parseQuery throws nothing but QueryError for query-like strings", () => {
    fc.assert(
      fc.property(queryLike, (input) => {
        onlyQueryErrors(() => parseQuery(input));
      }),
      { numRuns: 3000 },
    );
  });

  test("compiling and matching throw nothing but QueryError", () => {
    const sample = record(1, {
      年齢: "70",
      申請日: "2026-04-01",
      調査履歴: [{ 調査員: "田中", 点数: "1" }],
    });
    fc.assert(
      fc.property(queryLike, (input) => {
        onlyQueryErrors(() => {
          const compiled = compileQuery(input, fields);
          createMatcher(compiled, ctx)(sample);
        });
      }),
      { numRuns: 3000 },
    );
  });
});
