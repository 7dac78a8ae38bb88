/**
 * `kintone.events`: handlers by event type, run in registration order (files register in the
 * order the page loads them: plugins first, then the app's files).
 * https://cybozu.dev/ja/kintone/docs/js-api/events/event-handling
 */
import type { KEvent } from "./types.ts";

export type Handler = (event: KEvent) => unknown;

export interface FireResult {
  /**
   * What the last handler returned, awaited when it was a thenable. kintone applies the value
   * returned by the last handler only: an event object (record values, `error`, field errors),
   * or `false` where the event can be cancelled.
   */
  returned: unknown;
  /** A handler threw or its thenable was rejected (the page then cancels what it can). */
  failed: boolean;
  /** How many handlers ran. */
  count: number;
}

export interface EventBus {
  on: (type: string | string[], handler: Handler) => void;
  off: (type?: string | string[], handler?: Handler) => boolean;
  /** Runs the handlers of `type` one after the other, each awaited before the next. */
  fire: (type: string, event: KEvent) => Promise<FireResult>;
  has: (type: string) => boolean;
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  (typeof value === "object" || typeof value === "function") &&
  value !== null &&
  typeof (value as { then?: unknown }).then === "function";

const asList = (type: string | string[]): string[] =>
  Array.isArray(type) ? type : [type];

export const createEventBus = (): EventBus => {
  const handlers = new Map<string, Handler[]>();

  const on = (type: string | string[], handler: Handler): void => {
    if (typeof handler !== "function") {
      throw new TypeError("kintone.events.on: handler must be a function");
    }
    for (const t of asList(type)) {
      handlers.set(t, [...(handlers.get(t) ?? []), handler]);
    }
  };

  const off = (type?: string | string[], handler?: Handler): boolean => {
    if (type === undefined) {
      const any = handlers.size > 0;
      handlers.clear();
      return any;
    }
    let removed = false;
    for (const t of asList(type)) {
      const list = handlers.get(t) ?? [];
      const kept =
        handler === undefined ? [] : list.filter((h) => h !== handler);
      removed ||= kept.length < list.length;
      handlers.set(t, kept);
    }
    return removed;
  };

  const fire = async (type: string, event: KEvent): Promise<FireResult> => {
    // Handlers registered while this event runs wait for the next one.
    const list = [...(handlers.get(type) ?? [])];
    let current: KEvent = event;
    let returned: unknown;
    let failed = false;
    for (const handler of list) {
      try {
        const result = handler(current);
        returned = isThenable(result) ? await result : result;
      } catch (error) {
        console.error(`[kintone] ${type} のハンドラーでエラー`, error);
        returned = undefined;
        failed = true;
      }
      if (typeof returned === "object" && returned !== null) {
        current = returned as KEvent;
      }
    }
    return { returned, failed, count: list.length };
  };

  const has = (type: string): boolean => (handlers.get(type) ?? []).length > 0;

  return { on, off, fire, has };
};

/** The event object a handler returned last, if it returned one. */
export const returnedEvent = (result: FireResult): KEvent | null =>
  typeof result.returned === "object" && result.returned !== null
    ? (result.returned as KEvent)
    : null;
