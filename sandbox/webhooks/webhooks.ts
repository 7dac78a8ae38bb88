/**
 * Outbound webhooks (docs/kintone-rest-notes.md §9). Record handlers call `queueWebhook` inside
 * their transaction; delivery happens after commit.
 */
import type { RequestContext, Route } from "../core/context.ts";
import type { AppDoc } from "../apps/model.ts";

export type WebhookEvent =
  | {
      type: "ADD_RECORD" | "UPDATE_RECORD" | "UPDATE_STATUS";
      record: Record<string, unknown>;
    }
  | { type: "DELETE_RECORD"; recordId: string }
  | {
      type: "ADD_RECORD_COMMENT";
      recordId: string;
      comment: Record<string, unknown>;
    };

/** Queues a webhook notification of `app` to be sent once the request commits. */
export const queueWebhook = (
  ctx: RequestContext,
  app: AppDoc,
  event: WebhookEvent,
): void => {
  // Placeholder until delivery lands: nothing is configured to receive it.
  ctx.afterCommit(() => [app.id, event.type]);
};

export const webhookRoutes: Route[] = [];
