/**
 * The portal's HTTP layer with fake dependencies, for `app.inject` tests beside the routes: a
 * real auth store in memory, a registration held in a map, rate limits in memory, mails and audit
 * events collected in arrays (the audit write can be made to fail).
 */
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { registrationStatuses } from "../../../domain/codes.ts";
import { emailKey } from "../../../domain/email.ts";
import { appEnvName, tokenEnvName } from "../../../schemas/envNames.ts";
import { appCodes } from "../../../schemas/types.ts";
import type { AuditEvent } from "../../audit/log.ts";
import { openAuthStore, type AuthStore } from "../../auth/store.ts";
import { sessionLimitsOf, type PortalConfig } from "../../config.ts";
import { configFromEnv, MIN_WEBHOOK_SECRET_LENGTH } from "../../env.ts";
import { createRateLimiter } from "../../limits/limiter.ts";
import type { PortalLogger } from "../../logger.ts";
import type { LimitRule } from "../../limits/rules.ts";
import type { KintoneRecord, RegistrationRow } from "../../replica/types.ts";
import { buildPortal } from "../../server.ts";
import type { NewApplication, SignupDeps } from "../../deps.ts";
import { openSignupStore, type SignupStore } from "../../signup/store.ts";

export const WEBHOOK_SECRET = "s".repeat(MIN_WEBHOOK_SECRET_LENGTH);
export const USER = "care.manager@example.jp";

export const testConfig = (env: Record<string, string> = {}): PortalConfig =>
  configFromEnv({
    KINTONE_BASE_URL: "http://localhost:3999",
    PORTAL_SMTP_URL: "smtp://localhost:2525",
    PORTAL_PUBLIC_URL: "http://localhost:8080",
    PORTAL_WEBHOOK_SECRET: WEBHOOK_SECRET,
    ...Object.fromEntries(
      appCodes.map((c, i) => [appEnvName(c), String(i + 1)]),
    ),
    ...Object.fromEntries(
      (["progress", "registration", "offices", "consent"] as const).map((c) => [
        tokenEnvName(c, "portal"),
        `token-${c}`,
      ]),
    ),
    ...env,
  });

export interface FakePortal {
  app: FastifyInstance;
  config: PortalConfig;
  auth: AuthStore;
  audit: AuditEvent[];
  mails: Array<{ to: string; link: string }>;
  syncs: Array<string | undefined>;
  /** Makes every audit write fail from now on (true) or succeed again. */
  failAudit: (fail: boolean) => void;
  registration: RegistrationRow;
  /** The registration form's fakes: its store, what was added, the mails, the ended ones. */
  signup: {
    store: SignupStore;
    added: NewApplication[];
    links: Array<{ to: string; link: string }>;
    receipts: Array<{ to: string; receiptNo: string }>;
    cancelled: string[];
    /** Makes adding to kintone fail from now on (true) or succeed again. */
    failAdd: (fail: boolean) => void;
  };
  close: () => Promise<void>;
}

/** The office the fake 事業所マスタ holds (allowed), and one it holds but may not register. */
export const OFFICE = {
  officeNo: "1470000009",
  officeName: "デモ居宅介護支援事業所",
};
export const OFFICE_NOT_ALLOWED = "1470000017";

const fakeSignup = (
  registration: RegistrationRow,
): { deps: SignupDeps; fake: FakePortal["signup"] } => {
  const store = openSignupStore(":memory:");
  let addFails = false;
  const fake: FakePortal["signup"] = {
    store,
    added: [],
    links: [],
    receipts: [],
    cancelled: [],
    failAdd: (fail) => {
      addFails = fail;
    },
  };
  const deps: SignupDeps = {
    store,
    linkTtlMinutes: 60,
    registrationsOf: (key) =>
      key === registration.emailKey
        ? [{ id: registration.id, status: registration.status }]
        : [],
    officeOf: (officeNo) => {
      if (officeNo === OFFICE.officeNo) {
        return { officeName: OFFICE.officeName, registrable: "対象" };
      }
      return officeNo === OFFICE_NOT_ALLOWED
        ? { officeName: "デモ訪問介護", registrable: "対象外" }
        : undefined;
    },
    addApplication: async (a) => {
      if (addFails) {
        throw new Error("kintone is down");
      }
      fake.added.push(a);
      return String(100 + fake.added.length);
    },
    cancelAccess: (id) => {
      fake.cancelled.push(id);
      store.cancel(id);
    },
    sendLinkMail: async (to, link) => {
      fake.links.push({ to, link });
    },
    sendReceiptMail: async (to, r) => {
      fake.receipts.push({ to, receiptNo: r.receiptNo });
    },
  };
  return { deps, fake };
};

export const fakePortal = async (
  o: {
    env?: Record<string, string>;
    limits?: LimitRule[];
    /** No registration form (a portal without the signup token). */
    withoutSignup?: boolean;
    /** What every search finds (before the portal's own rules). */
    records?: KintoneRecord[];
    /** The auth store's clock (sessions and links); the rest keeps the real one. */
    now?: () => Date;
    /** The JSON-line logger (none by default). */
    logger?: PortalLogger;
    /** Started as `npm run portal` starts it (its production checks on). */
    production?: boolean;
  } = {},
): Promise<FakePortal> => {
  const config = {
    ...testConfig(o.env),
    ...(o.production ? { production: true } : {}),
  };
  const registration: RegistrationRow = {
    id: "7",
    email: USER,
    emailKey: emailKey(USER),
    officeNo: "1470000001",
    status: registrationStatuses.active.label,
    lastLoginAt: null,
    approvedAt: new Date().toISOString(),
    createdAt: new Date().toISOString(),
  };
  const auth = openAuthStore(":memory:", {
    ...(o.now ? { now: o.now } : {}),
    sessionLimits: sessionLimitsOf(config),
  });
  const limiter = createRateLimiter({ rules: o.limits ?? [] });
  const audit: AuditEvent[] = [];
  const mails: FakePortal["mails"] = [];
  const syncs: FakePortal["syncs"] = [];
  let auditFails = false;
  const syncedAt = new Date().toISOString();
  const signup = fakeSignup(registration);
  const app = await buildPortal({
    ...(o.withoutSignup ? {} : { signup: signup.deps }),
    ...(o.logger ? { logger: o.logger } : {}),
    isCancelled: (id) => signup.fake.store.isCancelled(id),
    config,
    auth,
    limiter,
    replica: {
      searchProgress: () => o.records ?? [],
      registrationByEmail: (key) =>
        key === registration.emailKey ? registration : undefined,
      registrationById: (id) =>
        id === registration.id ? registration : undefined,
      hasValidConsent: () => false,
      status: () => ({
        lastSuccessAt: syncedAt,
        lastError: null,
        counts: {},
      }),
      lastSuccessAt: () => syncedAt,
      lastDataChange: () => syncedAt,
      requestSync: (appId) => syncs.push(appId),
    },
    sendLoginMail: async (to, link) => {
      mails.push({ to, link });
    },
    recordLogin: async () => undefined,
    audit: (e) => {
      if (auditFails) {
        throw new Error("disk full");
      }
      audit.push(e);
      return String(audit.length);
    },
  });
  return {
    app,
    config,
    auth,
    audit,
    mails,
    syncs,
    failAudit: (fail) => {
      auditFails = fail;
    },
    registration,
    signup: signup.fake,
    close: async () => {
      await app.close();
      signup.fake.store.close();
      auth.close();
      limiter.close();
    },
  };
};

/** A browser for app.inject: keeps cookies and the forms' CSRF token. */
export class InjectBrowser {
  readonly jar = new Map<string, string>();
  csrf = "";
  readonly app: FastifyInstance;
  /** The address the requests come from. */
  readonly ip: string;

  constructor(app: FastifyInstance, ip = "127.0.0.1") {
    this.app = app;
    this.ip = ip;
  }

  cookieHeader(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async request(
    method: "GET" | "POST",
    url: string,
    form?: Record<string, string>,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({
      method,
      url,
      remoteAddress: this.ip,
      headers: {
        cookie: this.cookieHeader(),
        ...(form
          ? { "content-type": "application/x-www-form-urlencoded" }
          : {}),
        ...headers,
      },
      ...(form ? { payload: new URLSearchParams(form).toString() } : {}),
    });
    for (const c of res.cookies as Array<{ name: string; value: string }>) {
      if (c.value === "") {
        this.jar.delete(c.name);
      } else {
        this.jar.set(c.name, c.value);
      }
    }
    const token = /name="csrf" value="([^"]+)"/.exec(res.body)?.[1];
    if (token) {
      this.csrf = token;
    }
    return res;
  }

  get(url: string): Promise<LightMyRequestResponse> {
    return this.request("GET", url);
  }

  post(
    url: string,
    form: Record<string, string>,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse> {
    return this.request("POST", url, { csrf: this.csrf, ...form }, headers);
  }

  /** Logs in with a link made in the store (the mail is another test's business). */
  async logIn(portal: FakePortal): Promise<void> {
    await this.get("/");
    const token = portal.auth.createLoginLink(
      {
        registrationId: portal.registration.id,
        emailKey: portal.registration.emailKey,
      },
      30,
    );
    const res = await this.post("/login/verify", { token });
    if (res.statusCode !== 303) {
      throw new Error(`login failed: ${res.statusCode}`);
    }
    await this.get("/search");
  }
}
