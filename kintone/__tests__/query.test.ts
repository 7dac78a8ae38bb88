import { quoteQueryValue } from "../query.ts";

describe("quoteQueryValue", () => {
  it("puts a value in double quotes, escaping backslashes and double quotes", () => {
    expect(quoteQueryValue("123456")).toBe('"123456"');
    expect(quoteQueryValue('a"b')).toBe('"a\\"b"');
    expect(quoteQueryValue("a\\b")).toBe('"a\\\\b"');
    expect(quoteQueryValue('\\"')).toBe('"\\\\\\""');
  });
});
