/**
 * What the current page offers to `window.kintone`: the renderers fill it in as they draw, and
 * the JavaScript API reads it. Each getter answers null where kintone's answers null (another
 * page, or not drawn yet).
 */
import type { KRecord, SandboxPage } from "./types.ts";
import { readHash } from "./urls.ts";

export type Screen =
  "portal" | "index" | "detail" | "create" | "edit" | "pluginConfig";

export interface PageContext {
  page: SandboxPage;
  screen: Screen;
  appId: number | null;
  recordId: number | null;
  /** Record list: the query condition (no order/limit/offset) and the full query. */
  queryCondition: string | null;
  query: string | null;
  headerSpace: HTMLElement | null;
  headerMenuSpace: HTMLElement | null;
  /** Record list: the cells of a field's column, top to bottom. */
  fieldElements: (code: string) => HTMLElement[] | null;
  /** Detail/create/edit: a copy of the record as kintone's `record.get()` gives it. */
  getRecord: () => KRecord | null;
  /** Create/edit: applies values, `disabled`, `error` and `lookup` as `record.set()` does. */
  setRecord: (record: KRecord) => void;
  fieldElement: (code: string) => HTMLElement | null;
  spaceElement: (elementId: string) => HTMLElement | null;
  setFieldShown: (code: string, shown: boolean) => void;
  /** True while an event's handlers run (`record.get/set` are refused then, as in kintone). */
  inHandler: boolean;
}

/**
 * The screen the page is, known before it is drawn: plugin and customization files call
 * `getConfig`, `app.getId` and the like as they load, before `__sandboxStart()`.
 */
export const screenOf = (page: SandboxPage, hash: string): Screen => {
  switch (page.page) {
    case "portal":
    case "index":
    case "pluginConfig":
      return page.page;
    case "edit":
      return page.recordId === null ? "create" : "edit";
    default: {
      if (page.mobile) {
        return "detail";
      }
      const { recordId, edit } = readHash(hash);
      if (recordId === null && page.recordId === null) {
        return "create";
      }
      return edit ? "edit" : "detail";
    }
  }
};

const recordOf = (page: SandboxPage, hash: string): number | null => {
  if (page.page !== "show" && page.page !== "edit") {
    return null;
  }
  const id = page.recordId ?? (page.mobile ? null : readHash(hash).recordId);
  return id === null ? null : Number(id);
};

export const createContext = (page: SandboxPage): PageContext => ({
  page,
  screen: screenOf(page, window.location.hash),
  appId: page.appId === null ? null : Number(page.appId),
  recordId: recordOf(page, window.location.hash),
  queryCondition: null,
  query: null,
  headerSpace: null,
  headerMenuSpace: null,
  fieldElements: () => null,
  getRecord: () => null,
  setRecord: () => undefined,
  fieldElement: () => null,
  spaceElement: () => null,
  setFieldShown: () => undefined,
  inHandler: false,
});
