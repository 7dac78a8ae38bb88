/**
 * The care-domain rules, written once and called from the customization, the plugin, the
 * portal and the scripts. Pure functions: no I/O, no clock, no kintone.
 */
export * from "./checkDigit.ts";
export * from "./codes.ts";
export * from "./consent.ts";
export * from "./date.ts";
export * from "./email.ts";
export * from "./fields.ts";
export * from "./insuredNo.ts";
export * from "./insurerNo.ts";
export * from "./kana.ts";
export * from "./officeNo.ts";
export * from "./phone.ts";
export * from "./policy.ts";
export * from "./problem.ts";
export * from "./progress.ts";
export * from "./searchKeys.ts";
export * from "./steps.ts";
export * from "./text.ts";
export * from "./wareki.ts";
