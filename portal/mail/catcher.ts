/**
 * The mail catcher for development, the demo and tests: a real SMTP server (`smtp-server`) on
 * the loopback interface that accepts every message without authentication, parses it
 * (`mailparser`) and keeps it in memory for the dev mailbox page and for tests to read.
 * Never part of a production configuration.
 */
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer, type SMTPServerDataStream } from "smtp-server";

export interface CaughtMail {
  id: string;
  /** Envelope recipients (RCPT TO). */
  to: string[];
  /** The From header as text, display name included. */
  from: string;
  subject: string;
  text: string;
  html?: string;
  receivedAt: Date;
}

/**
 * A mail the portal did not send because a limit withheld it (a login mail beyond the limit per
 * address is silent on the public page). The dev mailbox lists it, so that an evaluator sees why
 * no mail came; production has no catcher, and nothing of it is logged.
 */
export interface WithheldMail {
  /** The address the mail would have gone to. */
  to: string;
  /** What mail it would have been: 「ログイン用メール」. */
  what: string;
  /** The limit that withheld it, in words: 「このメールアドレスあての1時間の…（5回まで）」. */
  limit: string;
  at: Date;
}

export interface MailCatcherOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback only; "localhost" binds 127.0.0.1. */
  host?: "localhost" | "127.0.0.1";
  /** Largest accepted message in bytes (default 1 MiB). */
  maxMessageBytes?: number;
  /** Oldest messages are dropped beyond this many (default 500). */
  maxMessages?: number;
}

export interface MailCatcher {
  /** smtp://127.0.0.1:<port>, for createMailer. */
  smtpUrl: string;
  port: number;
  /** The caught messages, oldest first (a copy). */
  messages(): CaughtMail[];
  /** The first message (already caught or arriving) that matches; rejects after timeoutMs. */
  waitFor(
    predicate: (mail: CaughtMail) => boolean,
    timeoutMs?: number,
  ): Promise<CaughtMail>;
  /** Lists a mail a limit withheld (the portal calls it; the dev mailbox shows it). */
  noteWithheld(mail: WithheldMail): void;
  /** The withheld mails noted, oldest first (a copy). */
  withheld(): WithheldMail[];
  /** Empties the mailbox: caught and withheld mails. */
  clear(): void;
  close(): Promise<void>;
}

interface Waiter {
  predicate: (mail: CaughtMail) => boolean;
  resolve: (mail: CaughtMail) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

const readAll = async (stream: SMTPServerDataStream): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
};

const parseMail = async (raw: Buffer, to: string[]): Promise<CaughtMail> => {
  const parsed = await simpleParser(raw, { skipImageLinks: true });
  return {
    id: randomUUID(),
    to,
    from: parsed.from?.text ?? "",
    subject: parsed.subject ?? "",
    text: parsed.text ?? "",
    ...(typeof parsed.html === "string" ? { html: parsed.html } : {}),
    receivedAt: new Date(),
  };
};

const listen = async (server: SMTPServer, port: number): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve((server.server.address() as AddressInfo).port);
    });
  });

const createInbox = (maxMessages: number) => {
  let caught: CaughtMail[] = [];
  let withheld: WithheldMail[] = [];
  const waiters = new Set<Waiter>();

  const add = (mail: CaughtMail): void => {
    caught.push(mail);
    if (caught.length > maxMessages) {
      caught = caught.slice(caught.length - maxMessages);
    }
    for (const waiter of waiters) {
      if (waiter.predicate(mail)) {
        waiters.delete(waiter);
        clearTimeout(waiter.timer);
        waiter.resolve(mail);
      }
    }
  };

  const waitFor = async (
    predicate: (mail: CaughtMail) => boolean,
    timeoutMs = 10_000,
  ): Promise<CaughtMail> => {
    const found = caught.find(predicate);
    if (found) {
      return found;
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve,
        reject,
        timer: setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no matching mail within ${timeoutMs} ms`));
        }, timeoutMs),
      };
      waiters.add(waiter);
    });
  };

  const rejectAll = (): void => {
    for (const waiter of waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error("the mail catcher was closed"));
    }
    waiters.clear();
  };

  return {
    add,
    waitFor,
    rejectAll,
    messages: () => [...caught],
    noteWithheld: (mail: WithheldMail): void => {
      withheld = [...withheld, { ...mail }].slice(-maxMessages);
    },
    withheld: () => [...withheld],
    clear: () => {
      caught = [];
      withheld = [];
    },
  };
};

/** Starts the catcher on 127.0.0.1 (a free port unless `port` is given). */
export const startMailCatcher = async (
  options: MailCatcherOptions = {},
): Promise<MailCatcher> => {
  const maxBytes = options.maxMessageBytes ?? 1024 * 1024;
  const inbox = createInbox(options.maxMessages ?? 500);
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    size: maxBytes,
    rejectOversized: true,
    maxClients: 20,
    banner: "dev mail catcher",
    logger: false,
    onConnect: (session, callback) => {
      callback(
        LOOPBACK.has(session.remoteAddress)
          ? null
          : new Error("only local connections are accepted"),
      );
    },
    onData: (stream, session, callback) => {
      const to = session.envelope.rcptTo.map((rcpt) => rcpt.address);
      readAll(stream)
        .then(async (raw) => {
          if (stream.sizeExceeded) {
            throw Object.assign(new Error("message too large"), {
              responseCode: 552,
            });
          }
          inbox.add(await parseMail(raw, to));
          callback();
        })
        .catch((error: unknown) => {
          callback(error instanceof Error ? error : new Error(String(error)));
        });
    },
  });
  const port = await listen(server, options.port ?? 0);
  return {
    smtpUrl: `smtp://127.0.0.1:${port}`,
    port,
    messages: inbox.messages,
    waitFor: inbox.waitFor,
    noteWithheld: inbox.noteWithheld,
    withheld: inbox.withheld,
    clear: inbox.clear,
    close: async () => {
      inbox.rejectAll();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
};
