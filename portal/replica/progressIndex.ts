/**
 * The progress app's two search keys held in memory: which record ids each 被保険者番号 下6桁, and
 * each 申請日(月日) + 生年月日 pair, finds, newest 申請日 first. A search is then two map lookups
 * instead of a SQLite query, which on the replica's file (WAL, a table of whole records) cost
 * more than all the rest of a search's answer.
 *
 * Each entry carries what the publication rule (domain/policy.ts) reads, computed once when the
 * index is built: whether the application is open and, for a closed one, the date its window
 * counts from (publicationBaseOf), and the whole 被保険者番号 (normalized) that a 10-character
 * query must equal. A search computes the window's start once and keeps the entries isShownFrom
 * accepts: exactly what isPublished publishes.
 *
 * Built from the replica file in one read, and built again after a write changed the progress
 * table (the store's per-app version); with 50,000 records that takes tens of milliseconds, once
 * per sync that brought a change. A hand-written structure because it is two `Map`s: no library
 * would make it shorter.
 */
import {
  isShownFrom,
  publicationBaseOf,
  publicationWindowStart,
  type PublicationBase,
  type PublicationDay,
} from "../../domain/policy.ts";
import {
  matchesWholeInsuredNo,
  type SearchQuery,
} from "../../domain/searchKeys.ts";
import type { ReplicaStore } from "./store.ts";

interface Entry {
  id: number;
  /** The whole 被保険者番号, normalized when the row was written (rows.ts; "" when absent). */
  insuredNo: string;
  base: PublicationBase;
}

interface IndexRow {
  id: number;
  insuredNo: string | null;
  applicationDate: string | null;
  certificationDate: string | null;
  withdrawalDate: string | null;
  insuredNoLast6: string | null;
  applicationDateMMDD: string | null;
  birthDateYMD: string | null;
}

export interface ProgressIndex {
  /** The ids of the records the query finds that are published on `on.today`, newest first. */
  find(query: SearchQuery, on: PublicationDay): number[];
}

const datesKey = (mmdd: string, ymd: string): string => `${mmdd}|${ymd}`;

const add = (map: Map<string, Entry[]>, key: string, entry: Entry): void => {
  const list = map.get(key);
  if (list) {
    list.push(entry);
  } else {
    map.set(key, [entry]);
  }
};

/**
 * Reads the keys of every progress row; rows come newest 申請日 first (ties: greater id first;
 * rows without 申請日 last — an open application is published even so).
 */
const build = (store: ReplicaStore) => {
  const byLast6 = new Map<string, Entry[]>();
  const byDates = new Map<string, Entry[]>();
  const rows = store.all<IndexRow>(
    "SELECT id, insuredNo, applicationDate, certificationDate, withdrawalDate, insuredNoLast6, applicationDateMMDD, birthDateYMD FROM progress ORDER BY applicationDate DESC, id DESC",
  );
  for (const r of rows) {
    const entry: Entry = {
      id: r.id,
      insuredNo: r.insuredNo ?? "",
      base: publicationBaseOf(r),
    };
    if (r.insuredNoLast6) {
      add(byLast6, r.insuredNoLast6, entry);
    }
    if (r.applicationDateMMDD && r.birthDateYMD) {
      add(byDates, datesKey(r.applicationDateMMDD, r.birthDateYMD), entry);
    }
  }
  return { byLast6, byDates };
};

export const progressIndexOf = (store: ReplicaStore): ProgressIndex => {
  let built: ReturnType<typeof build> | undefined;
  let version = -1;
  const current = () => {
    if (!built || version !== store.versionOf("progress")) {
      version = store.versionOf("progress");
      built = build(store);
    }
    return built;
  };
  return {
    find: (query, on) => {
      const { byLast6, byDates } = current();
      const list =
        query.method === "insuredNo"
          ? byLast6.get(query.insuredNoLast6)
          : byDates.get(
              datesKey(query.applicationDateMMDD, query.birthDateYMD),
            );
      if (list === undefined) {
        return [];
      }
      const start = publicationWindowStart(on.today, on.windowMonths);
      const ids: number[] = [];
      for (const e of list) {
        if (
          isShownFrom(e.base, start) &&
          matchesWholeInsuredNo(e.insuredNo, query)
        ) {
          ids.push(e.id);
        }
      }
      return ids;
    },
  };
};
