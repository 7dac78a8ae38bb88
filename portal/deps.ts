/**
 * What the portal's HTTP layer is given (portal/app.ts gives the real ones; the routes' tests
 * give fakes): the settings, the replica, the login store, rate limits, mail and the audit trail.
 */
import type { AccessRules } from "./access.ts";
import type { AuditEvent } from "./audit/log.ts";
import type { PortalConfig } from "./config.ts";
import type { RateLimiter } from "./limits/limiter.ts";
import type { ReplicaReader } from "./replica/types.ts";

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
  createSession: (a: { registrationId: string; emailKey: string }) => {
    id: string;
  };
  getSession: (
    id: string,
    o: { idleMinutes: number; absoluteHours: number },
  ) => SessionLike | null;
  touchSession: (id: string) => void;
  destroySession: (id: string) => void;
}

export interface PortalDeps {
  config: PortalConfig;
  replica: ReplicaReader & { requestSync: (appId?: string) => unknown };
  auth: AuthStoreLike;
  /** Rate limits (portal/limits); none when absent. */
  limiter?: Pick<RateLimiter, "check" | "hit" | "take">;
  /** Sends the login mail; failures are logged, never shown (the page is the same either way). */
  sendLoginMail: (to: string, link: string) => Promise<void>;
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
  now?: () => Date;
  /** Folder of portal.css; default portal/assets under the working directory. */
  assetsDir?: string;
  /** One line per event, without personal data. */
  log?: (line: string) => void;
}

/** The dependencies as the routes get them: defaults filled in, the access rules made. */
export type RouteDeps = Omit<PortalDeps, "limiter" | "now" | "log"> & {
  limiter: Pick<RateLimiter, "check" | "hit" | "take">;
  now: () => Date;
  log: (line: string) => void;
  access: AccessRules;
};

/** A string field of a form, query or params: at most `maxLength` characters. */
export const text = (maxLength: number) =>
  ({ type: "string", maxLength }) as const;
