/**
 * The character encoding of an export: UTF-8 (with or without BOM) or Shift_JIS as Windows
 * writes it (CP932, which adds NEC and IBM characters such as ① and 髙 to JIS X 0208).
 * Detection: a UTF-8 BOM, or bytes that are valid UTF-8, mean UTF-8 (a Shift_JIS file with
 * Japanese text is practically never valid UTF-8); anything else is read as CP932.
 */
import iconv from "iconv-lite";
import { CliError } from "../lib/cli.ts";

export type Encoding = "utf8" | "cp932";
export type EncodingChoice = Encoding | "auto";

/** Display names, for messages and the summary. */
export const ENCODING_NAMES: Readonly<Record<Encoding, string>> = {
  utf8: "UTF-8",
  cp932: "Shift_JIS（CP932）",
};

const ALIASES: Readonly<Record<string, EncodingChoice>> = {
  auto: "auto",
  utf8: "utf8",
  "utf-8": "utf8",
  cp932: "cp932",
  sjis: "cp932",
  shift_jis: "cp932",
  "shift-jis": "cp932",
  "windows-31j": "cp932",
  ms932: "cp932",
};

/** The value of `--encoding`, or a one-line error listing what it takes. */
export const parseEncodingFlag = (
  value: string | undefined,
): EncodingChoice => {
  if (value === undefined) {
    return "auto";
  }
  const found = ALIASES[value.trim().toLowerCase()];
  if (found === undefined) {
    throw new CliError(
      `--encoding に「${value}」は指定できません。utf-8、cp932（shift_jis）、auto のどれかを指定してください。`,
    );
  }
  return found;
};

const BOM = [0xef, 0xbb, 0xbf];

const hasBom = (bytes: Uint8Array): boolean =>
  BOM.every((b, i) => bytes[i] === b);

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

const tryUtf8 = (bytes: Uint8Array): string | null => {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
};

/** The 1-based line of the first U+FFFD (a byte sequence CP932 does not define). */
const lineOfReplacement = (text: string): number =>
  text.slice(0, text.indexOf("\uFFFD")).split("\n").length;

/** The 1-based line of the first byte at which UTF-8 decoding fails. */
const lineOfBadUtf8 = (bytes: Uint8Array): number => {
  const text = new TextDecoder("utf-8").decode(bytes);
  return lineOfReplacement(text);
};

const decodeCp932 = (bytes: Uint8Array, detected: boolean): string => {
  const text = iconv.decode(Buffer.from(bytes), "cp932");
  if (text.includes("\uFFFD")) {
    throw new CliError(
      detected
        ? `ファイルの文字コードを判定できません（UTF-8 でも Shift_JIS でも読めない文字が ${lineOfReplacement(text)} 行目にあります）。CSV として保存し直してください。`
        : `Shift_JIS（CP932）として読めない文字が ${lineOfReplacement(text)} 行目にあります。--encoding utf-8 を試すか、ファイルを確かめてください。`,
    );
  }
  return text;
};

/** The text of a file and the encoding it was read with; the BOM is removed. */
export const decodeFile = (
  bytes: Uint8Array,
  choice: EncodingChoice = "auto",
): { text: string; encoding: Encoding } => {
  if (choice === "cp932") {
    return { text: decodeCp932(bytes, false), encoding: "cp932" };
  }
  const bom = hasBom(bytes);
  const body = bom ? bytes.subarray(BOM.length) : bytes;
  const utf8 = tryUtf8(body);
  if (utf8 !== null) {
    return { text: utf8, encoding: "utf8" };
  }
  if (choice === "utf8" || bom) {
    throw new CliError(
      `UTF-8 として読めない文字が ${lineOfBadUtf8(body)} 行目にあります。${bom ? "" : "--encoding cp932 を試すか、"}ファイルを確かめてください。`,
    );
  }
  return { text: decodeCp932(bytes, true), encoding: "cp932" };
};
