/**
 * The cursor API, records/cursor.json (§4.8): POST runs the query once and keeps the matching
 * records in memory; GET hands them out `size` at a time (`next` tells whether more follow) and
 * forgets the cursor after the last page; DELETE forgets it at once. At most 10 cursors live in
 * a sandbox (the 11th POST → 429 GAIA_TM12); a cursor expires 10 minutes after its last use.
 * Only the caller who created a cursor (same user, or a token of the same app) may read it.
 * Cursors are not persisted: a restart forgets them.
 */
import { randomUUID } from "node:crypto";
import type { Auth, RequestContext } from "../core/context.ts";
import { errors } from "../core/errors.ts";
import {
  optionalInteger,
  optionalString,
  requiredId,
  requiredString,
} from "../core/params.ts";
import type { StoredRecord, Store } from "../core/store.ts";
import { compileQuery } from "../query/index.ts";
import { liveSchema, queryProperties } from "./model.ts";
import { fieldsParam, present, search } from "./read.ts";

export const MAX_CURSORS = 10;
const LIFETIME_MS = 10 * 60 * 1000;

interface Cursor {
  id: string;
  app: number;
  owner: string;
  records: StoredRecord[];
  position: number;
  size: number;
  fields: string[] | undefined;
  expiresAt: number;
}

const registry = new WeakMap<Store, Map<string, Cursor>>();

/** The live cursors of a sandbox, expired ones dropped. */
const cursorsOf = (ctx: RequestContext): Map<string, Cursor> => {
  let cursors = registry.get(ctx.store);
  if (!cursors) {
    cursors = new Map();
    registry.set(ctx.store, cursors);
  }
  const now = ctx.now.getTime();
  for (const [id, c] of cursors) {
    if (c.expiresAt <= now) {
      cursors.delete(id);
    }
  }
  return cursors;
};

const ownerOf = (auth: Auth, app: number): string => {
  if (auth.kind === "password") {
    return `user:${auth.user.login}`;
  }
  return auth.tokens.some((tok) => tok.app === app) ? `token:${app}` : "";
};

export const createCursorRoute = (ctx: RequestContext): unknown => {
  const schema = liveSchema(ctx, requiredId(ctx.params, "app"));
  const size = optionalInteger(ctx.params, "size", {
    min: 1,
    max: 500,
    fallback: 100,
  });
  const q = compileQuery(
    optionalString(ctx.params, "query") ?? "",
    queryProperties(schema),
    { cursor: true },
  );
  const fields = fieldsParam(ctx);
  const cursors = cursorsOf(ctx);
  if (cursors.size >= MAX_CURSORS) {
    throw errors.tooManyCursors();
  }
  const { records } = search(ctx, schema, q, { total: false });
  const cursor: Cursor = {
    id: randomUUID(),
    app: schema.appId,
    owner: ownerOf(ctx.auth, schema.appId),
    records,
    position: 0,
    size,
    fields,
    expiresAt: ctx.now.getTime() + LIFETIME_MS,
  };
  cursors.set(cursor.id, cursor);
  return { id: cursor.id, totalCount: String(records.length) };
};

const requireCursor = (ctx: RequestContext): Cursor => {
  const id = requiredString(ctx.params, "id");
  const cursor = cursorsOf(ctx).get(id);
  if (!cursor) {
    throw errors.cursorNotFound();
  }
  if (cursor.owner !== ownerOf(ctx.auth, cursor.app)) {
    throw errors.noPrivilege();
  }
  return cursor;
};

export const readCursorRoute = (ctx: RequestContext): unknown => {
  const cursor = requireCursor(ctx);
  const schema = liveSchema(ctx, cursor.app);
  const page = cursor.records.slice(
    cursor.position,
    cursor.position + cursor.size,
  );
  cursor.position += page.length;
  cursor.expiresAt = ctx.now.getTime() + LIFETIME_MS;
  const next = cursor.position < cursor.records.length;
  if (!next) {
    cursorsOf(ctx).delete(cursor.id);
  }
  return {
    records: page.map((r) => present(schema, r, cursor.fields)),
    next,
  };
};

export const deleteCursorRoute = (ctx: RequestContext): unknown => {
  const cursor = requireCursor(ctx);
  cursorsOf(ctx).delete(cursor.id);
  return {};
};
