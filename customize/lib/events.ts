/**
 * The one way customizations register kintone event handlers: a handler that throws (or whose
 * promise rejects) gives a Japanese message instead of a broken screen. On a submit the
 * message is `event.error`, so nothing unchecked is saved; on a change it is `event.error` too,
 * shown by kintone; on every event it is also a notice at the top of the page.
 * https://cybozu.dev/ja/kintone/docs/js-api/events/event-handling/
 */
import { showNotice } from "./notice.ts";

/** What kintone passes to a handler: the type and, on record pages, the record. */
export interface KintoneEvent {
  type: string;
  record?: Record<string, { value?: unknown; [key: string]: unknown }>;
  error?: string | null;
  [key: string]: unknown;
}

export type Handler<E extends KintoneEvent = KintoneEvent> = (
  event: E,
) => E | false | undefined | Promise<E | false | undefined>;

export const FAILURE_MESSAGE =
  "画面の処理でエラーが発生しました。入力内容は確認されていないため、保存はできません。画面を再読み込みしてもう一度お試しください。解決しない場合はシステム担当者にお知らせください。";

const FAILURE_ON_SHOW =
  "画面の処理でエラーが発生しました。入力の確認と自動入力が働いていない可能性があります。画面を再読み込みしてください。解決しない場合はシステム担当者にお知らせください。";

const isThenable = (v: unknown): v is PromiseLike<unknown> =>
  typeof v === "object" &&
  v !== null &&
  typeof (v as { then?: unknown }).then === "function";

/** The event given back after a handler failed, with the message where kintone shows it. */
export const failed = <E extends KintoneEvent>(event: E, cause: unknown): E => {
  // For the developer's console; the clerk sees the Japanese message.
  console.error(`[kaigo] ${event.type}`, cause);
  const blocking = /\.submit$|\.change\./.test(event.type);
  showNotice("failure", "error", [
    blocking ? FAILURE_MESSAGE : FAILURE_ON_SHOW,
  ]);
  if (blocking) {
    event.error = FAILURE_MESSAGE;
  }
  return event;
};

/** `kintone.events.on` with the failure of `handler` turned into a message (see above). */
export const onEvent = <E extends KintoneEvent>(
  types: string | readonly string[],
  handler: Handler<E>,
): void => {
  kintone.events.on(
    typeof types === "string" ? types : [...types],
    (event: E) => {
      try {
        const result = handler(event);
        return isThenable(result)
          ? Promise.resolve(result).catch((e: unknown) => failed(event, e))
          : result;
      } catch (e) {
        return failed(event, e);
      }
    },
  );
};
