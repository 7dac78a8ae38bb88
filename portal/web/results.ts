/**
 * The answer to a search: each application as its steps (domain/steps.ts), the order of the
 * national 介護WEBサービス's 認定審査会進捗. One markup serves both sizes: on a PC a table row per
 * application with a cell per step; on a phone the stylesheet turns each row into a card whose
 * step cells form a vertical stepper, each cell labelled by its column (the labels are in the
 * stylesheet, by column: a page of 20 rows stays small). The view definition
 * (schemas/portalView.ts) decides which dates appear. In a cell: the status in <b>, the
 * current step's 「現在の段階」 in <strong>, the dates in a <span>.
 */
import { stepDatesOf } from "../../domain/progress.ts";
import { stepStatusLegend, stepsOf, type Step } from "../../domain/steps.ts";
import {
  isPublishedField,
  portalColumns,
  type PortalColumn,
} from "../../schemas/portalView.ts";
import { textOf } from "../replica/rows.ts";
import type { KintoneRecord } from "../replica/types.ts";
import { cellText } from "./format.ts";
import { html, type SafeHtml } from "./html.ts";

/**
 * The rows' tag under another name: prettier formats html`` templates as HTML and adds
 * whitespace, and a page of 20 rows must stay small (test/portal-a11y.test.ts: 30 KB).
 */
const row = html;

/** What the results section needs to know beyond the records. */
export interface ResultsContext {
  /** Consent mode: results (要介護状態区分, 有効期間) may be shown when the view publishes them. */
  consentMode: boolean;
}

const columnOf = (field: string): PortalColumn =>
  portalColumns.find((c) => c.field === field) ?? {
    field,
    label: field,
    format: "date",
  };

/** "1105" → "11/05": the 4-digit 申請日 as a date reads. */
const mmdd = (v: string): string =>
  /^\d{4}$/.test(v) ? `${v.slice(0, 2)}/${v.slice(2)}` : v;

const stepDates = (rec: KintoneRecord, s: Step): string[] => {
  const lines: string[] = [];
  const labels = new Set<string>();
  for (const d of s.dates) {
    const v = textOf(rec, d.field);
    // A label once per step: 申請日 is published as 4 digits or in full, not both.
    if (v !== "" && isPublishedField(d.field) && !labels.has(d.label)) {
      labels.add(d.label);
      const shown =
        d.field === "applicationDateMMDD"
          ? mmdd(v)
          : cellText(rec, columnOf(d.field));
      lines.push(`${d.label} ${shown}`);
    }
  }
  return lines;
};

/** 申請区分 at 申請受付; the results at 認定 where they may be shown. */
const stepExtras = (
  rec: KintoneRecord,
  s: Step,
  ctx: ResultsContext,
): string[] => {
  const published = (field: string): string =>
    isPublishedField(field) ? textOf(rec, field) : "";
  if (s.key === "received") {
    return [published("applicationType")].filter((v) => v !== "");
  }
  if (s.key !== "certification" || !ctx.consentMode) {
    return [];
  }
  const extras = [published("careLevel")];
  if (published("validFrom") !== "" || published("validTo") !== "") {
    extras.push(`有効期間 ${published("validFrom")}〜${published("validTo")}`);
  }
  return extras.filter((v) => v !== "");
};

const BR = row`<br>`;

/** The lines of a cell, escaped, one under the other. */
const lines = (texts: readonly string[]): SafeHtml =>
  texts.length === 0
    ? row``
    : row`<span>${texts.flatMap((t, i) => (i === 0 ? [t] : [BR, t]))}</span>`;

const NOW = row`<strong>現在の段階</strong>`;

const stepCell = (rec: KintoneRecord, s: Step, ctx: ResultsContext): SafeHtml =>
  row`<td class="step ${s.state}${s.current ? " current" : ""}"><b>${s.status}</b>${s.current ? NOW : ""}${lines([...stepDates(rec, s), ...stepExtras(rec, s, ctx)])}</td>`;

/**
 * Each record's row, kept as long as the record object: the replica hands out the same frozen
 * object for a record until it changes, so a row is formatted once, not on every search. The
 * two contexts (consent mode or not) are kept apart.
 */
const rowsOf = [
  new WeakMap<KintoneRecord, SafeHtml>(),
  new WeakMap<KintoneRecord, SafeHtml>(),
] as const;

export const applicationRow = (
  rec: KintoneRecord,
  ctx: ResultsContext,
): SafeHtml => {
  const cache = rowsOf[ctx.consentMode ? 1 : 0];
  const kept = cache.get(rec);
  if (kept) {
    return kept;
  }
  const updated = isPublishedField("updatedAt")
    ? row`<td>${cellText(rec, columnOf("updatedAt"))}</td>`
    : "";
  const made = row`<tr><td>${cellText(rec, columnOf("insuredNoLast6"))}</td><td>${cellText(rec, columnOf("stage"))}</td>${stepsOf(stepDatesOf((f) => textOf(rec, f))).map((s) => stepCell(rec, s, ctx))}${updated}</tr>
`;
  // Only a frozen record cannot change under the kept row.
  if (Object.isFrozen(rec)) {
    cache.set(rec, made);
  }
  return made;
};

/** The steps' column headings: their labels, in their order (domain/steps.ts). */
const STEP_HEADINGS = stepsOf({}).map((s) => s.label);

/** The table of applications, newest 申請日 first, with the legend of the statuses. */
export const applicationsTable = (
  records: readonly KintoneRecord[],
  ctx: ResultsContext,
): SafeHtml =>
  html`<table class="applications">
      <caption class="visually-hidden">
        該当する申請（申請日の新しい順）
      </caption>
      <thead>
        <tr>
          <th scope="col">被保険者番号(6桁)</th>
          <th scope="col">進捗</th>
          ${STEP_HEADINGS.map((h) => html`<th scope="col">${h}</th>`)}
          ${isPublishedField("updatedAt") ? html`<th scope="col">更新日時</th>` : ""}
        </tr>
      </thead>
      <tbody>
        ${records.map((r) => applicationRow(r, ctx))}
      </tbody>
    </table>
    <p class="legend">
      進捗は、まだ終わっていない最初の段階です（例：「主治医意見書」は、市が主治医意見書の到着を待っている段階）。
      ${stepStatusLegend.map(([word, meaning]) => html`<span class="legend-item"><span class="status">${word}</span>${meaning}</span>`)}
    </p>`;
