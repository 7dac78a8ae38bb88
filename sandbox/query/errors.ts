/**
 * The errors kintone returns for a bad `query`, with the codes, statuses and texts of
 * docs/kintone-behaviour.md §3 and §6, so the server can send them back unchanged.
 *
 * Japanese texts are the measured ones of docs/kintone-behaviour.md §3. English texts are
 * measured only for CB_VA01's top-level message ("Missing or invalid input."); the others are
 * our translations (docs/kintone-behaviour.md §13 lists the English wording of the query errors
 * as unverified).
 */
export type QueryErrorCode =
  | "CB_VA01"
  | "CB_IL02"
  | "GAIA_IL08"
  | "GAIA_IQ03"
  | "GAIA_IQ07"
  | "GAIA_IQ10"
  | "GAIA_IQ11"
  | "GAIA_IQ23"
  | "GAIA_IQ25"
  | "GAIA_IR02"
  | "GAIA_QU01"
  | "GAIA_QU02";

export type Lang = "ja" | "en";

export interface LocalizedText {
  ja: string;
  en: string;
}

/** The JSON body kintone sends for an error, minus the per-request random `id`. */
export interface ErrorBody {
  code: QueryErrorCode;
  message: string;
  errors?: Record<string, { messages: string[] }>;
}

/**
 * The one error type the query library throws. `detail` is an English note for developers
 * (what exactly was wrong and where); it is not part of kintone's response.
 */
export class QueryError extends Error {
  readonly code: QueryErrorCode;
  readonly status: number;
  readonly text: LocalizedText;
  readonly errors: Readonly<Record<string, LocalizedText[]>> | undefined;
  readonly detail: string;

  constructor(init: {
    code: QueryErrorCode;
    text: LocalizedText;
    errors?: Record<string, LocalizedText[]>;
    detail: string;
  }) {
    super(`[${init.code}] ${init.text.ja} (${init.detail})`);
    this.name = "QueryError";
    this.code = init.code;
    this.status = 400;
    this.text = init.text;
    this.errors = init.errors;
    this.detail = init.detail;
  }
}

export const isQueryError = (e: unknown): e is QueryError =>
  e instanceof QueryError;

/** kintone's response body for the error in the caller's language (§1.4, §1.5). */
export const errorBody = (error: QueryError, lang: Lang = "ja"): ErrorBody => {
  const body: ErrorBody = { code: error.code, message: error.text[lang] };
  if (error.errors) {
    body.errors = Object.fromEntries(
      Object.entries(error.errors).map(([key, texts]) => [
        key,
        { messages: texts.map((t) => t[lang]) },
      ]),
    );
  }
  return body;
};

const INVALID_INPUT: LocalizedText = {
  ja: "入力内容が正しくありません。",
  en: "Missing or invalid input.",
};

const BAD_QUERY_SYNTAX: LocalizedText = {
  ja: "クエリ記法が間違っています。",
  en: "The query syntax is incorrect.",
};

/** 400 CB_VA01 with `errors.query`: anything the grammar (or a literal) does not allow. */
export const syntaxError = (detail: string): QueryError =>
  new QueryError({
    code: "CB_VA01",
    text: INVALID_INPUT,
    errors: { query: [BAD_QUERY_SYNTAX] },
    detail,
  });

/** 400 CB_IL02: measured (on old kintone, as 520) for a fractional function argument. */
export const invalidRequest = (detail: string): QueryError =>
  new QueryError({
    code: "CB_IL02",
    text: { ja: "不正なリクエストです。", en: "Invalid request." },
    detail,
  });

/** 400 GAIA_IL08: a function called with the wrong number (or kind) of arguments. */
export const badFunctionArguments = (detail: string): QueryError =>
  new QueryError({
    code: "GAIA_IL08",
    text: { ja: "クエリの指定が不正です。", en: "The query is invalid." },
    detail,
  });

export const operatorNotAllowed = (label: string, op: string): QueryError =>
  new QueryError({
    code: "GAIA_IQ03",
    text: {
      ja: `${label}フィールドのフィールドタイプには演算子${op}を使用できません。`,
      en: `The operator ${op} cannot be used for the field type of the ${label} field.`,
    },
    detail: `operator "${op}" is not allowed for field "${label}"`,
  });

export const operatorNotAllowedInTable = (
  label: string,
  op: string,
): QueryError =>
  new QueryError({
    code: "GAIA_IQ07",
    text: {
      ja: `テーブルに設定している場合、${label}フィールドのフィールドタイプには、演算子${op}を使用できません。`,
      en: `When the field is in a table, the operator ${op} cannot be used for the field type of the ${label} field.`,
    },
    detail: `operator "${op}" is not allowed for "${label}" inside a table`,
  });

export const unknownOption = (code: string, value: string): QueryError =>
  new QueryError({
    code: "GAIA_IQ10",
    text: {
      ja: `フィールド「${code}」の項目に「${value}」は存在しません。`,
      en: `The option "${value}" does not exist in the field "${code}".`,
    },
    detail: `"${value}" is not an option of "${code}"`,
  });

export const unknownField = (code: string): QueryError =>
  new QueryError({
    code: "GAIA_IQ11",
    text: {
      ja: `指定されたフィールド（${code}）が見つかりません。`,
      en: `Specified field (${code}) not found.`,
    },
    detail: `no field "${code}" in the app`,
  });

export const invalidDay = (value: string): QueryError =>
  new QueryError({
    code: "GAIA_IQ23",
    text: {
      ja: `指定した日にち（${value}）は無効です。1から31までの整数で指定します。`,
      en: `The specified day (${value}) is invalid. Specify an integer from 1 to 31.`,
    },
    detail: `"${value}" is not a day of the month`,
  });

export const invalidUnit = (value: string): QueryError =>
  new QueryError({
    code: "GAIA_IQ25",
    text: {
      ja: "FROM_TODAY()の第2引数には、「DAYS」「WEEKS」「MONTHS」「YEARS」のいずれかを指定します。",
      en: 'The second argument of FROM_TODAY() must be one of "DAYS", "WEEKS", "MONTHS" or "YEARS".',
    },
    detail: `"${value}" is not a FROM_TODAY unit`,
  });

/** 400 GAIA_IR02: `<table>.<field>` is only for related-records fields. */
export const dottedNotRelatedRecords = (code: string): QueryError =>
  new QueryError({
    code: "GAIA_IR02",
    text: {
      ja: `フィールド「${code}」に指定したクエリが正しくありません。指定したクエリは、関連レコード一覧フィールドでのみ使用できます。`,
      en: `The query specified for the field "${code}" is invalid. The specified query can only be used for Related Records fields.`,
    },
    detail: `"${code}" is not a related-records field`,
  });

export const limitTooLarge = (limit: number): QueryError =>
  new QueryError({
    code: "GAIA_QU01",
    text: {
      ja: "limit には 500 以下の値を指定してください。",
      en: "Specify a value of 500 or less for limit.",
    },
    detail: `limit ${limit} > 500`,
  });

export const offsetTooLarge = (offset: number): QueryError =>
  new QueryError({
    code: "GAIA_QU02",
    text: {
      ja: "offset には 10,000 以下の値を指定してください。",
      en: "Specify a value of 10,000 or less for offset.",
    },
    detail: `offset ${offset} > 10,000`,
  });
