/**
 * runSearch's call to the replica: a whole 10-character 被保険者番号 reaches it whole (so only
 * that number matches), 6 digits as 下6桁; the day and the window go with it, for the
 * publication rule (domain/policy.ts) to decide what is shown.
 */
import type { PublicationDay } from "../../domain/policy.ts";
import type { SearchQuery } from "../../domain/searchKeys.ts";
import type { KintoneRecord, ReplicaReader } from "../replica/types.ts";
import { runSearch, type SearchInput, type SearchPolicy } from "../search.ts";

const record = (insuredNo: string): KintoneRecord => ({
  insuredNo: { type: "SINGLE_LINE_TEXT", value: insuredNo },
});

/** A replica holding two people with the same 下6桁, remembering what it was asked. */
const fakeReplica = () => {
  const asked: Array<[SearchQuery, PublicationDay]> = [];
  const people = [record("9999123456"), record("1111123456")];
  const replica: ReplicaReader = {
    searchProgress: (q, on) => {
      asked.push([q, on]);
      return people.filter(
        (r) =>
          q.method === "insuredNo" &&
          String(r.insuredNo?.value).endsWith(q.insuredNoLast6) &&
          (q.insuredNo === undefined || r.insuredNo?.value === q.insuredNo),
      );
    },
    registrationByEmail: () => undefined,
    registrationById: () => undefined,
    hasValidConsent: () => false,
    status: () => ({ lastSuccessAt: null, lastError: null, counts: {} }),
    lastSuccessAt: () => null,
    lastDataChange: () => null,
  };
  return { replica, asked };
};

const input = (insuredNoLast6: string): SearchInput => ({
  method: "insuredNo",
  insuredNoLast6,
  applicationDate: "",
  birthDate: "",
  page: 1,
});

const policy: SearchPolicy = {
  today: "2026-11-21",
  windowMonths: 3,
  pageSize: 20,
  consentMode: false,
  officeNo: "",
};

describe("runSearch", () => {
  it("asks the replica with the whole 10-digit number, the day and the window", () => {
    const { replica, asked } = fakeReplica();
    const outcome = runSearch(replica, input("９９９９-123-456"), policy);
    expect(asked).toEqual([
      [
        {
          method: "insuredNo",
          insuredNoLast6: "123456",
          insuredNo: "9999123456",
        },
        { today: "2026-11-21", windowMonths: 3 },
      ],
    ]);
    expect(outcome).toMatchObject({ kind: "found", total: 1 });
  });

  it("finds nobody for a 10-digit number whose first four digits are wrong", () => {
    const { replica } = fakeReplica();
    expect(runSearch(replica, input("5555123456"), policy)).toMatchObject({
      kind: "none",
      withheld: 0,
    });
  });

  it("matches 6 digits by 下6桁 (two people here: not shown)", () => {
    const { replica, asked } = fakeReplica();
    expect(runSearch(replica, input("123456"), policy)).toMatchObject({
      kind: "ambiguous",
      hits: 2,
    });
    expect(asked[0]?.[0]).toEqual({
      method: "insuredNo",
      insuredNoLast6: "123456",
    });
  });
});
