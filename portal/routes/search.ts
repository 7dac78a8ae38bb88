/**
 * The search (GET and POST /search), for logged-in providers only: its context holds the
 * requireLogin preHandler. Every answered search is in the audit trail before its page leaves.
 */
import type { FastifyPluginCallback, FastifyRequest } from "fastify";
import { jstDateOf } from "../../domain/date.ts";
import { searchFieldsOf } from "../audit/log.ts";
import { text, type RouteDeps } from "../deps.ts";
import { clientOf } from "../plugins/audit.ts";
import { requireLogin } from "../plugins/session.ts";
import type { RegistrationRow } from "../replica/types.ts";
import { runSearch, type SearchInput, type SearchOutcome } from "../search.ts";
import { searchPage, type SearchView } from "../web/pages.ts";

interface SearchForm {
  Body: {
    csrf?: string;
    method: "insuredNo" | "dates";
    insuredNoLast6?: string;
    applicationDate?: string;
    birthDate?: string;
    page: number;
  };
}

const searchBody = {
  type: "object",
  properties: {
    csrf: text(200),
    method: {
      type: "string",
      enum: ["insuredNo", "dates"],
      default: "insuredNo",
    },
    insuredNoLast6: text(200),
    applicationDate: text(200),
    birthDate: text(200),
    page: { type: "integer", minimum: 1, maximum: 100_000, default: 1 },
  },
} as const;

const outcomeHits = (outcome: SearchOutcome): number => {
  if (outcome.kind === "found") {
    return outcome.total;
  }
  return outcome.kind === "ambiguous" ? outcome.hits : 0;
};

const resultOf = (outcome: SearchOutcome): SearchView["result"] => {
  if (outcome.kind === "invalid") {
    return null;
  }
  return outcome.kind === "found" ? outcome : { kind: outcome.kind };
};

/** The audit event of an answered search: who, what was asked, what was shown or withheld. */
const searchEvent = (
  req: FastifyRequest,
  r: RegistrationRow,
  outcome: Exclude<SearchOutcome, { kind: "invalid" }>,
) => {
  const base = {
    email: r.email,
    officeNo: r.officeNo,
    ...searchFieldsOf(outcome.query),
    ...clientOf(req),
  };
  if (outcome.kind === "none" && outcome.withheld > 0) {
    return {
      eventType: "denied",
      ...base,
      hitCount: outcome.withheld,
    } as const;
  }
  return {
    eventType: "search",
    ...base,
    hitCount: outcomeHits(outcome),
    shownRecords:
      outcome.kind === "found"
        ? outcome.records.map((rec) => String(rec.applicationNo?.value ?? ""))
        : [],
  } as const;
};

export const searchRoutes: FastifyPluginCallback<RouteDeps> = (
  app,
  deps,
  done,
) => {
  const { config, replica, limiter, access, now, log } = deps;
  app.addHook("preHandler", requireLogin);

  const emptyView = (): SearchView => ({
    method: "insuredNo",
    values: { insuredNoLast6: "", applicationDate: "", birthDate: "" },
    problems: [],
    windowMonths: config.windowMonths,
    contactText: config.contactText,
    result: null,
  });

  app.get("/search", (_req, reply) =>
    reply.page(searchPage(reply.chrome(), emptyView())),
  );

  app.post<SearchForm>(
    "/search",
    { schema: { body: searchBody }, attachValidation: true },
    async (req, reply) => {
      const { registration } = req.login as NonNullable<typeof req.login>;
      const form = req.body;
      if (!req.csrfValid(form.csrf)) {
        return reply.message("expiredForm", 403);
      }
      if (!access.fresh()) {
        log("search: refused (registrations not synced recently)");
        return reply.header("Retry-After", "60").message("stale", 503);
      }
      const keys = { account: registration.id, ip: req.ip };
      const limited = limiter.check("search", keys);
      if (!limited.ok) {
        await app.audit({
          eventType: "rateLimited",
          email: registration.email,
          officeNo: registration.officeNo,
          ...clientOf(req),
        });
        return reply.limited("search", limited);
      }
      const input: SearchInput = {
        method: form.method,
        insuredNoLast6: form.insuredNoLast6 ?? "",
        applicationDate: form.applicationDate ?? "",
        birthDate: form.birthDate ?? "",
        page: form.page,
      };
      const outcome = runSearch(replica, input, {
        today: jstDateOf(now().getTime()) as string,
        windowMonths: config.windowMonths,
        pageSize: config.pageSize,
        consentMode: config.consentMode,
        officeNo: registration.officeNo,
      });
      log(`search: ${input.method} → ${outcome.kind}`);
      if (outcome.kind !== "invalid") {
        limiter.hit("search", keys);
        await app.audit(searchEvent(req, registration, outcome));
      }
      const view: SearchView = {
        ...emptyView(),
        method: input.method,
        values: {
          insuredNoLast6: input.insuredNoLast6,
          applicationDate: input.applicationDate,
          birthDate: input.birthDate,
        },
        problems: outcome.kind === "invalid" ? outcome.problems : [],
        result: resultOf(outcome),
      };
      return reply.page(
        searchPage(reply.chrome(), view),
        outcome.kind === "invalid" ? 400 : 200,
      );
    },
  );
  done();
};
