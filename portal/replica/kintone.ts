/**
 * How the replica reads kintone: one @kintone/rest-api-client client per app (each with the
 * portal's API token of that app, or one shared client), read-only calls only — records GET,
 * the cursor API (create, read, delete) — each counted, and failures described in one line that
 * never carries kintone's message text (it may echo values).
 */
import type { KintoneRestAPIClient } from "@kintone/rest-api-client";
import { createKintoneClient } from "../../kintone/client.ts";
import { tokenEnvName } from "../../schemas/envNames.ts";
import type { ReplicaApp } from "./rows.ts";
import type { KintoneRecord } from "./types.ts";

/** kintone's largest page (records GET `limit`, cursor `size`). */
export const MAX_PAGE = 500;

/** One app of kintone, as the replica reads it. */
export interface AppReader {
  app: ReplicaApp;
  /** The app's id in kintone. */
  appId: string;
  /** Requests sent so far. */
  requests: () => number;
  /** One records GET. */
  page: (query: string, fields?: string[]) => Promise<KintoneRecord[]>;
  /** The number of records matching `condition` (one GET with totalCount). */
  count: (condition: string) => Promise<number>;
  /** Every record matching `query` (no limit) through a cursor, page by page. */
  cursor: (
    query: string,
    size: number,
    onPage: (records: KintoneRecord[]) => void,
  ) => Promise<void>;
}

export const appReader = (
  client: KintoneRestAPIClient,
  app: ReplicaApp,
  appId: string,
): AppReader => {
  let requests = 0;
  const counted = <T>(call: () => Promise<T>): Promise<T> => {
    requests++;
    return call();
  };
  const page: AppReader["page"] = async (query, fields) => {
    const { records } = await counted(() =>
      client.record.getRecords({
        app: appId,
        query,
        ...(fields ? { fields } : {}),
      }),
    );
    return records as KintoneRecord[];
  };
  const count: AppReader["count"] = async (condition) => {
    const { totalCount } = await counted(() =>
      client.record.getRecords({
        app: appId,
        query: `${condition} limit 1`,
        fields: ["$id"],
        totalCount: true,
      }),
    );
    return Number(totalCount);
  };
  const cursor: AppReader["cursor"] = async (query, size, onPage) => {
    const { id } = await counted(() =>
      client.record.createCursor({ app: appId, query, size }),
    );
    let next = true;
    try {
      while (next) {
        const result = await counted(() =>
          client.record.getRecordsByCursor({ id }),
        );
        next = result.next;
        onPage(result.records as KintoneRecord[]);
      }
    } catch (e) {
      if (next) {
        // Free the cursor slot (kintone allows 10 per domain); it expires anyway.
        await counted(() => client.record.deleteCursor({ id })).catch(
          () => undefined,
        );
      }
      throw e;
    }
  };
  return { app, appId, requests: () => requests, page, count, cursor };
};

export interface ClientOptions {
  baseUrl?: string;
  /** The portal's API token per app (KINTONE_TOKEN_<APP>_PORTAL). */
  tokens?: Partial<Record<ReplicaApp, string>>;
  /** One client for every app (e.g. with several tokens: `auth: {apiToken: [...]}`). */
  client?: KintoneRestAPIClient;
  /** A client per app; wins over `client` and `tokens`. */
  clients?: Partial<Record<ReplicaApp, KintoneRestAPIClient>>;
}

const envNameOf = (app: ReplicaApp): string => tokenEnvName(app, "portal");

/** The client for one app, from the options; throws naming the missing setting. */
export const clientFor = (
  o: ClientOptions,
  app: ReplicaApp,
): KintoneRestAPIClient => {
  const given = o.clients?.[app] ?? o.client;
  if (given) {
    return given;
  }
  const token = o.tokens?.[app];
  if (!token || !o.baseUrl) {
    throw new Error(
      `replica: no kintone client for app "${app}": give baseUrl and the token ${envNameOf(app)}`,
    );
  }
  return createKintoneClient(o.baseUrl, { apiToken: token });
};
