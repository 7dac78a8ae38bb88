/**
 * One search of the portal: the provider's input, checked by domain/ (a whole 10-character
 * 被保険者番号 matches only itself, 6 digits match by 下6桁), answered from the replica (never
 * kintone) with what the publication rule publishes (domain/policy.ts: open applications
 * always, closed ones for the window after their closing date); several different people are
 * not shown, and consent mode (Kumamoto page, docs/sources.md) keeps only people with a valid
 * 同意 assigned to the provider's office.
 */
import type { IsoDate } from "../domain/date.ts";
import type { Problem } from "../domain/problem.ts";
import {
  parseDatesSearch,
  parseInsuredNoSearch,
  type SearchQuery,
} from "../domain/searchKeys.ts";
import type { KintoneRecord, ReplicaReader } from "./replica/types.ts";

export interface SearchInput {
  method: "insuredNo" | "dates";
  insuredNoLast6: string;
  applicationDate: string;
  birthDate: string;
  page: number;
}

export type SearchOutcome =
  | { kind: "invalid"; problems: Problem[] }
  | { kind: "none"; query: SearchQuery; withheld: number }
  | { kind: "ambiguous"; query: SearchQuery; hits: number }
  | {
      kind: "found";
      query: SearchQuery;
      records: KintoneRecord[];
      total: number;
      page: number;
      pageSize: number;
    };

export interface SearchPolicy {
  today: IsoDate;
  windowMonths: number;
  pageSize: number;
  consentMode: boolean;
  /** The provider's 事業所番号 (consent mode shows only applications assigned to it). */
  officeNo: string;
}

const valueOf = (r: KintoneRecord, code: string): string => {
  const v = r[code]?.value;
  return typeof v === "string" ? v : "";
};

export const parseSearchInput = (input: SearchInput) =>
  input.method === "insuredNo"
    ? parseInsuredNoSearch(input.insuredNoLast6)
    : parseDatesSearch({
        applicationDate: input.applicationDate,
        birthDate: input.birthDate,
      });

export const runSearch = (
  replica: ReplicaReader,
  input: SearchInput,
  policy: SearchPolicy,
): SearchOutcome => {
  const parsed = parseSearchInput(input);
  if (!parsed.ok) {
    return { kind: "invalid", problems: parsed.problems };
  }
  const query = parsed.value;
  const found = replica.searchProgress(query, {
    today: policy.today,
    windowMonths: policy.windowMonths,
  });
  let records = found;
  if (policy.consentMode) {
    records = records.filter(
      (r) =>
        valueOf(r, "assignedOfficeNo") === policy.officeNo &&
        replica.hasValidConsent(valueOf(r, "insuredNo"), policy.today),
    );
  }
  if (records.length === 0) {
    return { kind: "none", query, withheld: found.length };
  }
  const people = new Set(records.map((r) => valueOf(r, "insuredNo")));
  if (people.size > 1) {
    return { kind: "ambiguous", query, hits: records.length };
  }
  const pages = Math.max(1, Math.ceil(records.length / policy.pageSize));
  const page = Math.min(Math.max(1, Math.trunc(input.page) || 1), pages);
  return {
    kind: "found",
    query,
    records: records.slice(
      (page - 1) * policy.pageSize,
      page * policy.pageSize,
    ),
    total: records.length,
    page,
    pageSize: policy.pageSize,
  };
};
