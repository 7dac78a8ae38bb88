/**
 * Logging in by email link: the login page (GET /), the form asking for the mail (POST /login),
 * the page the mailed link opens (GET /login/verify) and its button (POST /login/verify).
 *
 * The form's answer is the same page, with the same timing, whether the address is registered or
 * not: one audit write either way and no answer before LOGIN_ANSWER_MS.
 */
import type { FastifyPluginCallback } from "fastify";
import { emailKey, parseEmail } from "../../domain/email.ts";
import { portalUrl } from "../config.ts";
import { limitRuleText } from "../limits/page.ts";
import type { LimitRule } from "../limits/rules.ts";
import type { RegistrationRow } from "../replica/types.ts";
import { clientOf } from "../plugins/audit.ts";
import { text, type RouteDeps } from "../deps.ts";
import { loginPage, loginSentPage, verifyPage } from "../web/pages.ts";

/**
 * The login form's answer leaves no sooner than this after the request came in, whatever the
 * address: what differs between a registered and an unknown address (a link written, a mail
 * started) then does not show in the time of the answer.
 */
export const LOGIN_ANSWER_MS = 150;

export const answerNoSoonerThan = (
  started: number,
  ms: number,
): Promise<void> => {
  const wait = started + ms - performance.now();
  return wait > 0
    ? new Promise((resolve) => {
        setTimeout(resolve, wait);
      })
    : Promise.resolve();
};

interface LoginForm {
  Body: { csrf?: string; email?: string };
}
interface VerifyQuery {
  Querystring: { token?: string };
}
interface VerifyForm {
  Body: { csrf?: string; token?: string; remember?: string };
}

/** A form with one address (the login and the registration mails). */
export const emailFormBody = {
  type: "object",
  properties: { csrf: text(200), email: text(1000) },
} as const;
export const tokenQuery = {
  type: "object",
  properties: { token: text(200) },
} as const;
const verifyBody = {
  type: "object",
  properties: { csrf: text(200), token: text(200), remember: text(10) },
} as const;

export const loginRoutes: FastifyPluginCallback<RouteDeps> = (
  app,
  deps,
  done,
) => {
  const { config, replica, auth, limiter, access, now, log } = deps;

  /**
   * A login mail a limit withheld, listed in the dev mailbox (demo only: the dependency is absent
   * in production) when a mail would have gone; the page and the log never name the address.
   */
  const noteWithheld = (
    registration: RegistrationRow | undefined,
    rule: LimitRule,
  ): void => {
    if (deps.noteWithheldMail && access.mayLogIn(registration)) {
      deps.noteWithheldMail({
        to: registration.email,
        what: "ログイン用メール",
        limit: limitRuleText(rule),
        at: now(),
      });
    }
  };

  app.get("/", (req, reply) =>
    req.login
      ? reply.redirect("/search", 303)
      : reply.page(loginPage(reply.chrome(), { email: "", problems: [] })),
  );

  app.post<LoginForm>(
    "/login",
    { schema: { body: emailFormBody }, attachValidation: true },
    async (req, reply) => {
      const started = performance.now();
      const typed = req.body.email ?? "";
      if (!req.csrfValid(req.body.csrf)) {
        return reply.message("expiredForm", 403);
      }
      const parsed = parseEmail(typed);
      if (!parsed.ok) {
        return reply.page(
          loginPage(reply.chrome(), {
            email: typed,
            problems: parsed.problems,
          }),
          400,
        );
      }
      const address = emailKey(parsed.value);
      const registration = replica.registrationByEmail(address);
      const who = {
        email: parsed.value,
        ...(registration ? { officeNo: registration.officeNo } : {}),
        ...clientOf(req),
      };
      // Counted whether the address is registered or not; refused attempts are not counted. A
      // browser that logged in with this address before has a count of its own: others asking
      // for this address's mails cannot lock its owner out.
      const browser = req.knownBrowser(address);
      const limited = limiter.take("loginMail", {
        ip: req.ip,
        address: browser === null ? address : `${address} browser:${browser}`,
      });
      if (!limited.ok && limited.rule.scope === "ip") {
        await app.auditLimited(who, limited.rule);
        noteWithheld(registration, limited.rule);
        // Safe to show: it depends on this IP's requests only, never on the address.
        return reply.limited("loginMail", limited);
      }
      // One audit write whether the address may log in or not, so that the time of the answer
      // does not tell which (a refusal is recorded as such, in place of the request).
      const allowed = access.mayLogIn(registration);
      await app.audit({
        eventType: allowed ? "loginRequested" : "loginRefused",
        ...who,
      });
      if (!limited.ok) {
        await app.auditLimited(who, limited.rule);
        noteWithheld(registration, limited.rule);
        log("login: mail not sent (limit per address)");
      } else if (allowed) {
        const token = auth.createLoginLink(
          { registrationId: registration.id, emailKey: registration.emailKey },
          config.linkTtlMinutes,
        );
        const link = portalUrl(
          config.publicUrl,
          `/login/verify?token=${encodeURIComponent(token)}`,
        );
        deps
          .sendLoginMail(registration.email, link)
          .catch(() => log("login mail: sending failed"));
        log("login: link sent");
      } else {
        log("login: refused (no usable registration)");
      }
      await answerNoSoonerThan(started, LOGIN_ANSWER_MS);
      return reply.page(loginSentPage(reply.chrome(), config.linkTtlMinutes));
    },
  );

  app.get<VerifyQuery>(
    "/login/verify",
    { schema: { querystring: tokenQuery }, attachValidation: true },
    (req, reply) =>
      reply.page(
        verifyPage(
          reply.chrome(),
          req.query.token ?? "",
          // 「この端末を記憶する」, unless the settings turn it off (portal/auth/README.md).
          config.sessionRememberIdleHours > 0
            ? {
                idleMinutes: config.sessionIdleMinutes,
                rememberIdleHours: config.sessionRememberIdleHours,
                absoluteHours: config.sessionAbsoluteHours,
              }
            : null,
        ),
      ),
  );

  app.post<VerifyForm>(
    "/login/verify",
    { schema: { body: verifyBody }, attachValidation: true },
    async (req, reply) => {
      if (!req.csrfValid(req.body.csrf)) {
        return reply.message("expiredForm", 403);
      }
      // Guessing links is limited per address, and its refusals recorded once per window.
      const limited = limiter.take("loginLink", { ip: req.ip });
      if (!limited.ok) {
        await app.auditLimited(clientOf(req), limited.rule);
        return reply.limited("loginLink", limited);
      }
      const consumed = auth.consumeLoginLink(req.body.token ?? "");
      const registration = consumed.ok
        ? replica.registrationById(consumed.registrationId)
        : undefined;
      // A link mailed to an address the registration no longer has does not log in.
      if (
        !consumed.ok ||
        !access.mayLogIn(registration) ||
        registration.emailKey !== consumed.emailKey
      ) {
        await app.audit({
          eventType: "loginRefused",
          ...(registration
            ? { email: registration.email, officeNo: registration.officeNo }
            : {}),
          ...clientOf(req),
        });
        log(
          `login: link refused (${consumed.ok ? "registration not usable" : consumed.reason})`,
        );
        return reply.message("badLink", 400);
      }
      await app.audit({
        eventType: "loginSucceeded",
        email: registration.email,
        officeNo: registration.officeNo,
        ...clientOf(req),
      });
      reply.startSession(registration, {
        remember: req.body.remember === "1",
      });
      deps
        .recordLogin(registration.id, now())
        .catch(() => log("login: last-login write-back failed"));
      log("login: succeeded");
      return reply.redirect("/search", 303);
    },
  );
  done();
};
