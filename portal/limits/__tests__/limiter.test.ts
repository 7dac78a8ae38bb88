import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  clearLimitCounts,
  createRateLimiter,
  ipKey,
  type RateLimiter,
  type RateLimiterOptions,
} from "../limiter.ts";
import { defaultLimitRules, type LimitRule } from "../rules.ts";
import { waitFor } from "../../../test/support/waitFor.ts";

const MINUTE = 60_000;
const start = new Date("2025-04-01T15:00:00+09:00").getTime();

const per10min: LimitRule = {
  kind: "search",
  scope: "account",
  limit: 3,
  windowSeconds: 600,
};
const perDay: LimitRule = {
  kind: "search",
  scope: "account",
  limit: 5,
  windowSeconds: 86_400,
};
const perIp: LimitRule = {
  kind: "search",
  scope: "ip",
  limit: 4,
  windowSeconds: 600,
};
const mailPerAddress: LimitRule = {
  kind: "loginMail",
  scope: "address",
  limit: 2,
  windowSeconds: 3600,
};

let clock = start;
const advance = (ms: number): void => {
  clock += ms;
};
const opened: RateLimiter[] = [];
const limiter = (
  rules: LimitRule[],
  more: Partial<RateLimiterOptions> = {},
): RateLimiter => {
  const l = createRateLimiter({
    rules,
    now: () => new Date(clock),
    cleanupIntervalSeconds: 0,
    ...more,
  });
  opened.push(l);
  return l;
};

const alice = { account: "12", ip: "203.0.113.7" };
const bob = { account: "34", ip: "203.0.113.7" };

beforeEach(() => {
  clock = start;
});

afterEach(() => {
  opened.splice(0).forEach((l) => l.close());
});

describe("a sliding window", () => {
  it("allows `limit` events, then refuses with the seconds until the oldest leaves the window", () => {
    const l = limiter([per10min]);
    for (let i = 0; i < 3; i++) {
      expect(l.take("search", alice)).toEqual({ ok: true });
      advance(MINUTE);
    }
    const refused = l.check("search", alice);
    expect(refused).toEqual({
      ok: false,
      retryAfterSeconds: 7 * 60,
      retryAt: new Date(start + 10 * MINUTE),
      rule: per10min,
    });
  });

  it("allows again exactly when the oldest event leaves the window, and not a millisecond before", () => {
    const l = limiter([per10min]);
    for (let i = 0; i < 3; i++) {
      l.hit("search", alice);
      advance(MINUTE);
    }
    clock = start + 10 * MINUTE - 1;
    expect(l.check("search", alice).ok).toBe(false);
    clock = start + 10 * MINUTE;
    expect(l.take("search", alice).ok).toBe(true);
    expect(l.check("search", alice).ok).toBe(false);
  });

  it("has no burst at a window edge (unlike fixed windows)", () => {
    const l = limiter([per10min]);
    clock = start + 9 * MINUTE;
    for (let i = 0; i < 3; i++) {
      expect(l.take("search", alice).ok).toBe(true);
    }
    clock = start + 11 * MINUTE;
    expect(l.take("search", alice).ok).toBe(false);
  });

  it("does not count refused attempts, so retrying while blocked does not push the time away", () => {
    const l = limiter([per10min]);
    for (let i = 0; i < 3; i++) {
      l.take("search", alice);
    }
    for (let i = 0; i < 50; i++) {
      advance(1000);
      expect(l.take("search", alice).ok).toBe(false);
    }
    clock = start + 10 * MINUTE;
    expect(l.take("search", alice).ok).toBe(true);
  });

  it("rounds the wait up to a whole second, at least 1", () => {
    const l = limiter([per10min]);
    for (let i = 0; i < 3; i++) {
      l.hit("search", alice);
    }
    clock = start + 10 * MINUTE - 1;
    const d = l.check("search", alice);
    expect(d.ok === false && d.retryAfterSeconds).toBe(1);
  });
});

describe("several rules", () => {
  it("counts accounts separately and the IP across accounts", () => {
    const l = limiter([per10min, perIp]);
    for (let i = 0; i < 3; i++) {
      expect(l.take("search", alice).ok).toBe(true);
    }
    expect(l.take("search", alice).ok).toBe(false);
    expect(l.take("search", bob).ok).toBe(true);
    const d = l.take("search", bob);
    expect(d.ok === false && d.rule).toEqual(perIp);
    expect(l.take("search", { ...bob, ip: "198.51.100.1" }).ok).toBe(true);
  });

  it("answers with the rule that blocks longest", () => {
    const l = limiter([per10min, perDay]);
    for (let i = 0; i < 5; i++) {
      l.hit("search", alice);
      advance(11 * MINUTE);
    }
    const d = l.check("search", alice);
    expect(d.ok === false && d.rule).toEqual(perDay);
    expect(d.ok === false && d.retryAt).toEqual(new Date(start + 86_400_000));
  });

  it("skips a rule whose key is missing or empty", () => {
    const l = limiter([per10min, perIp]);
    for (let i = 0; i < 10; i++) {
      expect(l.take("search", { account: "", ip: null }).ok).toBe(true);
    }
    expect(l.size()).toBe(0);
  });

  it("keeps kinds apart: login mails do not use up searches", () => {
    const l = limiter([per10min, mailPerAddress]);
    const keys = { ...alice, address: "a@example.jp" };
    l.take("loginMail", keys);
    l.take("loginMail", keys);
    expect(l.take("loginMail", keys).ok).toBe(false);
    expect(l.take("search", keys).ok).toBe(true);
  });

  it("ignores rules turned off (limit 0) and keeps the smaller of two rules with one id", () => {
    const l = limiter([
      { ...per10min, limit: 0 },
      { ...perIp, limit: 10 },
      { ...perIp, limit: 2 },
    ]);
    expect(l.take("search", alice).ok).toBe(true);
    expect(l.take("search", alice).ok).toBe(true);
    const d = l.take("search", alice);
    expect(d.ok === false && d.rule.limit).toBe(2);
  });
});

describe("the default rules", () => {
  // One office behind one address at month-end: five care managers, 45 people each, every one
  // retried once in five (a mistyped number is a search too), all inside the same instant (the
  // worst case of a sliding window).
  const office = Array.from({ length: 5 }, (_, i) => ({
    account: `cm${i}`,
    ip: "203.0.113.50",
  }));
  const ROUND = 45 + 9;

  it("let five care managers behind one address each run a 45-person round with retries at once", () => {
    const l = limiter(defaultLimitRules());
    const refused = office.flatMap((cm) =>
      Array.from({ length: ROUND }, () => l.take("search", cm)).filter(
        (d) => !d.ok,
      ),
    );
    expect(refused).toEqual([]);
  });

  it("bound one account to 150 searches in any 24 hours, however they are spread", () => {
    const l = limiter(defaultLimitRules());
    let allowed = 0;
    // Ten minutes apart, as many as the 10-minute rule lets through, for a whole day.
    for (let slot = 0; slot < 144; slot++) {
      while (l.take("search", alice).ok) {
        allowed++;
      }
      advance(10 * MINUTE);
    }
    expect(allowed).toBe(150);
  });
});

describe("IP keys", () => {
  it("counts an IPv6 client by its /64 and an IPv4-mapped address as IPv4", () => {
    expect(ipKey("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(ipKey("2001:0db8:0001:0002:ffff:1:2:3")).toBe("2001:db8:1:2::/64");
    expect(ipKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(ipKey("::1")).toBe("0:0:0:0::/64");
    expect(ipKey("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(ipKey("::ffff:192.0.2.1")).toBe("192.0.2.1");
    expect(ipKey("192.0.2.1")).toBe("192.0.2.1");
  });

  it("limits a whole IPv6 /64 together", () => {
    const l = limiter([perIp]);
    for (let i = 1; i <= 4; i++) {
      expect(l.take("search", { ip: `2001:db8:1:2::${i}` }).ok).toBe(true);
    }
    expect(l.take("search", { ip: "2001:db8:1:2:ffff::9" }).ok).toBe(false);
    expect(l.take("search", { ip: "2001:db8:1:3::1" }).ok).toBe(true);
  });
});

describe("memory", () => {
  it("forgets expired entries on purge", () => {
    const l = limiter([per10min, perIp]);
    l.hit("search", alice);
    l.hit("search", bob);
    expect(l.size()).toBe(3);
    advance(10 * MINUTE);
    l.purge();
    expect(l.size()).toBe(0);
  });

  it("purges on a timer", async () => {
    const l = createRateLimiter({
      rules: [{ ...per10min, windowSeconds: 0.05 }],
      cleanupIntervalSeconds: 0.02,
    });
    opened.push(l);
    l.hit("search", alice);
    expect(l.size()).toBe(1);
    await waitFor(() => l.size() === 0, 60_000, "the timer's purge");
  });

  it("stays under maxKeys by forgetting the keys unused for longest", () => {
    const l = limiter([perIp], { maxKeys: 100 });
    l.hit("search", { ip: "192.0.2.1" });
    for (let i = 0; i < 300; i++) {
      advance(1);
      l.hit("search", { ip: `10.0.${i >> 8}.${i & 255}` });
      if (i % 50 === 0) {
        l.hit("search", { ip: "192.0.2.1" });
      }
    }
    expect(l.size()).toBeLessThanOrEqual(100);
    const recent = { ip: "10.0.1.43" };
    for (let i = 0; i < 3; i++) {
      l.hit("search", recent);
    }
    expect(l.check("search", recent).ok).toBe(false);
  });
});

describe("kept in a SQLite file", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "limits-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps the counts across a restart", () => {
    const file = join(dir, "limits.sqlite");
    const first = limiter([per10min], { file });
    for (let i = 0; i < 3; i++) {
      first.take("search", alice);
    }
    first.close();
    opened.splice(opened.indexOf(first), 1);
    advance(MINUTE);
    const second = limiter([per10min], { file });
    const d = second.check("search", alice);
    expect(d).toEqual({
      ok: false,
      retryAfterSeconds: 9 * 60,
      retryAt: new Date(start + 10 * MINUTE),
      rule: per10min,
    });
    clock = start + 10 * MINUTE;
    expect(second.take("search", alice).ok).toBe(true);
  });

  it("writes the counts within the flush interval, so a crash forgets at most that moment", async () => {
    const file = join(dir, "limits.sqlite");
    const running = limiter([per10min], { file, flushIntervalMs: 20 });
    for (let i = 0; i < 3; i++) {
      running.take("search", alice);
    }
    // What a process started now (after a crash) would read from the file.
    const refusedAfterRestart = (): boolean => {
      const reader = limiter([per10min], { file });
      const refused = !reader.check("search", alice).ok;
      reader.close();
      opened.splice(opened.indexOf(reader), 1);
      return refused;
    };
    await waitFor(refusedAfterRestart, 60_000, "the counts in the file");
  });

  it("stores neither addresses nor IPs as given", () => {
    const file = join(dir, "limits.sqlite");
    const l = limiter([mailPerAddress, { ...mailPerAddress, scope: "ip" }], {
      file,
    });
    l.hit("loginMail", {
      address: "secret.person@example.jp",
      ip: "192.0.2.55",
    });
    l.close();
    opened.splice(opened.indexOf(l), 1);
    for (const name of readdirSync(dir)) {
      const bytes = readFileSync(join(dir, name)).toString("latin1");
      expect(bytes).not.toContain("secret.person");
      expect(bytes).not.toContain("192.0.2.55");
    }
  });

  it("forgets every count when cleared (the demo's start), and leaves a missing file missing", () => {
    const file = join(dir, "limits.sqlite");
    const first = limiter([per10min], { file });
    for (let i = 0; i < 3; i++) {
      first.take("search", alice);
    }
    first.close();
    opened.splice(opened.indexOf(first), 1);
    clearLimitCounts(file);
    const second = limiter([per10min], { file });
    expect(second.check("search", alice).ok).toBe(true);
    const missing = join(dir, "none.sqlite");
    clearLimitCounts(missing);
    expect(readdirSync(dir)).not.toContain("none.sqlite");
  });

  it("drops the counts of rules no longer configured", () => {
    const file = join(dir, "limits.sqlite");
    const first = limiter([per10min, perIp], { file });
    first.hit("search", alice);
    first.close();
    opened.splice(opened.indexOf(first), 1);
    const second = limiter([perIp], { file });
    expect(second.size()).toBe(1);
  });
});
