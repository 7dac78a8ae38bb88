/**
 * Record comments (§4.11): record/comment.json POST/DELETE and record/comments.json GET.
 * Comment ids count per record from 1. Only the poster may delete a comment (CB_NO02 for
 * others — our choice; kintone's documentation does not say). Posting fires
 * ADD_RECORD_COMMENT.
 */
import { kintoneTime } from "../core/clock.ts";
import type { RequestContext } from "../core/context.ts";
import { errors, messages, t, validation } from "../core/errors.ts";
import {
  optionalArray,
  optionalInteger,
  optionalObject,
  optionalString,
  requiredId,
} from "../core/params.ts";
import type { Store } from "../core/store.ts";
import { queueWebhook } from "../webhooks/webhooks.ts";
import { liveSchema, requireRecord, type Json } from "./model.ts";

interface Comment {
  id: string;
  text: string;
  createdAt: string;
  creator: { code: string; name: string };
  mentions: Array<{ code: string; type: string }>;
}

const KIND = "recordComments";
const MAX_TEXT = 65_535;
const MAX_MENTIONS = 10;
const MENTION_TYPES = new Set(["USER", "GROUP", "ORGANIZATION"]);

const keyOf = (app: number, record: number): string => `${app}:${record}`;

const commentsOf = (store: Store, app: number, record: number): Comment[] =>
  store.getDoc<Comment[]>(KIND, keyOf(app, record)) ?? [];

/** Drops a deleted record's comments. */
export const dropComments = (store: Store, app: number, record: number) => {
  if (store.getDoc(KIND, keyOf(app, record)) !== undefined) {
    store.deleteDoc(KIND, keyOf(app, record));
  }
};

const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const mentionsOf = (comment: Json): Comment["mentions"] => {
  const list = optionalArray(comment, "mentions") ?? [];
  if (list.length > MAX_MENTIONS) {
    throw validation({
      "comment.mentions": [
        t(
          `メンションは${MAX_MENTIONS}件まで指定できます。`,
          `Up to ${MAX_MENTIONS} mentions can be specified.`,
        ),
      ],
    });
  }
  return list.map((m, i) => {
    const item = isObject(m) ? m : {};
    if (typeof item.code !== "string" || item.code === "") {
      throw validation({
        [`comment.mentions[${i}].code`]: [messages.requiredParam],
      });
    }
    const type = String(item.type ?? "");
    if (!MENTION_TYPES.has(type)) {
      throw validation({
        [`comment.mentions[${i}].type`]: [messages.enumValue],
      });
    }
    return { code: item.code, type };
  });
};

/**
 * The live app of a comment API. An app whose general settings turn comments off
 * (`enableComments: false`) answers no comment API; kintone does not document the error, so it
 * is its "no permission" answer (403 CB_NO02).
 */
const commentSchema = (ctx: RequestContext) => {
  const schema = liveSchema(ctx, requiredId(ctx.params, "app"));
  if (schema.settings.general.enableComments === false) {
    throw errors.noPrivilege();
  }
  return schema;
};

export const addCommentRoute = (ctx: RequestContext): unknown => {
  const schema = commentSchema(ctx);
  const recordId = requiredId(ctx.params, "record");
  const comment = optionalObject(ctx.params, "comment");
  if (!comment) {
    throw validation({ comment: [messages.requiredParam] });
  }
  const text = optionalString(comment, "text");
  if (text === undefined) {
    throw validation({ "comment.text": [messages.requiredParam] });
  }
  if ([...text].length > MAX_TEXT) {
    throw validation({ "comment.text": [messages.maxLength(MAX_TEXT)] });
  }
  const mentions = mentionsOf(comment);
  requireRecord(ctx.store, schema.appId, recordId);
  const id = ctx.store.nextSequence(`comment:${schema.appId}:${recordId}`);
  const created: Comment = {
    id: String(id),
    text,
    createdAt: kintoneTime(ctx.now),
    creator: { ...ctx.user },
    mentions,
  };
  ctx.store.putDoc(KIND, keyOf(schema.appId, recordId), [
    ...commentsOf(ctx.store, schema.appId, recordId),
    created,
  ]);
  queueWebhook(ctx, schema.app, {
    type: "ADD_RECORD_COMMENT",
    recordId: String(recordId),
    comment: { ...created },
  });
  return { id: created.id };
};

export const deleteCommentRoute = (ctx: RequestContext): unknown => {
  const schema = commentSchema(ctx);
  const recordId = requiredId(ctx.params, "record");
  const commentId = String(requiredId(ctx.params, "comment"));
  requireRecord(ctx.store, schema.appId, recordId);
  const list = commentsOf(ctx.store, schema.appId, recordId);
  const target = list.find((c) => c.id === commentId);
  if (!target) {
    throw errors.commentNotFound();
  }
  if (target.creator.code !== ctx.user.code) {
    throw errors.noPrivilege();
  }
  ctx.store.putDoc(
    KIND,
    keyOf(schema.appId, recordId),
    list.filter((c) => c !== target),
  );
  return {};
};

const orderOf = (ctx: RequestContext): "asc" | "desc" => {
  const order = (optionalString(ctx.params, "order") ?? "desc").toLowerCase();
  if (order !== "asc" && order !== "desc") {
    throw validation({ order: [messages.enumValue] });
  }
  return order;
};

export const getCommentsRoute = (ctx: RequestContext): unknown => {
  const schema = commentSchema(ctx);
  const recordId = requiredId(ctx.params, "record");
  const order = orderOf(ctx);
  const offset = optionalInteger(ctx.params, "offset", {
    min: 0,
    max: Number.MAX_SAFE_INTEGER,
    fallback: 0,
  });
  const limit = optionalInteger(ctx.params, "limit", {
    min: 0,
    max: 10,
    fallback: 10,
  });
  requireRecord(ctx.store, schema.appId, recordId);
  const all = [...commentsOf(ctx.store, schema.appId, recordId)].sort(
    (a, b) => Number(a.id) - Number(b.id),
  );
  if (order === "desc") {
    all.reverse();
  }
  const page = all.slice(offset, offset + limit);
  const before = offset > 0;
  const after = offset + page.length < all.length;
  return {
    comments: page,
    older: order === "desc" ? after : before,
    newer: order === "desc" ? before : after,
  };
};
