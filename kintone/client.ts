/**
 * How Node code talks to a kintone: one client factory (one timeout policy) and one reading of
 * what went wrong. The portal, the operator scripts, the demo and the benchmarks all use these,
 * so a hung kintone stops every caller the same way and every caller tells kintone's refusal
 * from a network failure by the official error classes, never by guessing at an error's shape.
 */
import {
  KintoneAllRecordsError,
  KintoneRestAPIClient,
  KintoneRestAPIError,
} from "@kintone/rest-api-client";

/**
 * A request to kintone that has sent or received nothing for this long is abandoned. kintone
 * answers a normal request in well under a second; bulk writes of 2,000 records take seconds.
 */
export const SOCKET_TIMEOUT_MS = 30_000;

export type KintoneAuth =
  { apiToken: string | string[] } | { username: string; password: string };

/** The one way to make a client: the base URL, the credentials, the common timeout. */
export const createKintoneClient = (
  baseUrl: string,
  auth: KintoneAuth,
): KintoneRestAPIClient =>
  new KintoneRestAPIClient({
    baseUrl,
    auth,
    socketTimeout: SOCKET_TIMEOUT_MS,
  });

/** What went wrong in a call to kintone, read from the official error classes. */
export type KintoneFailure =
  | {
      /** kintone answered with an error: its code (GAIA_…, CB_…), HTTP status and details. */
      kind: "refused";
      code: string;
      status: number;
      /** CB_VA01's map of invalid keys to messages, when given. */
      errors: Record<string, { messages?: string[] }> | undefined;
      /** Which request of a bulkRequest failed, when kintone said. */
      bulkRequestIndex: number | undefined;
      message: string;
    }
  | {
      /** A multi-chunk write (addAllRecords, updateAllRecords…) stopped part-way. */
      kind: "partial";
      processed: number;
      total: number;
      /** The failing record's index in the whole write, when kintone said. */
      errorIndex: number | undefined;
      cause: KintoneFailure;
    }
  | {
      /** No answer: refused, reset, timed out, name not found (the system error's code). */
      kind: "unreachable";
      code: string;
    }
  | { kind: "other"; name: string };

const SYSTEM_CODE = /^E[A-Z0-9_]{2,30}$/;

/** Classifies an error thrown by @kintone/rest-api-client. */
export const classifyKintoneError = (e: unknown): KintoneFailure => {
  if (e instanceof KintoneRestAPIError) {
    return {
      kind: "refused",
      code: e.code,
      status: e.status,
      errors: e.errors as Record<string, { messages?: string[] }> | undefined,
      bulkRequestIndex: e.bulkRequestIndex,
      message: e.message,
    };
  }
  if (e instanceof KintoneAllRecordsError) {
    return {
      kind: "partial",
      processed: e.numOfProcessedRecords,
      total: e.numOfAllRecords,
      errorIndex: e.errorIndex,
      // The chunk's error: kintone's refusal or, despite its declared type, a network failure.
      cause: classifyKintoneError(e.error),
    };
  }
  // A network failure comes as the HTTP library's error, carrying the system error code.
  const code =
    typeof e === "object" && e !== null
      ? (e as { code?: unknown }).code
      : undefined;
  if (typeof code === "string" && SYSTEM_CODE.test(code)) {
    return { kind: "unreachable", code };
  }
  return { kind: "other", name: e instanceof Error ? e.name : "unknown" };
};

const describeFailure = (f: KintoneFailure): string => {
  switch (f.kind) {
    case "refused":
      return `kintone answered ${f.status} ${f.code}`;
    case "partial":
      return `${describeFailure(f.cause)} after ${f.processed} of ${f.total} records`;
    case "unreachable":
      return `kintone unreachable (${f.code})`;
    default:
      return /^\w+$/.test(f.name) ? f.name : "error";
  }
};

const codeOfFailure = (f: KintoneFailure): string => {
  switch (f.kind) {
    case "refused":
    case "unreachable":
      return f.code;
    case "partial":
      return codeOfFailure(f.cause);
    default:
      return f.name;
  }
};

/**
 * A failure in a few words without personal data, for logs: kintone's code and status, or the
 * network error's code; never a message text, which may quote a value.
 */
export const describeKintoneError = (e: unknown): string =>
  describeFailure(classifyKintoneError(e));

/** The code to record for a failure: kintone's, the network's, or the error's name. */
export const kintoneErrorCode = (e: unknown): string =>
  codeOfFailure(classifyKintoneError(e));
