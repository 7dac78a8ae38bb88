import { createAuditGate } from "../gate.ts";

describe("createAuditGate", () => {
  let clock = 0;
  const gate = () => createAuditGate(() => clock, 3);

  it("records the first of a key per window and counts the others", () => {
    clock = 0;
    const g = gate();
    expect(g.admit("a", 1000)).toEqual({ record: true, passedOver: 0 });
    clock = 10;
    expect(g.admit("a", 1000)).toEqual({ record: false, passedOver: 1 });
    expect(g.admit("a", 1000)).toEqual({ record: false, passedOver: 2 });
    expect(g.admit("b", 1000)).toEqual({ record: true, passedOver: 0 });
    clock = 1000;
    expect(g.admit("a", 1000)).toEqual({ record: true, passedOver: 2 });
    expect(g.admit("a", 1000)).toEqual({ record: false, passedOver: 1 });
  });

  it("keeps at most maxKeys, forgetting the oldest first", () => {
    clock = 0;
    const g = gate();
    for (const key of ["a", "b", "c", "d"]) {
      expect(g.admit(key, 1000).record).toBe(true);
    }
    // "a" was forgotten to make room for "d": recorded again; "d" is still remembered.
    expect(g.admit("a", 1000).record).toBe(true);
    expect(g.admit("d", 1000).record).toBe(false);
  });
});
