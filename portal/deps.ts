/**
 * What the portal's HTTP layer is given (portal/app.ts gives the real ones; the routes' tests
 * give fakes): the settings, the replica, the login store, rate limits, mail and the audit trail.
 */
import type { LogLine, PortalLogger } from "./logger.ts";
import type { AccessRules } from "./access.ts";
import type { AuditEvent } from "./audit/log.ts";
import type { PortalConfig } from "./config.ts";
import type { RateLimiter } from "./limits/limiter.ts";
import type { WithheldMail } from "./mail/catcher.ts";
import type { ReplicaReader } from "./replica/types.ts";
import type { SignupStore } from "./signup/store.ts";
import type { RegistrationApplication } from "../domain/registration.ts";
import type { IsoDate } from "../domain/date.ts";

export interface SessionLike {
  registrationId: string;
  emailKey: string;
  /** When the session's last request was recorded (touchSession). */
  lastSeenAt: Date;
  /** The token this session's forms carry. */
  csrfToken: string;
}

/** The login links and sessions the server needs (portal/auth/store.ts). */
export interface AuthStoreLike {
  createLoginLink: (
    a: { registrationId: string; emailKey: string },
    ttlMinutes: number,
  ) => string;
  consumeLoginLink: (
    token: string,
  ) =>
    | { ok: true; registrationId: string; emailKey: string }
    | { ok: false; reason: string };
  createSession: (
    a: { registrationId: string; emailKey: string },
    o?: { remembered?: boolean },
  ) => {
    id: string;
  };
  getSession: (
    id: string,
    o: { idleMinutes: number; absoluteHours: number },
  ) => SessionLike | null;
  touchSession: (id: string) => void;
  destroySession: (id: string) => void;
}

/** A registration application as it is added to 事業所利用登録. */
export interface NewApplication extends RegistrationApplication {
  email: string;
  applicationDate: IsoDate;
}

/** What the registration form needs (portal/routes/signup.ts); the form is off without it. */
export interface SignupDeps {
  store: Pick<
    SignupStore,
    | "createLink"
    | "peekLink"
    | "consumeLink"
    | "releaseLink"
    | "recordSubmission"
    | "submissionsOf"
  >;
  /** How long the mailed link works, in minutes. */
  linkTtlMinutes: number;
  /** The address's registrations in the replica (every status). */
  registrationsOf: (emailKey: string) => Array<{ id: string; status: string }>;
  /** The office in the replicated 事業所マスタ: its name and 登録対象. */
  officeOf: (
    officeNo: string,
  ) => { officeName: string; registrable: string } | undefined;
  /** Adds the application (the add-only token) and returns its record id, the 受付番号. */
  addApplication: (a: NewApplication) => Promise<string>;
  /** Ends a registration's portal access at once: its sessions, and every later login. */
  cancelAccess: (registrationId: string) => void;
  sendLinkMail: (to: string, link: string) => Promise<void>;
  sendReceiptMail: (
    to: string,
    o: {
      receiptNo: string;
      requestType: RegistrationApplication["requestType"];
    },
  ) => Promise<void>;
}

export interface PortalDeps {
  config: PortalConfig;
  replica: ReplicaReader & { requestSync: (appId?: string) => unknown };
  auth: AuthStoreLike;
  /** Rate limits (portal/limits); none when absent. */
  limiter?: Pick<RateLimiter, "check" | "hit" | "take">;
  /** Sends the login mail; failures are logged, never shown (the page is the same either way). */
  sendLoginMail: (to: string, link: string) => Promise<void>;
  /** The 事業所名 of an office in the replicated 事業所マスタ, for the header of every page. */
  officeNameOf?: (officeNo: string) => string | undefined;
  /** Registrations ended on the portal by a 廃止 application (no access from then on). */
  isCancelled?: (registrationId: string) => boolean;
  /** The registration form (利用登録の申請); absent, its pages say it is not open. */
  signup?: SignupDeps;
  /** Writes 最終ログイン日時 back to the registration in kintone. */
  recordLogin: (registrationId: string, at: Date) => Promise<void>;
  /**
   * Records an audit event durably before the answer is sent (portal/audit; the answer waits for
   * the returned promise). When it fails, the request fails with a page that shows nothing: no
   * view without its record.
   */
  audit?: (e: AuditEvent) => Promise<string> | string;
  /** Signs the remembered-browser cookie; a random one per start when absent (tests). */
  cookieKey?: string;
  /** The dev mailbox page, when enabled. */
  mailboxHtml?: () => string;
  /**
   * Lists a login mail a limit withheld in the dev mailbox (demo and tests only; absent in
   * production, where a withheld mail is only counted and logged without its address).
   */
  noteWithheldMail?: (mail: WithheldMail) => void;
  now?: () => Date;
  /** Folder of portal.css; default portal/assets under the working directory. */
  assetsDir?: string;
  /** One line per event, without personal data. */
  log?: LogLine;
  /** The JSON-line logger for Fastify's request lines (portal/logger.ts); none when absent. */
  logger?: PortalLogger;
}

/** The dependencies as the routes get them: defaults filled in, the access rules made. */
export type RouteDeps = Omit<PortalDeps, "limiter" | "now" | "log"> & {
  limiter: Pick<RateLimiter, "check" | "hit" | "take">;
  now: () => Date;
  log: LogLine;
  access: AccessRules;
};

/** A string field of a form, query or params: at most `maxLength` characters. */
export const text = (maxLength: number) =>
  ({ type: "string", maxLength }) as const;
