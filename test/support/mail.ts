/**
 * Mails the tests wait for: the catcher keeps every message since it started, so a test counts
 * them before it acts and waits for one to the address among those that came after.
 */
import type { CaughtMail, MailCatcher } from "../../portal/mail/catcher.ts";

/** The first mail to `email` among those caught after the first `since` messages. */
export const mailAfter = (
  catcher: Pick<MailCatcher, "messages" | "waitFor">,
  since: number,
  email: string,
  timeoutMs = 60_000,
): Promise<CaughtMail> =>
  catcher.waitFor(
    (m) => m.to.includes(email) && catcher.messages().indexOf(m) >= since,
    timeoutMs,
  );
