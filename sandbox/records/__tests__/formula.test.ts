/**
 * Unit tests of the formula language (sandbox/records/formula/): parser, operators, functions,
 * empty operands and result formats, without a server. Each block cites the kintone help page
 * it checks; where the help is silent the expected value is the choice listed in
 * sandbox/README.md ("Calculated fields").
 */
import { evaluate, type Env } from "../formula/evaluate.ts";
import { renderCalc, renderText } from "../formula/formats.ts";
import { fail, frac, FormulaFailure, ZERO } from "../formula/numbers.ts";
import { parse } from "../formula/parse.ts";
import { BLANK, num, str, type Value } from "../formula/values.ts";

const FIELDS: Record<string, Value> = {
  a: num(frac(10n)),
  b: num(frac(3n)),
  emptyNumber: { t: "num", v: ZERO, empty: true },
  emptyDate: BLANK,
  text: str("abc"),
  numericText: str("42"),
  checks: { t: "strs", v: ["A", "C"] },
  column: { t: "nums", v: [frac(5n), frac(15n, 2n)] },
};

const env: Env = {
  resolve: (code) => FIELDS[code] ?? fail(`no field ${code}`),
  precision: { places: 4, mode: "HALF_EVEN" },
  timeZone: "Asia/Tokyo",
};

/** The CALC value of `expression` in `format` ("" on an error). */
const calc = (expression: string, format = "NUMBER"): string => {
  try {
    return renderCalc(format, evaluate(parse(expression), env), env.precision);
  } catch (e) {
    if (e instanceof FormulaFailure) {
      return "";
    }
    throw e;
  }
};

/** The auto-calculated text value of `expression` (null on an error). */
const textOf = (expression: string): string | null => {
  try {
    return renderText(evaluate(parse(expression), env), env.precision);
  } catch (e) {
    if (e instanceof FormulaFailure) {
      return null;
    }
    throw e;
  }
};

// https://us.kintone.help/k/en/app/form/autocalc/basic_error/autocalc_format.html
describe("operators and precedence", () => {
  it.each([
    ["1+2*3", "7"],
    ["(1+2)*3", "9"],
    ["10-4-3", "3"],
    ["12/4/3", "1"],
    ["2*3^2", "18"],
    ["2^3^2", "512"],
    ["-2^2", "4"],
    ["-a+b", "-7"],
    ["=a+b", "13"],
    ["0.1*3", "0.3"],
    ["1/3", "0.3333"],
    ["2/3", "0.6667"],
    ["4^1.5", "4"],
    ["4^-2", "0.0625"],
    ["1+1=2", "1"],
    ["a>b", "1"],
    ["a<=b", "0"],
    ["a<>b", "1"],
    ["a!=10", "0"],
  ])("%s → %s", (expression, expected) => {
    expect(calc(expression)).toBe(expected);
  });

  it("joins text with &, below + - in precedence", () => {
    expect(textOf('1+2&"x"')).toBe("3x");
    expect(textOf('"n=" & a/b')).toBe("n=3.3333");
    expect(textOf('text & "-" & numericText')).toBe("abc-42");
    expect(textOf('a&b="103"')).toBe("1");
  });

  it("computes with numeric text and refuses other text in arithmetic", () => {
    expect(calc("numericText * 2")).toBe("84");
    expect(calc("text * 2")).toBe("");
  });

  it("gives an error for division by zero and exponents outside -100…100", () => {
    expect(calc("a/(b-b)")).toBe("");
    expect(calc("2^101")).toBe("");
    expect(calc("2^100")).not.toBe("");
  });

  it("refuses syntax errors, unknown functions and full-width symbols", () => {
    for (const bad of [
      "1+",
      "(1",
      "SUM(",
      "1 2",
      "a b",
      "FOO(1)",
      "（1）",
      "a＋b",
      '"x',
    ]) {
      expect(calc(bad)).toBe("");
    }
  });
});

// https://cn.cybozu.help/k/ja/app/form/autocalc/ref_data/calculation_type.html
describe("data types and empty operands", () => {
  it('counts an empty number as 0 in arithmetic and as empty next to ""', () => {
    expect(calc("emptyNumber + 1")).toBe("1");
    expect(calc('emptyNumber = ""')).toBe("1");
    expect(calc('a = ""')).toBe("0");
    expect(textOf('"[" & emptyNumber & "]"')).toBe("[]");
  });

  it("keeps an empty date blank through arithmetic, so the result is empty", () => {
    expect(calc("emptyDate + 86400", "DATE")).toBe("");
    expect(calc('IF(emptyDate = "", 1, 2)')).toBe("1");
  });

  it("gives an empty value, not an error text, for a string result in a CALC field", () => {
    expect(calc('IF(a > 1, "big", "small")')).toBe("");
    expect(textOf('IF(a > 1, "big", "small")')).toBe("big");
  });

  it("refuses an array where a single value is needed", () => {
    expect(calc("column + 1")).toBe("");
    expect(textOf('checks & ""')).toBeNull();
  });
});

// https://us.kintone.help/k/en/app/form/autocalc/basic_error/autocalc_format.html (IF, AND, OR,
// NOT) and https://cn.cybozu.help/k/ja/app/form/autocalc/ref_data/calculation_type.html (their types)
describe("IF, AND, OR, NOT", () => {
  it("takes one branch only", () => {
    expect(calc("IF(a > b, a, b)")).toBe("10");
    expect(calc("IF(b = 3, 0, a / (b - 3))")).toBe("0");
    expect(calc("IF(a, 1)")).toBe("");
  });

  it("combines conditions", () => {
    expect(calc("AND(a > 1, b > 1)")).toBe("1");
    expect(calc("AND(a > 1, b > 5)")).toBe("0");
    expect(calc("OR(a > 100, b > 1)")).toBe("1");
    expect(calc("NOT(a > 1)")).toBe("0");
    expect(calc("IF(AND(a>1, NOT(b=0)), 5, 6)")).toBe("5");
  });
});

// https://us.kintone.help/k/en/app/form/autocalc/basic_error/autocalc_format.html (CONTAINS: is the
// option checked, for check boxes, multi-selects and table columns)
describe("CONTAINS", () => {
  it("tells whether a choice is checked", () => {
    expect(calc('CONTAINS(checks, "A")')).toBe("1");
    expect(calc('CONTAINS(checks, "B")')).toBe("0");
    expect(calc('CONTAINS(a, "B")')).toBe("");
  });
});

// https://us.kintone.help/k/en/app/form/autocalc/basic_error/autocalc_format.html (SUM, ROUND,
// ROUNDUP, ROUNDDOWN)
describe("SUM and rounding", () => {
  it.each([
    ["SUM(1, 2, 3)", "6"],
    ["SUM(column)", "12.5"],
    ["SUM(column, a)", "22.5"],
    ["ROUND(3.14159, 2)", "3.14"],
    ["ROUNDUP(3.14159, 2)", "3.15"],
    ["ROUNDDOWN(3.14159, 2)", "3.14"],
    ["ROUND(2.5)", "3"],
    ["ROUND(-2.5)", "-3"],
    ["ROUNDUP(-2.1)", "-3"],
    ["ROUNDDOWN(-2.9)", "-2"],
    ["ROUND(1250, -2)", "1300"],
    ["ROUND(a*1.08)", "11"],
  ])("%s → %s", (expression, expected) => {
    expect(calc(expression)).toBe(expected);
  });
});

// https://get.kintone.help/k/zh-tw/user/app_settings/form/autocalc/yen_function.html
// (YEN(1132.85, 1) → ¥1,132.9; both arguments are required)
describe("YEN", () => {
  it.each([
    ["YEN(1132.85, 1)", "¥1,132.9"],
    ["YEN(1132.85, 0)", "¥1,133"],
    ["YEN(1234567.891, 2)", "¥1,234,567.89"],
    ["YEN(1234.5, -2)", "¥1,200"],
    ["YEN(-1000, 0)", "-¥1,000"],
    ["YEN(0.4, 0)", "¥0"],
  ])("%s → %s", (expression, expected) => {
    expect(textOf(expression)).toBe(expected);
  });

  it("needs both arguments and is an error in a CALC field", () => {
    expect(textOf("YEN(1234.5)")).toBeNull();
    expect(calc("YEN(1234.5, 0)")).toBe("");
  });
});

// https://cn.kintone.help/k/ja/app/form/autocalc/function/date_format
describe("DATE_FORMAT", () => {
  it.each([
    [
      'DATE_FORMAT(1459468800, "YYYY-MM-dd HH:mm", "Asia/Tokyo")',
      "2016-04-01 09:00",
    ],
    ['DATE_FORMAT(1459468800, "YYYY/MM/dd", "Etc/GMT")', "2016/04/01"],
    [
      'DATE_FORMAT(1459468800 + 24*60*60*1, "YYYY/MM/dd", "Etc/GMT")',
      "2016/04/02",
    ],
    [
      'DATE_FORMAT(1459468800, "YYYY年M月d日 H時", "system")',
      "2016年4月1日 9時",
    ],
    ['DATE_FORMAT(1459508400, "hh:mm a", "Asia/Tokyo")', "08:00 午後"],
    [
      'DATE_FORMAT(1459468800, "HH:mm:ss Z ZZ", "Asia/Tokyo")',
      "09:00:00 +0900 +09:00",
    ],
    ['DATE_FORMAT(1459468800.9, "ss", "UTC")', "00"],
  ])("%s → %s", (expression, expected) => {
    expect(textOf(expression)).toBe(expected);
  });

  it("gives an error for an unknown time zone or an instant out of range", () => {
    expect(textOf('DATE_FORMAT(0, "YYYY", "Mars/Olympus")')).toBeNull();
    expect(textOf('DATE_FORMAT(253402300800, "YYYY", "UTC")')).toBeNull();
  });

  it("gives an empty text for an empty date", () => {
    expect(textOf('DATE_FORMAT(emptyDate, "YYYY", "UTC")')).toBe("");
  });
});

// https://jp.kintone.help/k/ja/app/form/form_parts/calculated.html (display formats)
describe("result formats", () => {
  it.each([
    ["324219600", "DATETIME", "1980-04-10T13:00:00Z"],
    ["324219659", "DATETIME", "1980-04-10T13:00:00Z"],
    ["324219600", "DATE", "1980-04-10"],
    ["90061", "TIME", "01:01"],
    ["-60", "TIME", "23:59"],
    ["90061", "HOUR_MINUTE", "25:01"],
    ["90061", "DAY_HOUR_MINUTE", "25:01"],
    ["-5400", "HOUR_MINUTE", "-01:30"],
    ["1234567.5", "NUMBER_DIGIT", "1234567.5"],
    ["1 > 0", "NUMBER", "1"],
  ])("%s as %s → %s", (expression, format, expected) => {
    expect(calc(expression, format)).toBe(expected);
  });
});
