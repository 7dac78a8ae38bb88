import { createResultStore } from "../searchResults.ts";

describe("the kept answers to searches", () => {
  let clock = 0;
  const now = (): Date => new Date(clock);
  beforeEach(() => {
    clock = Date.parse("2026-11-29T00:00:00Z");
  });

  it("opens an answer for its own session until it has not been opened for the TTL", () => {
    const store = createResultStore<string>({
      ttlMs: 60_000,
      maxPerSession: 10,
      now,
    });
    const id = store.put("session-a", "answer");
    expect(store.get("session-a", id)).toBe("answer");
    expect(store.get("session-b", id)).toBeUndefined();
    clock += 59_999;
    expect(store.get("session-a", id)).toBe("answer");
    clock += 59_999;
    expect(store.get("session-a", id)).toBe("answer");
    clock += 60_000;
    expect(store.get("session-a", id)).toBeUndefined();
  });

  it("keeps an answer that is being opened through a flood of new ones", () => {
    const store = createResultStore<number>({
      ttlMs: 60_000,
      maxPerSession: 3,
      now,
    });
    const kept = store.put("s", 0);
    for (let n = 1; n <= 10; n++) {
      store.put("s", n);
      expect(store.get("s", kept)).toBe(0);
    }
    expect(store.size()).toBe(3);
  });

  it("makes unguessable ids and keeps at most `maxPerSession` answers, dropping the oldest and the expired", () => {
    const store = createResultStore<number>({
      ttlMs: 60_000,
      maxPerSession: 3,
      now,
    });
    const ids = [1, 2, 3, 4].map((n) => store.put("s", n));
    expect(new Set(ids).size).toBe(4);
    expect(ids.every((id) => /^[A-Za-z0-9_-]{22}$/.test(id))).toBe(true);
    expect(store.size()).toBe(3);
    expect(store.get("s", ids[0] ?? "")).toBeUndefined();
    expect(store.get("s", ids[3] ?? "")).toBe(4);
    clock += 60_000;
    store.put("s", 5);
    expect(store.size()).toBe(1);
  });

  it("never lets one session's searches push out another session's answers", () => {
    const store = createResultStore<number>({
      ttlMs: 60_000,
      maxPerSession: 3,
      now,
    });
    const other = store.put("b", 0);
    for (let n = 1; n <= 10; n++) {
      store.put("a", n);
    }
    expect(store.get("b", other)).toBe(0);
    expect(store.size()).toBe(4);
  });
});
