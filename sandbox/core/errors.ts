/**
 * kintone's errors: code, HTTP status, Japanese and English text, and for CB_VA01 the `errors`
 * map keyed by parameter or field path (docs/kintone-behaviour.md §1.4, §2.2, §3).
 * The query library's QueryError has the same shape, so the server answers both alike.
 */
import type { Lang, LocalizedText } from "../query/index.ts";

export type { Lang, LocalizedText };

export interface KintoneErrorLike {
  code: string;
  status: number;
  text: LocalizedText;
  errors?: Readonly<Record<string, LocalizedText[]>> | undefined;
}

export class KintoneError extends Error implements KintoneErrorLike {
  readonly code: string;
  readonly status: number;
  readonly text: LocalizedText;
  readonly errors: Readonly<Record<string, LocalizedText[]>> | undefined;

  constructor(
    status: number,
    code: string,
    text: LocalizedText,
    errors?: Record<string, LocalizedText[]>,
  ) {
    super(`[${status}] [${code}] ${text.en}`);
    this.name = "KintoneError";
    this.status = status;
    this.code = code;
    this.text = text;
    this.errors = errors;
  }
}

export const isKintoneErrorLike = (e: unknown): e is KintoneErrorLike =>
  typeof e === "object" &&
  e !== null &&
  typeof (e as KintoneErrorLike).code === "string" &&
  typeof (e as KintoneErrorLike).status === "number" &&
  typeof (e as KintoneErrorLike).text === "object";

export const t = (ja: string, en: string): LocalizedText => ({ ja, en });

/**
 * A failed bulkRequest (§4.9): the failing sub-request's error, answered with its status as
 * `{"results":[{}, …, {code,id,message,errors?}, …]}` — only the failed index is non-empty.
 */
export class BulkRequestError extends KintoneError {
  readonly index: number;
  readonly count: number;

  constructor(inner: KintoneErrorLike, index: number, count: number) {
    super(inner.status, inner.code, inner.text, inner.errors ?? undefined);
    this.name = "BulkRequestError";
    this.index = index;
    this.count = count;
  }
}

/** The JSON body of an error response. */
export const errorEnvelope = (
  e: KintoneErrorLike,
  lang: Lang,
  id: string,
): Record<string, unknown> => {
  if (e instanceof BulkRequestError) {
    const inner = errorEnvelope(
      new KintoneError(e.status, e.code, e.text, e.errors ?? undefined),
      lang,
      id,
    );
    return {
      results: Array.from({ length: e.count }, (_, i) =>
        i === e.index ? inner : {},
      ),
    };
  }
  const body: Record<string, unknown> = {
    code: e.code,
    id,
    message: e.text[lang],
  };
  if (e.errors) {
    body.errors = Object.fromEntries(
      Object.entries(e.errors).map(([key, texts]) => [
        key,
        { messages: texts.map((x) => x[lang]) },
      ]),
    );
  }
  return body;
};

const VERB_JA = { added: "追加", updated: "更新", deleted: "削除" } as const;

/** Messages of CB_VA01 `errors` entries (§3.1). */
export const messages = {
  requiredParam: t("必須です。", "Required field."),
  required: t("必須です。", "Required."),
  unique: t(
    "値がほかのレコードと重複しています。",
    "This value already exists in another record.",
  ),
  notNumber: t("数字でなければなりません。", "Only numbers are allowed."),
  atLeastOne: t(
    "1以上の値を指定してください。",
    "must be greater than or equal to 1",
  ),
  atLeastZero: t(
    "0以上の値を指定してください。",
    "must be greater than or equal to 0",
  ),
  enumValue: t(
    "列挙値のいずれかを指定してください。",
    "must be one of the enum value",
  ),
  maxLength: (n: number) =>
    t(
      `${n + 1}文字より短くなければなりません。`,
      `Enter less than ${n + 1} characters.`,
    ),
  minLength: (n: number) =>
    t(
      `${n - 1}文字より長くなければなりません。`,
      `Enter more than ${n - 1} characters.`,
    ),
  maxValue: (v: string) =>
    t(`${v}以下である必要があります。`, `The value must be ${v} or less.`),
  minValue: (v: string) =>
    t(`${v}以上である必要があります。`, `The value must be ${v} or more.`),
  notInOptions: (v: string) =>
    t(`"${v}"は選択肢にありません。`, `The value, "${v}", is not in options.`),
  invalidFormat: t("形式が正しくありません。", "The format is invalid."),
  tooManyRecords: (n: number, verb: "added" | "updated" | "deleted") =>
    t(
      `一度に${n}件までのレコードを${VERB_JA[verb]}できます。`,
      verb === "deleted"
        ? `Between 1 and ${n} records can be deleted at one time.`
        : `A maximum of ${n} records can be ${verb} at one time.`,
    ),
};

/** 400 CB_VA01 with an `errors` map. */
export const validation = (
  errors: Record<string, LocalizedText[]>,
): KintoneError =>
  new KintoneError(
    400,
    "CB_VA01",
    t("入力内容が正しくありません。", "Missing or invalid input."),
    errors,
  );

export const errors = {
  noAuth: () =>
    new KintoneError(
      401,
      "CB_AU01",
      t("ログインしてください。", "Please login."),
    ),
  badPassword: () =>
    new KintoneError(
      401,
      "CB_WA01",
      t(
        "ユーザーのパスワード認証に失敗しました。「X-Cybozu-Authorization」ヘッダーの値が正しくありません。",
        "Password authentication failed. The value in http header of X-Cybozu-Authorization is not valid.",
      ),
    ),
  badToken: () =>
    new KintoneError(
      400,
      "GAIA_IA02",
      t(
        "指定したAPIトークンは、アプリで生成されたトークンと異なります。",
        "The specified API token does not match the API token generated via an app.",
      ),
    ),
  tokenNoRight: () =>
    new KintoneError(
      403,
      "GAIA_NO01",
      t(
        "このAPIトークンでは、指定したAPIを実行できません。",
        "Using this API token, you cannot run the specified API.",
      ),
    ),
  duplicateToken: () =>
    new KintoneError(
      400,
      "GAIA_DA03",
      t(
        "同じアプリのAPIトークンを重複して指定できません。",
        "You cannot specify a duplicate API token for the same app.",
      ),
    ),
  noPrivilege: () =>
    new KintoneError(
      403,
      "CB_NO02",
      t("権限がありません。", "No privilege to proceed."),
    ),
  appNotFound: (id: number | string) =>
    new KintoneError(
      404,
      "GAIA_AP01",
      t(
        `指定したアプリ（id: ${id}）が見つかりません。削除されている可能性があります。`,
        `The app (ID: ${id}) not found. The app may have been deleted.`,
      ),
    ),
  recordNotFound: (id: number | string) =>
    new KintoneError(
      404,
      "GAIA_RE01",
      t(
        `指定したレコード（id: ${id}）が見つかりません。`,
        `The specified record (ID: ${id}) is not found.`,
      ),
    ),
  commentNotFound: () =>
    new KintoneError(
      400,
      "GAIA_RE02",
      t(
        "指定したコメントが存在しません。削除された可能性があります。",
        "The specified comment does not exist. The comment may have been deleted.",
      ),
    ),
  updateKeyNoMatch: () =>
    new KintoneError(
      400,
      "GAIA_RE20",
      t(
        "「updateKey」に指定した条件に一致するレコードがありません。",
        'No records match the conditions specified in the "updateKey" field.',
      ),
    ),
  recordRevision: () =>
    new KintoneError(
      409,
      "GAIA_CO02",
      t(
        "指定したrevisionは最新ではありません。ほかのユーザーがレコードを更新した可能性があります。",
        "The revision is not the latest. Someone may update a record.",
      ),
    ),
  appRevision: () =>
    new KintoneError(
      409,
      "GAIA_CO03",
      t(
        "指定したrevisionは最新ではありません。ほかのユーザーがアプリの設定を変更した可能性があります。",
        "The revision is not the latest. Someone may update the app settings.",
      ),
    ),
  fileNotFound: (key: string) =>
    new KintoneError(
      404,
      "GAIA_BL01",
      t(
        `指定したファイル（id: ${key}）が見つかりません。`,
        `The specified file (id: ${key}) not found.`,
      ),
    ),
  tooManyCursors: () =>
    new KintoneError(
      429,
      "GAIA_TM12",
      t(
        "作成できるカーソルの上限に達しているため、カーソルを作成できません。不要なカーソルを削除するか、しばらく経ってから再実行してください。",
        "Cannot create a cursor because the maximum number of cursors has been reached. Delete unnecessary cursors or try again later.",
      ),
    ),
  cursorNotFound: () =>
    new KintoneError(
      404,
      "GAIA_CN01",
      t(
        "指定したカーソルが見つかりません。",
        "The specified cursor does not exist.",
      ),
    ),
  processDisabled: () =>
    new KintoneError(
      400,
      "GAIA_ST02",
      t(
        "操作に失敗しました。プロセス管理機能が無効化されています。",
        "Your request failed. The process management feature has been disabled.",
      ),
    ),
  statusAction: () =>
    new KintoneError(
      400,
      "GAIA_IL03",
      t(
        "ステータスの変更に失敗しました。ほかのユーザーがステータス、またはステータスの設定を変更した可能性があります。",
        "Failed to update the status. The settings or the status itself may have been changed by someone.",
      ),
    ),
  notAssignee: () =>
    new KintoneError(
      400,
      "GAIA_NT01",
      t(
        "作業者のみがステータスを変更できます。",
        "Only the assignee can change the status.",
      ),
    ),
  lookupMissing: (value: string, code: string) =>
    new KintoneError(
      400,
      "GAIA_LO04",
      t(
        `フィールド「${code}」の値「${value}」が、ルックアップの参照先のフィールドにないか、またはアプリやフィールドの閲覧権限がありません。`,
        `A value ${value} in the field ${code} does not exist in the datasource app for lookup, or you do not have permission to view the app or the field.`,
      ),
    ),
  fieldNotFound: (code: string) =>
    new KintoneError(
      400,
      "GAIA_FC01",
      t(
        `指定されたフィールド（code: ${code}）が見つかりません。`,
        `The specified field (code: ${code}) is not found.`,
      ),
    ),
  invalidJson: () =>
    new KintoneError(
      400,
      "CB_IJ01",
      t("不正なJSON文字列です。", "Invalid JSON string."),
    ),
  unknownApi: (path: string) =>
    new KintoneError(
      404,
      "CB_NO04",
      t(
        `指定したAPI（${path}）は存在しません。`,
        `The specified API (${path}) does not exist.`,
      ),
    ),
  guestPathRequired: () =>
    new KintoneError(
      400,
      "GAIA_IL23",
      t(
        "ゲストスペース内のアプリを操作する場合は、リクエストの送信先を「/k/guest/（ゲストスペースのID）/v1/...」にしてください。",
        "When you operate an app in a guest space, please send the request to '/k/guest/(guest space ID)/v1/...'.",
      ),
    ),
  deployRunning: () =>
    new KintoneError(
      409,
      "GAIA_DA01",
      t(
        "アプリの設定を運用環境へ反映中です。",
        "The app settings are being deployed.",
      ),
    ),
};
