/**
 * Test apps for the record APIs: created with the admin client, their form written straight
 * into the preview settings (the shapes of the form-fields API, docs/kintone-behaviour.md
 * §5.2), then deployed.
 */
import type { KintoneRestAPIClient } from "@kintone/rest-api-client";
import type { TestSandbox } from "../../../test/support/sandbox.ts";
import { getApp, putApp, type AppSettings } from "../../apps/model.ts";

export type Json = Record<string, unknown>;

export interface AppSetup {
  name?: string;
  /** Fields by code; `code` and `label` are filled in (also inside SUBTABLE `fields`). */
  fields: Record<string, Json>;
  status?: AppSettings["status"];
  appCode?: string;
  general?: Json;
}

const withCodes = (fields: Record<string, Json>): Record<string, Json> =>
  Object.fromEntries(
    Object.entries(fields).map(([code, prop]) => {
      const full: Json = { code, label: code, ...prop };
      if (prop.type === "SUBTABLE") {
        full.fields = withCodes((prop.fields ?? {}) as Record<string, Json>);
      }
      return [code, full];
    }),
  );

/** Creates, configures and deploys an app; returns its id. */
export const makeApp = async (
  t: TestSandbox,
  setup: AppSetup,
): Promise<string> => {
  const { app } = await t.client.app.addApp({ name: setup.name ?? "test app" });
  const store = t.sandbox.store;
  store.transaction(() => {
    const doc = getApp(store, Number(app));
    if (!doc) {
      throw new Error(`app ${app} missing`);
    }
    doc.preview.properties = {
      ...doc.preview.properties,
      ...withCodes(setup.fields),
    };
    if (setup.status) {
      doc.preview.status = setup.status;
      for (const prop of Object.values(doc.preview.properties)) {
        if (prop.type === "STATUS" || prop.type === "STATUS_ASSIGNEE") {
          prop.enabled = setup.status.enable;
        }
      }
    }
    if (setup.general) {
      doc.preview.general = { ...doc.preview.general, ...setup.general };
    }
    if (setup.appCode) {
      doc.code = setup.appCode;
    }
    putApp(store, doc);
  });
  await t.client.app.deployApp({ apps: [{ app }] });
  return app;
};

export const text = (extra: Json = {}): Json => ({
  type: "SINGLE_LINE_TEXT",
  ...extra,
});

export const number = (extra: Json = {}): Json => ({
  type: "NUMBER",
  ...extra,
});

export const options = (...names: string[]): Json =>
  Object.fromEntries(
    names.map((name, i) => [name, { label: name, index: String(i) }]),
  );

export const tokenClient = (
  t: TestSandbox,
  app: string,
  rights: Partial<
    Record<"view" | "add" | "edit" | "delete" | "manage", boolean>
  >,
): KintoneRestAPIClient =>
  t.clientWith({ apiToken: t.sandbox.mintToken(Number(app), rights, true) });

/** The rejection of a promise (fails when it resolves). */
export const failure = async (p: Promise<unknown>): Promise<Json> => {
  try {
    await p;
  } catch (e) {
    return e as Json;
  }
  throw new Error("expected a failure");
};

/** An errors map reduced to its messages, as rest-api-client exposes it. */
export const messagesOf = (e: Json): Record<string, string[]> =>
  Object.fromEntries(
    Object.entries(
      (e.errors ?? {}) as Record<string, { messages: string[] }>,
    ).map(([k, v]) => [k, v.messages]),
  );
