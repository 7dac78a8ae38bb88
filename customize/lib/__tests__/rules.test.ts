import { error, warning } from "../../../domain/problem.ts";
import {
  applyOutcome,
  textOf,
  type FormRecord,
  type FormSpec,
  type RuleOutcome,
} from "../rules.ts";

const spec = (over: Partial<FormSpec> = {}): FormSpec => ({
  inputs: ["a", "b"],
  rules: () => ({ problems: [], values: {}, derived: [] }),
  ...over,
});

const record = (): FormRecord => ({
  a: { value: "x" },
  b: { value: "", error: "old" },
  k: { value: "" },
  o: { value: "１" },
});

const outcome = (over: Partial<RuleOutcome>): RuleOutcome => ({
  problems: [],
  values: {},
  derived: [],
  ...over,
});

describe("applyOutcome", () => {
  it("writes values, disables derived fields, and on show puts no error", () => {
    const r = record();
    const applied = applyOutcome(
      r,
      spec(),
      outcome({
        problems: [error("a", "format", "bad a"), warning("a", "order", "hmm")],
        values: { k: "key", missing: "z" },
        derived: ["k"],
      }),
      "show",
    );
    expect(r.k).toEqual({ value: "key", disabled: true });
    expect(r.a?.error).toBeUndefined();
    expect(r.b?.error).toBe("old");
    expect(applied).toEqual({ errors: 0, unplaced: [], warnings: ["hmm"] });
  });

  it("on change puts errors at their fields, clears the others, and skips required for an empty field", () => {
    const r = record();
    const applied = applyOutcome(
      r,
      spec(),
      outcome({
        problems: [
          error("a", "format", "bad a"),
          error("a", "order", "late a"),
          error("b", "required", "need b"),
        ],
      }),
      "change",
    );
    expect(r.a?.error).toBe("bad a late a");
    expect(r.b?.error).toBeNull();
    expect(applied.errors).toBe(1);
  });

  it("on submit shows required too, and gives back errors of fields the form lacks", () => {
    const r = record();
    const applied = applyOutcome(
      r,
      spec(),
      outcome({
        problems: [
          error("b", "required", "need b"),
          error("zz", "format", "elsewhere"),
        ],
      }),
      "submit",
    );
    expect(r.b?.error).toBe("need b");
    expect(applied).toEqual({
      errors: 1,
      unplaced: ["elsewhere"],
      warnings: [],
    });
  });

  it("fetches a corrected lookup again on change, and leaves it alone on submit", () => {
    const lookups = spec({ lookups: ["o"] });
    const onChange = record();
    applyOutcome(onChange, lookups, outcome({ values: { o: "1" } }), "change");
    expect(onChange.o).toEqual({ value: "1", lookup: true });
    const onSubmit = record();
    applyOutcome(onSubmit, lookups, outcome({ values: { o: "1" } }), "submit");
    expect(onSubmit.o).toEqual({ value: "１" });
  });

  it("does not touch a value that is already right", () => {
    const r = record();
    applyOutcome(
      r,
      spec({ lookups: ["a"] }),
      outcome({ values: { a: "x" } }),
      "change",
    );
    expect(r.a).toEqual({ value: "x", error: null });
  });
});

describe("textOf", () => {
  it("reads strings and gives empty for anything else", () => {
    const r: FormRecord = { a: { value: "v" }, b: { value: ["x"] } };
    expect(textOf(r, "a")).toBe("v");
    expect(textOf(r, "b")).toBe("");
    expect(textOf({}, "c")).toBe("");
  });
});
