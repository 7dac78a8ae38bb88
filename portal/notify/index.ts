/**
 * The notice mails, wired: after every sync of the registration app (the replica's afterSync
 * hook; a webhook triggers one at once) the registrations in 利用中, 差戻し and 却下 are read
 * from the replica, the notices they call for decided (notices.ts), each claimed in the notice
 * file (store.ts) and only then sent; an approval's 承認通知日時 is written to kintone after it
 * was sent, and again on later passes until that succeeds.
 *
 * At most once: a mail is sent only by the pass that inserted its claim, committed to disk
 * before the SMTP conversation starts. A portal that stops (or crashes) between the claim and
 * the server's answer leaves the claim `claimed`; the next start logs one line per such record
 * for staff to check and never sends it again. The other way round — at least once, a mail
 * sent again after such a crash — would mail a care manager twice; a missing mail is what staff
 * can make up for by telephone. See README.md.
 */
import type { LogLine } from "../logger.ts";
import { join } from "node:path";
import type { KintoneRestAPIClient } from "@kintone/rest-api-client";
import { describeKintoneError } from "../../kintone/client.ts";
import type { PortalConfig } from "../config.ts";
import { createMailer, type Mailer } from "../mail/send.ts";
import { noticeMail, type NoticeTexts } from "./mails.ts";
import { registrationStatuses } from "../../domain/codes.ts";
import {
  ACTIVE,
  baselineKeys,
  noticesFor,
  observe,
  REJECTED,
  RETURNED,
  type Notice,
  type NoticeKind,
  type NoticeRow,
} from "./notices.ts";
import { NoticeStore } from "./store.ts";

/** What the notifier needs of the replica (portal/replica: registrationsIn, afterSync). */
export interface NoticeSource {
  /** The registrations with these statuses. */
  registrationsIn(statuses: readonly string[]): NoticeRow[];
  /** Runs the listener after every operation that read these apps; returns its removal. */
  afterSync(
    listener: (apps: readonly string[]) => Promise<void> | void,
  ): () => void;
  status(): { loaded: boolean };
}

export interface NotifierOptions {
  config: PortalConfig;
  replica: NoticeSource;
  /** The portal's client of the registration app (view and edit). */
  registrations: Pick<KintoneRestAPIClient, "record">;
  /** Default: a mailer of its own, from config.smtp.url and config.notices.from. */
  mailer?: Mailer;
  /** Default: `notices.sqlite` in config.dataDir. */
  file?: string;
  now?: () => Date;
  /** One line per notice sent or failed: record ids only, never an address or a name. */
  log?: LogLine;
}

export interface Notifier {
  /** One pass now (after the ones running); resolves when it is done, never rejects. */
  pass(): Promise<void>;
  /** The notice file (tests, staff checks). */
  store: NoticeStore;
  close(): Promise<void>;
}

const LABEL: Record<NoticeKind, string> = {
  approval: "承認通知",
  return: "差戻し通知",
  rejection: "却下通知",
};

/** kintone DATETIME, to the second. */
const kintoneDateTime = (at: Date): string =>
  `${at.toISOString().slice(0, 19)}Z`;

type SendOutcome = "sent" | "retry" | "failed" | "unknown";

/**
 * What a failed send means. The server answered with a refusal (an SMTP reply code): nothing
 * was accepted — a 4xx may be tried again, a 5xx will not change. The connection could not be
 * made: nothing left either, try again. Anything else (the connection lost or timed out during
 * the conversation): the server may have accepted the message.
 */
export const sendFailure = (e: unknown): SendOutcome => {
  const err = (e ?? {}) as {
    responseCode?: unknown;
    code?: unknown;
    command?: unknown;
  };
  if (typeof err.responseCode === "number") {
    return err.responseCode >= 500 ? "failed" : "retry";
  }
  if (
    err.command === "CONN" ||
    ["ECONNECTION", "EDNS", "ECONNREFUSED", "ENOTFOUND"].includes(
      String(err.code),
    )
  ) {
    return "retry";
  }
  return "unknown";
};

/** The log line for staff about a mail that may or may not have left (record id only). */
export const unknownLine = (kind: NoticeKind, recordId: number): string =>
  `notify: 登録 ${recordId} の${LABEL[kind]}メールは送信されたか分かりません。届いたかどうか利用者に確認してください（再送はしません） / the ${kind} mail of registration ${recordId} may or may not have been sent; check with the user (it is not sent again)`;

export const startNotifier = async (o: NotifierOptions): Promise<Notifier> => {
  const { config, replica } = o;
  const now = o.now ?? (() => new Date());
  const log = o.log ?? (() => undefined);
  const store = new NoticeStore(
    o.file ?? join(config.dataDir, "notices.sqlite"),
  );
  const mailer =
    o.mailer ??
    createMailer({ smtpUrl: config.smtp.url, from: config.notices.from });
  const texts = (): NoticeTexts => ({
    cityName: config.cityName,
    publicUrl: config.publicUrl,
    idleDays: config.idleDays,
    ...(mailer.senderName === undefined
      ? {}
      : { senderName: mailer.senderName }),
    subjects: {
      approval: config.notices.approvalSubject,
      return: config.notices.returnSubject,
      rejection: config.notices.rejectionSubject,
    },
  });
  for (const c of store.takeInterrupted()) {
    log(unknownLine(c.kind, c.recordId), "warn");
  }

  const record = async (key: string, recordId: number, sentAt: string) => {
    try {
      await o.registrations.record.updateRecord({
        app: config.kintone.apps.registration,
        id: recordId,
        record: { approvalNotifiedAt: { value: sentAt } },
      });
      store.markRecorded(key, kintoneDateTime(now()));
    } catch (e) {
      log(
        `notify: 承認通知日時 of registration ${recordId} not written (tried again at the next sync): ${describeKintoneError(e)}`,
        "warn",
      );
    }
  };

  /** Sends one notice if this pass claims it; what became of it. */
  const send = async (n: Notice): Promise<SendOutcome | "taken"> => {
    if (!store.claim(n.key, n.recordId, n.kind, now().toISOString())) {
      return "taken"; // another pass has it
    }
    let outcome: SendOutcome;
    try {
      await mailer.send({ to: n.email, ...noticeMail(n, texts()) });
      outcome = "sent";
    } catch (e) {
      outcome = sendFailure(e);
    }
    if (outcome === "sent") {
      const sentAt = kintoneDateTime(now());
      store.markSent(n.key, sentAt);
      log(`notify: ${n.kind} mail sent (registration ${n.recordId})`);
      if (n.kind === "approval") {
        await record(n.key, n.recordId, sentAt);
      }
    } else if (outcome === "retry") {
      store.release(n.key);
      log(
        `notify: ${n.kind} mail of registration ${n.recordId} not sent (SMTP server unreachable or busy); tried again at the next sync`,
        "warn",
      );
    } else if (outcome === "failed") {
      store.mark(n.key, "failed");
      log(
        `notify: 登録 ${n.recordId} の${LABEL[n.kind]}メールは SMTP サーバーに拒否されました（再送はしません） / the ${n.kind} mail of registration ${n.recordId} was refused by the SMTP server (not sent again)`,
        "error",
      );
    } else {
      store.mark(n.key, "unknown");
      log(unknownLine(n.kind, n.recordId), "warn");
    }
    return outcome;
  };

  const runPass = async (): Promise<void> => {
    // 利用停止 too: an approval sent just before a suspension still gets its 承認通知日時.
    const rows = replica.registrationsIn([
      ACTIVE,
      RETURNED,
      REJECTED,
      registrationStatuses.suspended.label,
    ]);
    const seen = observe(rows, store.seen());
    store.updateSeen(seen.changed, seen.dropped);
    if (store.baselineAt() === null) {
      // A new notice file: what stands now was announced before (or never will be).
      store.baseline(baselineKeys(rows, seen.seen), now().toISOString());
    }
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const c of store.unrecordedApprovals()) {
      const row = byId.get(c.recordId);
      if (row?.approvalNotifiedAt) {
        store.markRecorded(c.key, kintoneDateTime(now()));
      } else if (row) {
        await record(c.key, c.recordId, c.sentAt ?? kintoneDateTime(now()));
      }
    }
    const notices = noticesFor(rows, seen.seen, {
      rejectionMail: config.notices.rejectionMail,
    }).filter((n) => store.stateOf(n.key) === undefined);
    for (const n of notices) {
      if ((await send(n)) === "retry") {
        break; // the server is unreachable: the others would wait for it in vain
      }
    }
  };

  let tail: Promise<void> = Promise.resolve();
  let closed = false;
  const pass = (): Promise<void> => {
    const next = tail.then(async () => {
      if (closed) {
        return;
      }
      try {
        await runPass();
      } catch (e) {
        log(
          `notify: pass failed: ${e instanceof Error ? e.name : "error"}`,
          "error",
        );
      }
    });
    tail = next;
    return next;
  };

  const remove = replica.afterSync(async (apps) => {
    if (apps.includes("registration")) {
      await pass();
    }
  });
  // What happened while the portal was down; only once the registrations are loaded, else the
  // first sync that reads them does it.
  if (replica.status().loaded) {
    await pass();
  }
  return {
    pass,
    store,
    close: async () => {
      remove();
      await tail;
      closed = true;
      store.close();
      if (!o.mailer) {
        mailer.close();
      }
    },
  };
};
