import { insurerNoCheckDigit, parseInsurerNo } from "../insurerNo.ts";

describe("parseInsurerNo", () => {
  it.each([
    ["142158", "海老名市"],
    ["131011", "千代田区"],
  ])("accepts %s (%s)", (no) => {
    expect(parseInsurerNo(no)).toEqual({ ok: true, value: no });
  });
  it("computes the check digit as in 保険者番号設定要領", () => {
    expect(insurerNoCheckDigit("14215")).toBe(8);
    expect(insurerNoCheckDigit("13101")).toBe(1);
  });
  it("accepts full-width input", () => {
    expect(parseInsurerNo("１４２１５８")).toEqual({
      ok: true,
      value: "142158",
    });
  });
  it.each([
    ["", "required"],
    ["14215a", "characters"],
    ["14215", "length"],
    ["482158", "format"],
    ["142157", "checkDigit"],
  ])("rejects %j with %s", (input, code) => {
    expect(parseInsurerNo(input)).toMatchObject({
      ok: false,
      problems: [{ field: "insurerNo", code, severity: "error" }],
    });
  });
  it("catches every change of one digit", () => {
    for (let place = 0; place < 6; place++) {
      for (const d of "0123456789") {
        const changed = `${"142158".slice(0, place)}${d}${"142158".slice(place + 1)}`;
        if (changed !== "142158") {
          expect(parseInsurerNo(changed).ok).toBe(false);
        }
      }
    }
  });
});
