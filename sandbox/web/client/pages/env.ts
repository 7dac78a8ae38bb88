/** What every page renderer works with, and running an event with kintone's rules. */
import type { PageContext } from "../context.ts";
import type { EventBus, FireResult } from "../events.ts";
import type { Rest } from "../rest.ts";
import type { KEvent } from "../types.ts";

export interface Env {
  ctx: PageContext;
  bus: EventBus;
  rest: Rest;
  /** Where the page goes next (replaced in tests). */
  navigate: (url: string) => void;
  /** A yes/no question (replaced in tests). */
  confirm: (message: string) => boolean;
}

/** `app.record.…` or `mobile.app.record.…`. */
export const eventType = (env: Env, rest: string): string =>
  `${env.ctx.page.mobile ? "mobile." : ""}${rest}`;

/** Fires an event; `record.set()` is refused while its handlers run, as in kintone. */
export const runEvent = (env: Env, event: KEvent): Promise<FireResult> => {
  const { ctx } = env;
  ctx.inHandler = true;
  return env.bus.fire(event.type, event).finally(() => {
    ctx.inHandler = false;
  });
};

/** True when a handler's outcome cancels what the person asked for (save, delete, action). */
export const cancels = (result: FireResult): boolean => {
  if (result.returned === false || result.failed) {
    return true;
  }
  const returned = result.returned as KEvent | null | undefined;
  return (
    typeof returned === "object" && returned !== null && hasError(returned)
  );
};

const isMessage = (value: unknown): boolean =>
  typeof value === "string" && value !== "";

/** event.error, or an error on a field or on a field of a table row. */
const hasError = (event: KEvent): boolean =>
  isMessage(event.error) ||
  Object.values(event.record ?? {}).some(
    (field) =>
      isMessage(field?.error) ||
      (Array.isArray(field?.value) &&
        (
          field.value as Array<{ value?: Record<string, { error?: unknown }> }>
        ).some((row) =>
          Object.values(row?.value ?? {}).some((cell) =>
            isMessage(cell?.error),
          ),
        )),
  );
