/**
 * Which app a stored file belongs to, so that a download is held to the path rule of that app's
 * space: kintone serves a guest-space app's files on `/k/guest/<space>/v1/file.json`
 * (https://cybozu.dev/ja/kintone/docs/rest-api/files/download-file/). The sandbox's files do
 * not record their owner, so the FILE values of the apps' records (tables included) are
 * searched, skipping apps whose live form has no FILE field. Files of customizations and
 * plugins belong to no record: no space rule applies to them.
 */
import type { Store } from "../core/store.ts";
import { listApps } from "../apps/model.ts";

type Prop = { type?: unknown; fields?: Record<string, Prop> };
type Value = { type?: string; value?: unknown } | undefined;

const hasFileField = (properties: Record<string, Prop>): boolean =>
  Object.values(properties).some(
    (p) => p.type === "FILE" || hasFileField(p.fields ?? {}),
  );

const holds = (field: Value, key: string): boolean => {
  if (field?.type === "FILE" && Array.isArray(field.value)) {
    return field.value.some(
      (f) => (f as { fileKey?: unknown } | null)?.fileKey === key,
    );
  }
  if (field?.type === "SUBTABLE" && Array.isArray(field.value)) {
    return field.value.some((row) =>
      Object.values(
        ((row as { value?: unknown } | null)?.value ?? {}) as Record<
          string,
          Value
        >,
      ).some((cell) => holds(cell, key)),
    );
  }
  return false;
};

/** The id of the app (at most one) whose records hold the stored file key. */
export const appsHoldingFile = (store: Store, key: unknown): number[] => {
  if (typeof key !== "string" || key === "") {
    return [];
  }
  for (const app of listApps(store)) {
    if (!hasFileField((app.live?.properties ?? {}) as Record<string, Prop>)) {
      continue;
    }
    for (const record of store.listRecords(app.id)) {
      if (Object.values(record.data).some((field) => holds(field, key))) {
        return [app.id];
      }
    }
  }
  return [];
};
