/**
 * Page sessions of the local kintone: in memory (a restart logs everyone out), one random id in
 * an HttpOnly, SameSite=Lax cookie, and one random request token per session that pages send
 * back as `__REQUEST_TOKEN__` (kintone.getRequestToken()). A session ends at logout or after a
 * day without use, as kintone's request token does
 * (https://cybozu.dev/ja/kintone/docs/js-api/api/get-csrf-token/).
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { SandboxUser } from "../../core/context.ts";

/** Not kintone's name: cookies ignore ports, and the portal runs on the same host. */
export const SESSION_COOKIE = "sandbox_kintone_sid";

const IDLE_MS = 24 * 3600 * 1000;

export interface Session {
  id: string;
  user: SandboxUser;
  requestToken: string;
  lastSeen: number;
}

export interface Sessions {
  create: (user: SandboxUser) => Session;
  /** The live session named by the request's cookie; using it keeps it alive. */
  fromHeaders: (headers: IncomingHttpHeaders) => Session | undefined;
  end: (id: string) => void;
}

/** The value of one cookie of a Cookie header. */
export const cookieValue = (
  header: string | undefined,
  name: string,
): string | undefined => {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      return part.slice(eq + 1).trim();
    }
  }
  return undefined;
};

export const sessionCookie = (id: string): string =>
  `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax`;

export const clearedSessionCookie = (): string =>
  `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;

export const createSessions = (now: () => number): Sessions => {
  const byId = new Map<string, Session>();
  const fromHeaders = (headers: IncomingHttpHeaders): Session | undefined => {
    const id = cookieValue(headers.cookie, SESSION_COOKIE);
    const session = id === undefined ? undefined : byId.get(id);
    if (!session) {
      return undefined;
    }
    const t = now();
    if (t - session.lastSeen > IDLE_MS) {
      byId.delete(session.id);
      return undefined;
    }
    session.lastSeen = t;
    return session;
  };
  return {
    create: (user) => {
      const session: Session = {
        id: randomBytes(32).toString("base64url"),
        user,
        requestToken: randomUUID(),
        lastSeen: now(),
      };
      byId.set(session.id, session);
      return session;
    },
    fromHeaders,
    end: (id) => {
      byId.delete(id);
    },
  };
};
