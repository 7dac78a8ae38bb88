/**
 * Request parameters as kintone reads them (docs/kintone-behaviour.md §1.2): the query string
 * in qs's bracket notation, sparse indices kept; a JSON body on any method, merged over it; ids
 * and revisions as numbers or strings. Readers raise CB_VA01 keyed by the parameter's name.
 */
import qs from "qs";
import { messages, validation, type LocalizedText } from "./errors.ts";

export type Params = Record<string, unknown>;

export const parseQueryString = (search: string): Params =>
  qs.parse(search.replace(/^\?/, ""), {
    allowSparse: true,
    arrayLimit: 10_000,
    parameterLimit: 100_000,
    depth: 8,
  }) as Params;

const bad = (key: string, text: LocalizedText) => validation({ [key]: [text] });

const isBlank = (v: unknown): boolean =>
  v === undefined || v === null || v === "";

const toInteger = (v: unknown): number | null => {
  if (typeof v === "number" && Number.isInteger(v)) {
    return v;
  }
  if (typeof v === "string" && /^-?\d+$/.test(v.trim())) {
    return Number(v.trim());
  }
  return null;
};

/** A required positive integer id (`app`, `id`, `record`…). */
export const requiredId = (params: Params, key: string): number => {
  const v = params[key];
  if (isBlank(v)) {
    throw bad(key, messages.requiredParam);
  }
  const n = toInteger(v);
  if (n === null || n < 1) {
    throw bad(key, messages.atLeastOne);
  }
  return n;
};

export const optionalId = (params: Params, key: string): number | undefined =>
  isBlank(params[key]) ? undefined : requiredId(params, key);

/** A revision to check, or undefined when absent, null or -1 (no check). */
export const optionalRevision = (
  params: Params,
  key = "revision",
): number | undefined => {
  const v = params[key];
  if (isBlank(v)) {
    return undefined;
  }
  const n = toInteger(v);
  if (n === null || n < -1) {
    throw bad(key, messages.atLeastOne);
  }
  return n === -1 ? undefined : n;
};

export const optionalInteger = (
  params: Params,
  key: string,
  { min, max, fallback }: { min: number; max: number; fallback: number },
): number => {
  const v = params[key];
  if (isBlank(v)) {
    return fallback;
  }
  const n = toInteger(v);
  if (n === null || n < min) {
    throw bad(key, min === 0 ? messages.atLeastZero : messages.atLeastOne);
  }
  if (n > max) {
    throw bad(key, {
      ja: `${max}以下の値を指定してください。`,
      en: `must be less than or equal to ${max}`,
    });
  }
  return n;
};

export const optionalBoolean = (
  params: Params,
  key: string,
): boolean | undefined => {
  const v = params[key];
  if (isBlank(v)) {
    return undefined;
  }
  if (v === true || v === "true") {
    return true;
  }
  if (v === false || v === "false") {
    return false;
  }
  throw bad(key, messages.enumValue);
};

export const optionalString = (
  params: Params,
  key: string,
): string | undefined => {
  const v = params[key];
  if (isBlank(v)) {
    return undefined;
  }
  if (typeof v === "string" || typeof v === "number") {
    return String(v);
  }
  throw bad(key, messages.invalidFormat);
};

export const requiredString = (params: Params, key: string): string => {
  const v = optionalString(params, key);
  if (v === undefined) {
    throw bad(key, messages.requiredParam);
  }
  return v;
};

/**
 * An array parameter; qs gives arrays (possibly sparse) or, past its limits, objects keyed by
 * index. Holes stay holes (undefined), as the positional meaning of `revisions[1]` requires.
 */
export const optionalArray = (
  params: Params,
  key: string,
): unknown[] | undefined => {
  const v = params[key];
  if (isBlank(v)) {
    return undefined;
  }
  if (Array.isArray(v)) {
    return v;
  }
  if (typeof v === "object" && v !== null) {
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.every(([k]) => /^\d+$/.test(k))) {
      const out: unknown[] = [];
      for (const [k, item] of entries) {
        out[Number(k)] = item;
      }
      return out;
    }
  }
  throw bad(key, messages.invalidFormat);
};

export const requiredArray = (params: Params, key: string): unknown[] => {
  const v = optionalArray(params, key);
  if (v === undefined) {
    throw bad(key, messages.requiredParam);
  }
  return v;
};

export const optionalObject = (
  params: Params,
  key: string,
): Record<string, unknown> | undefined => {
  const v = params[key];
  if (isBlank(v)) {
    return undefined;
  }
  if (typeof v === "object" && !Array.isArray(v)) {
    return v as Record<string, unknown>;
  }
  throw bad(key, messages.invalidFormat);
};
