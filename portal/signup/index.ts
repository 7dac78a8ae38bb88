/**
 * The registration form's dependencies as the running portal gives them: its store, the
 * replica's registrations and offices, the add-only kintone token, the mailer.
 */
import { pledgeText, registrationRequestTypes } from "../../domain/codes.ts";
import { createKintoneClient } from "../../kintone/client.ts";
import type { PortalConfig } from "../config.ts";
import type { SignupDeps } from "../deps.ts";
import type { Mailer } from "../mail/send.ts";
import type { Replica } from "../replica/replica.ts";
import { textOf } from "../replica/rows.ts";
import { receiptMail, signupLinkMail } from "./mails.ts";
import type { SignupStore } from "./store.ts";

/** How long the mailed link to the form works: long enough to fill it in with the documents. */
export const SIGNUP_LINK_TTL_MINUTES = 60;

export const signupDeps = (o: {
  config: PortalConfig;
  store: SignupStore;
  replica: Replica;
  mailer: Mailer;
  /** Ends a registration's sessions (the auth store's destroySessionsOf). */
  endSessionsOf: (registrationId: string) => void;
}): SignupDeps | undefined => {
  const { config, store, replica, mailer } = o;
  const { signupToken, baseUrl, apps, tokens } = config.kintone;
  if (!signupToken) {
    return undefined;
  }
  // 事業所番号 is a lookup of 事業所マスタ: kintone fetches it with a token that may read that app.
  const client = createKintoneClient(baseUrl, {
    apiToken: [signupToken, tokens.offices ?? ""].filter(Boolean),
  });
  // The check box's one option, as the app's schema writes it.
  const { consent } = pledgeText("");
  return {
    store,
    linkTtlMinutes: SIGNUP_LINK_TTL_MINUTES,
    registrationsOf: (key) =>
      replica
        .registrationsByEmail(key)
        .map((r) => ({ id: r.id, status: r.status })),
    officeOf: (officeNo) => {
      const office = replica.officeByNo(officeNo);
      return office
        ? {
            officeName: textOf(office, "officeName"),
            registrable: textOf(office, "registrable"),
          }
        : undefined;
    },
    addApplication: async (a) => {
      const { id } = await client.record.addRecord({
        app: apps.registration,
        record: {
          applicationDate: { value: a.applicationDate },
          registrationRequestType: {
            value: registrationRequestTypes[a.requestType].label,
          },
          officeNo: { value: a.officeNo },
          officePhone: { value: a.officePhone },
          email: { value: a.email },
          staffNameKana: { value: a.staffNameKana },
          pledge: { value: [consent] },
        },
      });
      // The replica learns of it at once, for the next application's checks.
      replica.requestSync(apps.registration).catch(() => undefined);
      return id;
    },
    cancelAccess: (registrationId) => {
      store.cancel(registrationId);
      o.endSessionsOf(registrationId);
    },
    sendLinkMail: async (to, link) => {
      await mailer.send({
        to,
        ...signupLinkMail({
          cityName: config.cityName,
          link,
          ttlMinutes: SIGNUP_LINK_TTL_MINUTES,
        }),
      });
    },
    sendReceiptMail: async (to, r) => {
      await mailer.send({
        to,
        ...receiptMail({
          cityName: config.cityName,
          receiptNo: r.receiptNo,
          requestType: r.requestType,
          portalUrl: config.publicUrl,
        }),
      });
    },
  };
};
