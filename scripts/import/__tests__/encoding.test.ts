import iconv from "iconv-lite";
import { CliError } from "../../lib/cli.ts";
import { decodeFile, parseEncodingFlag } from "../encoding.ts";

const TEXT = "申請番号,被保険者番号\r\nB-1,9999900001\r\n髙橋①,ｶﾅ\r\n";

describe("decodeFile", () => {
  it("reads CP932 (with NEC and IBM characters) when the bytes are not UTF-8", () => {
    expect(decodeFile(iconv.encode(TEXT, "cp932"))).toEqual({
      text: TEXT,
      encoding: "cp932",
    });
  });

  it("reads UTF-8 without a BOM", () => {
    expect(decodeFile(Buffer.from(TEXT, "utf8"))).toEqual({
      text: TEXT,
      encoding: "utf8",
    });
  });

  it("reads UTF-8 with a BOM and drops the BOM", () => {
    expect(decodeFile(Buffer.from(`\uFEFF${TEXT}`, "utf8"))).toEqual({
      text: TEXT,
      encoding: "utf8",
    });
  });

  it("reads CP932 when told to, even if the bytes happen to be valid UTF-8", () => {
    // "ab" in ASCII is both; the flag decides.
    expect(decodeFile(Buffer.from("ab"), "cp932").encoding).toBe("cp932");
  });

  it("refuses a CP932 file read as UTF-8, naming the line", () => {
    const bytes = iconv.encode("a,b\r\n1,2\r\n申請,3\r\n", "cp932");
    expect(() => decodeFile(bytes, "utf8")).toThrow(
      new CliError(
        "UTF-8 として読めない文字が 3 行目にあります。--encoding cp932 を試すか、ファイルを確かめてください。",
      ),
    );
  });

  it("refuses bytes that neither encoding reads", () => {
    const bytes = Buffer.from([0x61, 0x0a, 0x81, 0x7f, 0x0a]);
    expect(() => decodeFile(bytes)).toThrow(
      "ファイルの文字コードを判定できません（UTF-8 でも Shift_JIS でも読めない文字が 2 行目にあります）。CSV として保存し直してください。",
    );
  });
});

describe("parseEncodingFlag", () => {
  it.each([
    [undefined, "auto"],
    ["UTF-8", "utf8"],
    ["utf8", "utf8"],
    ["Shift_JIS", "cp932"],
    ["sjis", "cp932"],
    ["CP932", "cp932"],
    ["Windows-31J", "cp932"],
  ])("reads %s as %s", (flag, choice) => {
    expect(parseEncodingFlag(flag)).toBe(choice);
  });

  it("refuses an unknown encoding in one Japanese line", () => {
    expect(() => parseEncodingFlag("euc-jp")).toThrow(
      new CliError(
        "--encoding に「euc-jp」は指定できません。utf-8、cp932（shift_jis）、auto のどれかを指定してください。",
      ),
    );
  });
});
