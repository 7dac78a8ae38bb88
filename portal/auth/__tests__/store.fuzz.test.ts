import fc from "fast-check";
import { openAuthStore, type AuthStore } from "../store.ts";

const identity = { registrationId: "1", emailKey: "a@example.jp" };
const limits = { idleMinutes: 30, absoluteHours: 12 };

let store: AuthStore;
let issued: { token: string; sessionId: string };

beforeAll(() => {
  store = openAuthStore(":memory:");
  issued = {
    token: store.createLoginLink(identity, 15),
    sessionId: store.createSession(identity).id,
  };
});

afterAll(() => {
  store.close();
});

const anyText = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.base64String({ minLength: 40, maxLength: 48 }),
  fc.constantFrom("%00", "' OR 1=1 --", "\u0000", "a".repeat(10_000)),
);

describe("fuzz", () => {
  it("consumeLoginLink never throws and refuses any other string as unknown", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        fc.pre(text !== issued.token);
        expect(store.consumeLoginLink(text)).toEqual({
          ok: false,
          reason: "unknown",
        });
      }),
      { numRuns: 500 },
    );
    expect(store.consumeLoginLink(issued.token).ok).toBe(true);
  });

  it("getSession, touchSession and destroySession never throw and find nothing for other strings", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        fc.pre(text !== issued.sessionId);
        expect(store.getSession(text, limits)).toBeNull();
        expect(store.touchSession(text)).toBe(false);
        store.destroySession(text);
      }),
      { numRuns: 500 },
    );
    expect(store.getSession(issued.sessionId, limits)).not.toBeNull();
  });

  it("checkCsrf never throws and accepts nothing but the token", () => {
    const session = store.getSession(issued.sessionId, limits);
    if (!session) {
      throw new Error("no session");
    }
    fc.assert(
      fc.property(fc.oneof(anyText, fc.anything()), (value) => {
        fc.pre(value !== session.csrfToken);
        expect(store.checkCsrf(session, value)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
