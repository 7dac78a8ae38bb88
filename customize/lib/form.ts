/**
 * The glue between an app's rules and kintone's record events, desktop and mobile: the rules
 * run on create/edit show, on the change of each input field and on submit, and their outcome
 * is written into the event (values, disabled, `record[code].error`), as kintone documents.
 * Desktop also covers the list's inline edit (`app.record.index.edit.*`).
 */
import { onEvent, type KintoneEvent } from "./events.ts";
import { showNotice } from "./notice.ts";
import {
  applyOutcome,
  type FormRecord,
  type FormSpec,
  type Moment,
} from "./rules.ts";

export type Device = "desktop" | "mobile";

export const SUBMIT_BLOCKED =
  "入力内容に誤りがあります。赤字のメッセージが出ている項目を直してから保存してください。";

const screens = (device: Device): string[] =>
  device === "desktop"
    ? ["app.record.create", "app.record.edit", "app.record.index.edit"]
    : ["mobile.app.record.create", "mobile.app.record.edit"];

/** The event types of one moment for a device. */
export const eventTypes = (
  device: Device,
  moment: Moment,
  inputs: readonly string[] = [],
): string[] =>
  screens(device).flatMap((screen) =>
    moment === "change"
      ? inputs.map((code) => `${screen}.change.${code}`)
      : [`${screen}.${moment}`],
  );

/** Runs the rules on an event's record and writes the outcome into it. */
export const runRules = (
  event: KintoneEvent,
  spec: FormSpec,
  moment: Moment,
): KintoneEvent => {
  const record = event.record as FormRecord | undefined;
  if (record === undefined) {
    return event;
  }
  const applied = applyOutcome(record, spec, spec.rules(record), moment);
  showNotice("warnings", "warning", applied.warnings);
  if (
    moment === "submit" &&
    (applied.errors > 0 || applied.unplaced.length > 0)
  ) {
    event.error = [SUBMIT_BLOCKED, ...applied.unplaced].join(" ");
  } else if (applied.unplaced.length > 0) {
    event.error = applied.unplaced.join(" ");
  }
  return event;
};

/** Registers an app's rules for every record screen of a device. */
export const registerForm = (device: Device, spec: FormSpec): void => {
  for (const moment of ["show", "change", "submit"] as const) {
    onEvent(eventTypes(device, moment, spec.inputs), (event) =>
      runRules(event, spec, moment),
    );
  }
};
