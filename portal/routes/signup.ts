/**
 * 利用登録の申請 on the portal, the city guide's flow without an outside e-application service:
 * GET/POST /register (an address → a one-time link by mail, the same answer whatever the
 * address), GET /register/form?token= (the form), POST /register/form (checked → confirmation,
 * or the form again with its problems; `edit` goes back to the form), POST /register/submit (the
 * record added in 申請中, the receipt page and mail with the 受付番号).
 *
 * The link is checked on every step and used up only by the submission (released again when
 * kintone could not take the record), so a mail scanner opening it changes nothing. Every check is
 * run again at submission: the confirmation page's hidden fields are not trusted.
 */
import type {
  FastifyPluginCallback,
  FastifyReply,
  FastifyRequest,
} from "fastify";
import { jstDateOf, type IsoDate } from "../../domain/date.ts";
import { emailKey, parseEmail } from "../../domain/email.ts";
import { error, type Problem } from "../../domain/problem.ts";
import {
  applicationConflict,
  officeMayRegister,
  OFFICE_NOT_FOUND,
  parseRegistrationApplication,
  type RegistrationApplication,
} from "../../domain/registration.ts";
import { registrationStatuses } from "../../domain/codes.ts";
import { portalUrl } from "../config.ts";
import { text, type RouteDeps, type SignupDeps } from "../deps.ts";
import { clientOf } from "../plugins/audit.ts";
import {
  signupConfirmPage,
  signupDonePage,
  signupFormPage,
  signupRefusedPage,
  signupSentPage,
  signupStartPage,
  type SignupValues,
} from "../web/signupPages.ts";
import {
  answerNoSoonerThan,
  emailFormBody,
  LOGIN_ANSWER_MS,
  tokenQuery,
} from "./login.ts";

interface StartForm {
  Body: { csrf?: string; email?: string };
}
interface TokenQuery {
  Querystring: { token?: string };
}
interface ApplicationForm {
  Body: {
    csrf?: string;
    token?: string;
    requestType?: string;
    officeNo?: string;
    officePhone?: string;
    staffNameKana?: string;
    pledge?: string;
    edit?: string;
  };
}

const applicationBody = {
  type: "object",
  properties: {
    csrf: text(200),
    token: text(200),
    requestType: text(20),
    officeNo: text(100),
    officePhone: text(100),
    staffNameKana: text(200),
    pledge: text(10),
    edit: text(10),
  },
} as const;

/**
 * An application submitted here counts as 申請中 until the replica has it: within this time the
 * sync (every 40 s by default, at once after a submission) has brought it in.
 */
const LOCAL_SUBMISSION_MS = 60 * 60_000;

const BAD_LINK = {
  title: "このURLは使えません",
  message:
    "申請用URLの有効期限が切れたか、すでに申請に使われています。お手数ですが、利用登録の画面からもう一度メールを送信してください。",
};

/** 2026-11-29 → 2026年11月29日. */
const appliedOnText = (date: IsoDate): string => {
  const [y, m, d] = date.split("-");
  return `${y}年${Number(m)}月${Number(d)}日`;
};

const valuesOf = (b: ApplicationForm["Body"]): SignupValues => ({
  requestType: b.requestType ?? "",
  officeNo: b.officeNo ?? "",
  officePhone: b.officePhone ?? "",
  staffNameKana: b.staffNameKana ?? "",
  pledge: b.pledge === "yes",
});

type Checked =
  | {
      ok: true;
      value: RegistrationApplication;
      officeName: string;
      inUse?: string;
    }
  | { ok: false; problems: Problem[]; refused: boolean };

/** Every rule of an application, for the address the link was mailed to. */
const checkApplication = (
  signup: SignupDeps,
  email: string,
  body: ApplicationForm["Body"],
  now: Date,
): Checked => {
  const parsed = parseRegistrationApplication(body);
  if (!parsed.ok) {
    return { ok: false, problems: parsed.problems, refused: false };
  }
  const office = signup.officeOf(parsed.value.officeNo);
  if (!office || !officeMayRegister(office.registrable)) {
    return {
      ok: false,
      problems: [error("officeNo", "unknownCode", OFFICE_NOT_FOUND)],
      refused: true,
    };
  }
  const key = emailKey(email);
  const known = signup.registrationsOf(key);
  // Applications added here that the replica does not have yet count as 申請中.
  const pending = signup.store
    .submissionsOf(key)
    .filter(
      (s) =>
        now.getTime() - s.submittedAt.getTime() < LOCAL_SUBMISSION_MS &&
        !known.some((r) => r.id === s.recordId),
    )
    .map(() => ({ status: registrationStatuses.applied.label }));
  const conflict = applicationConflict(parsed.value.requestType, [
    ...known,
    ...pending,
  ]);
  if (conflict !== null) {
    return {
      ok: false,
      problems: [error("registrationRequestType", "inconsistent", conflict)],
      refused: true,
    };
  }
  const inUse = known.find(
    (r) => r.status === registrationStatuses.active.label,
  )?.id;
  return {
    ok: true,
    value: parsed.value,
    officeName: office.officeName,
    ...(inUse === undefined ? {} : { inUse }),
  };
};

export const signupRoutes: FastifyPluginCallback<RouteDeps> = (
  app,
  deps,
  done,
) => {
  const { config, limiter, now, log } = deps;
  const closed = (reply: FastifyReply) =>
    reply.page(
      signupRefusedPage(reply.chrome(), {
        title: "利用登録の申請",
        message: `ただいまポータルでの利用登録の申請は受け付けていません。${config.contactText}`,
      }),
      503,
    );
  const today = (): IsoDate => jstDateOf(now().getTime()) as IsoDate;
  const formPage = (
    reply: FastifyReply,
    v: {
      token: string;
      email: string;
      values: SignupValues;
      problems: Problem[];
    },
  ) =>
    signupFormPage(reply.chrome(), { ...v, appliedOn: appliedOnText(today()) });
  /** The link's address, or the page saying the link cannot be used (answered here). */
  const linkOf = async (
    req: FastifyRequest,
    reply: FastifyReply,
    signup: SignupDeps,
    token: string,
  ): Promise<string | null> => {
    const link = signup.store.peekLink(token);
    if (link.ok) {
      return link.email;
    }
    await app.audit({ eventType: "signupRefused", ...clientOf(req) });
    log(`signup: link refused (${link.reason})`);
    await reply.page(signupRefusedPage(reply.chrome(), BAD_LINK), 400);
    return null;
  };

  /**
   * The common start of the form's two POSTs: the form open, the CSRF token right, the link
   * usable. Null when the answer has been given here.
   */
  const openStep = async (
    req: FastifyRequest<ApplicationForm>,
    reply: FastifyReply,
  ): Promise<{ signup: SignupDeps; token: string; email: string } | null> => {
    const { signup } = deps;
    if (!signup) {
      await closed(reply);
      return null;
    }
    if (!req.csrfValid(req.body.csrf)) {
      await reply.message("expiredForm", 403);
      return null;
    }
    const token = req.body.token ?? "";
    const email = await linkOf(req, reply, signup, token);
    return email === null ? null : { signup, token, email };
  };
  /** The form again with its problems (400); a refusal by a rule is audited. */
  const formAgain = async (
    req: FastifyRequest<ApplicationForm>,
    reply: FastifyReply,
    o: { token: string; email: string; problems: Problem[]; refused: boolean },
  ) => {
    if (o.refused) {
      await app.audit({
        eventType: "signupRefused",
        email: o.email,
        ...clientOf(req),
      });
    }
    return reply.page(
      formPage(reply, {
        token: o.token,
        email: o.email,
        values: valuesOf(req.body),
        problems: o.problems,
      }),
      400,
    );
  };

  app.get("/register", (_req, reply) =>
    deps.signup
      ? reply.page(signupStartPage(reply.chrome(), { email: "", problems: [] }))
      : closed(reply),
  );

  app.post<StartForm>(
    "/register",
    { schema: { body: emailFormBody }, attachValidation: true },
    async (req, reply) => {
      const started = performance.now();
      const { signup } = deps;
      if (!signup) {
        return closed(reply);
      }
      if (!req.csrfValid(req.body.csrf)) {
        return reply.message("expiredForm", 403);
      }
      const typed = req.body.email ?? "";
      const parsed = parseEmail(typed);
      if (!parsed.ok) {
        return reply.page(
          signupStartPage(reply.chrome(), {
            email: typed,
            problems: parsed.problems,
          }),
          400,
        );
      }
      const who = { email: parsed.value, ...clientOf(req) };
      const limited = limiter.take("signupMail", {
        ip: req.ip,
        address: emailKey(parsed.value),
      });
      if (!limited.ok && limited.rule.scope === "ip") {
        await app.auditLimited(who, limited.rule);
        return reply.limited("signupMail", limited);
      }
      await app.audit({ eventType: "signupRequested", ...who });
      if (limited.ok) {
        const token = signup.store.createLink(
          parsed.value,
          signup.linkTtlMinutes,
        );
        const link = portalUrl(
          config.publicUrl,
          `/register/form?token=${encodeURIComponent(token)}`,
        );
        signup
          .sendLinkMail(parsed.value, link)
          .catch(() => log("signup mail: sending failed"));
        log("signup: link sent");
      } else {
        await app.auditLimited(who, limited.rule);
        log("signup: mail not sent (limit per address)");
      }
      // The same answer, no sooner, whether a mail left or not.
      await answerNoSoonerThan(started, LOGIN_ANSWER_MS);
      return reply.page(signupSentPage(reply.chrome(), signup.linkTtlMinutes));
    },
  );

  app.get<TokenQuery>(
    "/register/form",
    { schema: { querystring: tokenQuery }, attachValidation: true },
    async (req, reply) => {
      const { signup } = deps;
      if (!signup) {
        return closed(reply);
      }
      const token = req.query.token ?? "";
      const email = await linkOf(req, reply, signup, token);
      if (email === null) {
        return reply;
      }
      return reply.page(
        formPage(reply, {
          token,
          email,
          values: {
            requestType: "new",
            officeNo: "",
            officePhone: "",
            staffNameKana: "",
            pledge: false,
          },
          problems: [],
        }),
      );
    },
  );

  app.post<ApplicationForm>(
    "/register/form",
    { schema: { body: applicationBody }, attachValidation: true },
    async (req, reply) => {
      const step = await openStep(req, reply);
      if (step === null) {
        return reply;
      }
      const { signup, token, email } = step;
      if (req.body.edit === "1") {
        return reply.page(
          formPage(reply, {
            token,
            email,
            values: valuesOf(req.body),
            problems: [],
          }),
        );
      }
      const checked = checkApplication(signup, email, req.body, now());
      if (!checked.ok) {
        return formAgain(req, reply, { token, email, ...checked });
      }
      return reply.page(
        signupConfirmPage(reply.chrome(), {
          token,
          email,
          appliedOn: appliedOnText(today()),
          values: { ...checked.value, pledge: true },
          officeName: checked.officeName,
        }),
      );
    },
  );

  app.post<ApplicationForm>(
    "/register/submit",
    { schema: { body: applicationBody }, attachValidation: true },
    async (req, reply) => {
      const step = await openStep(req, reply);
      if (step === null) {
        return reply;
      }
      const { signup, token, email } = step;
      const checked = checkApplication(signup, email, req.body, now());
      if (!checked.ok) {
        return formAgain(req, reply, { token, email, ...checked });
      }
      // Used up first: of two submissions at once, one goes on.
      if (!signup.store.consumeLink(token).ok) {
        return reply.page(signupRefusedPage(reply.chrome(), BAD_LINK), 400);
      }
      const application = checked.value;
      let receiptNo: string;
      try {
        receiptNo = await signup.addApplication({
          ...application,
          email,
          applicationDate: today(),
        });
      } catch {
        signup.store.releaseLink(token);
        log("signup: the application could not be added to kintone");
        return reply.message("unavailable", 503);
      }
      signup.store.recordSubmission({
        recordId: receiptNo,
        emailKey: emailKey(email),
        requestType: application.requestType,
      });
      if (application.requestType === "cancel" && checked.inUse) {
        signup.cancelAccess(checked.inUse);
      }
      await app.audit({
        eventType: "signupSubmitted",
        email,
        officeNo: application.officeNo,
        ...clientOf(req),
      });
      signup
        .sendReceiptMail(email, {
          receiptNo,
          requestType: application.requestType,
        })
        .catch(() => log("signup receipt mail: sending failed"));
      log(`signup: application added (${application.requestType})`);
      if (application.requestType === "cancel") {
        reply.endSession();
      }
      return reply.page(
        signupDonePage(reply.chrome(), {
          receiptNo,
          requestType: application.requestType,
        }),
      );
    },
  );
  done();
};
