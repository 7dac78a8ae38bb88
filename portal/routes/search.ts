/**
 * The search (GET and POST /search), for logged-in providers only: its context holds the
 * requireLogin preHandler. Every answered search is in the audit trail before its page leaves.
 *
 * Post/Redirect/Get: an answered search is kept for its session (portal/searchResults.ts) and
 * answered with 303 to GET /search/results/:id, so back and reload show it again without the
 * browser's resubmission prompt and without searching (or auditing) again; the URL holds an
 * opaque id, never a searched value. A refused form (typo, limit, expired page) is answered
 * directly with its status.
 */
import type { FastifyPluginCallback, FastifyRequest } from "fastify";
import { jstDateOf } from "../../domain/date.ts";
import { searchFieldsOf } from "../audit/log.ts";
import { text, type RouteDeps } from "../deps.ts";
import { clientOf } from "../plugins/audit.ts";
import { requireLogin } from "../plugins/session.ts";
import type { RegistrationRow } from "../replica/types.ts";
import { runSearch, type SearchInput, type SearchOutcome } from "../search.ts";
import { createResultStore } from "../searchResults.ts";
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

/**
 * How long an answer can be opened again (back, reload) after it was last opened, and how many
 * one session keeps (a care manager's searches in a quarter of an hour are far fewer).
 */
const RESULT_TTL_MS = 15 * 60_000;
const RESULTS_PER_SESSION = 100;

interface ResultParams {
  Params: { id: string };
}

const resultParams = {
  type: "object",
  properties: { id: { type: "string", pattern: "^[A-Za-z0-9_-]{22}$" } },
  required: ["id"],
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
  const answers = createResultStore<SearchView>({
    ttlMs: RESULT_TTL_MS,
    maxPerSession: RESULTS_PER_SESSION,
    now,
  });

  const emptyView = (): SearchView => ({
    method: "insuredNo",
    values: { insuredNoLast6: "", applicationDate: "", birthDate: "" },
    problems: [],
    windowMonths: config.windowMonths,
    contactText: config.contactText,
    consentMode: config.consentMode,
    result: null,
  });

  app.get("/search", (_req, reply) =>
    reply.page(searchPage(reply.chrome(), emptyView())),
  );

  app.get<ResultParams>(
    "/search/results/:id",
    { schema: { params: resultParams }, attachValidation: true },
    (req, reply) => {
      const { sessionId } = req.login as NonNullable<typeof req.login>;
      const kept = answers.get(sessionId, req.params.id);
      if (kept === undefined) {
        return reply.page(
          searchPage(reply.chrome(), {
            ...emptyView(),
            notice:
              "検索結果の表示期限が切れました。お手数ですが、もう一度検索してください。",
          }),
          404,
        );
      }
      return reply.page(searchPage(reply.chrome(), kept));
    },
  );

  app.post<SearchForm>(
    "/search",
    { schema: { body: searchBody }, attachValidation: true },
    async (req, reply) => {
      const { registration, sessionId } = req.login as NonNullable<
        typeof req.login
      >;
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
      if (outcome.kind === "invalid") {
        return reply.page(searchPage(reply.chrome(), view), 400);
      }
      limiter.hit("search", keys);
      await app.audit(searchEvent(req, registration, outcome));
      return reply.redirect(
        `/search/results/${answers.put(sessionId, view)}`,
        303,
      );
    },
  );
  done();
};
