import { labelOf } from "./fields.ts";
import { fail, ok, type Result } from "./problem.ts";
import { toHalfWidthAscii } from "./text.ts";

/**
 * Half-width, trimmed, with the domain in lower case. The local part keeps its case:
 * use `emailKey` to compare two addresses.
 */
export const normalizeEmail = (s: string): string => {
  const t = toHalfWidthAscii(s).trim();
  const at = t.lastIndexOf("@");
  return at < 0 ? t : `${t.slice(0, at)}@${t.slice(at + 1).toLowerCase()}`;
};

/**
 * The identity of an address: mail providers treat the local part case-insensitively in
 * practice, so registration uniqueness and login matching compare this form.
 */
export const emailKey = (s: string): string => normalizeEmail(s).toLowerCase();

/**
 * The local part allows the dot-atom characters. Consecutive dots and a dot before "@" are
 * accepted on purpose: older Japanese mobile carriers issued such addresses and they still
 * receive mail.
 */
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$/;
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const TOP_LEVEL = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

export const parseEmail = (input: string, field = "email"): Result<string> => {
  const label = labelOf(field);
  const email = normalizeEmail(input);
  if (email === "") {
    return fail(field, "required", `${label}を入力してください。`);
  }
  if (/\s/.test(email)) {
    return fail(field, "characters", `${label}に空白は使えません。`);
  }
  const parts = email.split("@");
  if (parts.length < 2) {
    return fail(
      field,
      "format",
      `${label}に「@」がありません。例：care@example.jp`,
    );
  }
  if (parts.length > 2) {
    return fail(field, "format", `${label}の「@」は1つだけにしてください。`);
  }
  const [local = "", domain = ""] = parts;
  if (local === "" || local.length > 64 || !LOCAL_PART.test(local)) {
    return fail(
      field,
      "format",
      `${label}の「@」より前が正しくありません。半角英数字と記号で入力してください。`,
    );
  }
  const labels = domain.split(".");
  if (
    domain.length > 253 ||
    labels.length < 2 ||
    !labels.every((l) => DOMAIN_LABEL.test(l)) ||
    !TOP_LEVEL.test(labels[labels.length - 1] ?? "")
  ) {
    return fail(
      field,
      "format",
      `${label}の「@」より後（ドメイン）が正しくありません。例：example.jp`,
    );
  }
  if (email.length > 254) {
    return fail(field, "length", `${label}は254文字以内で入力してください。`);
  }
  return ok(email);
};
