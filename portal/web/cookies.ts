/** Reading and writing the portal's few cookies (session id, CSRF token). */
export const parseCookies = (
  header: string | undefined,
): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) {
      const name = part.slice(0, eq).trim();
      const raw = part.slice(eq + 1).trim();
      try {
        out[name] = decodeURIComponent(raw);
      } catch {
        out[name] = raw;
      }
    }
  }
  return out;
};

export interface CookieOptions {
  secure: boolean;
  sameSite: "Lax" | "Strict";
  /** Seconds; 0 deletes the cookie; absent = a session cookie. */
  maxAge?: number;
}

export const serializeCookie = (
  name: string,
  value: string,
  o: CookieOptions,
): string =>
  [
    `${name}=${encodeURIComponent(value)}`,
    "Path=/",
    "HttpOnly",
    `SameSite=${o.sameSite}`,
    o.secure ? "Secure" : "",
    o.maxAge === undefined ? "" : `Max-Age=${o.maxAge}`,
  ]
    .filter(Boolean)
    .join("; ");
