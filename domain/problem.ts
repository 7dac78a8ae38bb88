/**
 * A problem found in what someone typed or imported, addressed to one field.
 * Every rule in domain/ reports through this shape, so the customization can put the
 * message on the kintone field, the portal next to its input and the import in its report.
 */
export type Severity = "error" | "warning";

export type ProblemCode =
  | "required"
  | "format"
  | "length"
  | "characters"
  | "checkDigit"
  | "range"
  | "calendar"
  | "era"
  | "order"
  | "age"
  | "unknownCode"
  | "inconsistent";

export interface Problem {
  /** The field code (see GLOSSARY.md) the problem belongs to. */
  field: string;
  code: ProblemCode;
  /** Japanese, for the person who typed the value: what is wrong and what to do. */
  message: string;
  severity: Severity;
}

export type Result<T> =
  { ok: true; value: T } | { ok: false; problems: Problem[] };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export const fail = <T = never>(
  field: string,
  code: ProblemCode,
  message: string,
): Result<T> => ({
  ok: false,
  problems: [{ field, code, message, severity: "error" }],
});

export const error = (
  field: string,
  code: ProblemCode,
  message: string,
): Problem => ({ field, code, message, severity: "error" });

export const warning = (
  field: string,
  code: ProblemCode,
  message: string,
): Problem => ({ field, code, message, severity: "warning" });

/** The problems of a result, or none. */
export const problemsOf = <T>(result: Result<T>): Problem[] =>
  result.ok ? [] : result.problems;

/** True when none of the problems is an error (warnings alone do not block saving). */
export const hasNoErrors = (problems: readonly Problem[]): boolean =>
  problems.every((p) => p.severity !== "error");
