/**
 * A provider's browser without the browser, for HTTP tests of the portal: a cookie jar, the form's
 * CSRF token, and the login by email link read from a mail catcher.
 */
import type { MailCatcher } from "../../portal/mail/catcher.ts";
import { mailAfter } from "./mail.ts";

export class PortalClient {
  readonly jar = new Map<string, string>();
  csrf = "";

  readonly baseUrl: string;

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  /** GET `path`, or POST the url-encoded `body`; redirects are not followed. */
  async go(path: string, body?: string): Promise<Response> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method: body === undefined ? "GET" : "POST",
      redirect: "manual",
      headers: {
        Cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join("; "),
        ...(body === undefined
          ? {}
          : { "Content-Type": "application/x-www-form-urlencoded" }),
      },
      ...(body === undefined ? {} : { body }),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      this.jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return res;
  }

  /** Opens the first page, which sets the CSRF cookie and carries its token. */
  start(): Promise<void> {
    return this.readToken("/");
  }

  askMail(email: string): Promise<Response> {
    return this.go(
      "/login",
      `csrf=${this.csrf}&email=${encodeURIComponent(email)}`,
    );
  }

  /** Asks for the login mail, opens its link and presses the button; throws if not logged in. */
  async logIn(email: string, catcher: MailCatcher): Promise<void> {
    await this.start();
    const before = catcher.messages().length;
    await this.askMail(email);
    const mail = await mailAfter(catcher, before, email);
    const link = /\/login\/verify\?token=[A-Za-z0-9_%-]+/.exec(mail.text)?.[0];
    const verify = await (await this.go(link ?? "/")).text();
    const token = /name="token" value="([^"]+)"/.exec(verify)?.[1] ?? "";
    const done = await this.go(
      "/login/verify",
      `csrf=${this.csrf}&token=${token}`,
    );
    if (done.status !== 303) {
      throw new Error(`login failed: ${done.status}`);
    }
    // Logged in, forms carry the session's own token.
    await this.readToken("/search");
  }

  /** Opens `path` and keeps the CSRF token its forms carry. */
  async readToken(path: string): Promise<void> {
    const page = await (await this.go(path)).text();
    this.csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? "";
  }

  /**
   * A search by 被保険者番号 (last 6 digits). An answered search is a 303 to its results page,
   * which is opened as a browser would; a refusal (typo, limit) is returned as it is.
   */
  async searchInsuredNo(last6: string): Promise<Response> {
    const posted = await this.go(
      "/search",
      `csrf=${this.csrf}&method=insuredNo&insuredNoLast6=${last6}`,
    );
    const location = posted.headers.get("location");
    return posted.status === 303 && location ? this.go(location) : posted;
  }
}
