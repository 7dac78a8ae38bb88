/**
 * Every form field and parameter of the portal, fuzzed with fast-check over real HTTP against the
 * demo started in-process (one login through the mail catcher): the login address, the search
 * fields and page, the login link's token (posted and in the query), any path and query string,
 * any cookie, any content type and body, and malformed HTTP. The answer is never a 5xx, never
 * shows a stack trace or an internal/English error, and an error page speaks Japanese.
 */
import { request, type IncomingHttpHeaders } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { emailKey } from "../domain/email.ts";
import { startDemo, type Demo } from "../scripts/demo.ts";
import { DEMO_EMAIL } from "../scripts/seed/generate.ts";
import { mailAfter } from "./support/mail.ts";

let demo: Demo;
let dir: string;
let port: number;
/** The logged-in browser: its cookies and the CSRF token of its forms. */
const jar = new Map<string, string>();
let csrf = "";

interface Sent {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

interface Got {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One request on a fresh connection, sent as given (no URL normalization). */
const send = (s: Sent): Promise<Got> =>
  new Promise((resolve, reject) => {
    const body = s.body ?? "";
    const req = request(
      {
        host: "127.0.0.1",
        port,
        method: s.method ?? "GET",
        path: s.path,
        agent: false,
        headers: {
          ...s.headers,
          ...(s.body === undefined
            ? {}
            : { "Content-Length": String(Buffer.byteLength(body)) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(s.body);
  });

/** Raw bytes on a socket, for HTTP no client library would send; the whole answer as text. */
const sendRaw = (bytes: Buffer): Promise<string> =>
  new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1", () => socket.end(bytes));
    const chunks: Buffer[] = [];
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("close", () => resolve(Buffer.concat(chunks).toString("utf8")));
    socket.on("error", () => undefined);
  });

const cookieHeader = (): string =>
  [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

const keepCookies = (got: Got): void => {
  for (const line of got.headers["set-cookie"] ?? []) {
    const [pair = ""] = line.split(";");
    const eq = pair.indexOf("=");
    jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
};

const FORM = { "Content-Type": "application/x-www-form-urlencoded" };

/** Percent-encodes every byte but the unreserved ones (lone surrogates become U+FFFD). */
const pct = (s: string): string =>
  [...Buffer.from(s, "utf8")]
    .map((b) =>
      /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, "0")}`,
    )
    .join("");

/** Broken or tricky escapes, sent as they are. */
const GARBAGE = [
  "%",
  "%Z",
  "%ZZ",
  "%E0%A4%A",
  "%C0%AF",
  "%ED%A0%80",
  "%00",
  "%FF",
  "%2e%2e",
  "..",
  "//",
  ";",
  "%u0041",
  "%%",
  "&",
  "=",
  "+",
  "[]",
  "[a]",
  "__proto__",
];

const fullWidth = fc.string({
  unit: fc.constantFrom(
    ..."０１２３４５６７８９ＡＢＣａｂｃ＠．－／　：年月日昭和平成令和ＳＨＲ".split(
      "",
    ),
  ),
  maxLength: 24,
});

const controls = fc.string({
  unit: fc.integer({ min: 0, max: 31 }).map((c) => String.fromCharCode(c)),
  maxLength: 8,
});

/** What a person, a bot or an attacker might type into any field. */
const anyText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 30 }),
  fullWidth,
  controls,
  fc.stringMatching(/^[0-9]{1,12}$/),
  fc.integer().map(String),
  fc.double().map(String),
  fc.emailAddress(),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "\uFEFF",
    "\u202E",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR 1=1 --",
    "１２３４５６",
    "1234567890",
    "19500102",
    "S25.1.2",
    "昭和25年1月2日",
    "R2/3/4",
    "0105",
    "1/5",
    "-1",
    "1e308",
    "NaN",
    "Infinity",
    "0x10",
    "constructor",
    "𠮷野家",
    "demo@example.jp ",
    "ＤＥＭＯ＠ＥＸＡＭＰＬＥ．ＪＰ",
    "x".repeat(5_000),
    "9".repeat(60_000),
  ),
);

/** A form value, encoded properly most of the time, sometimes broken on purpose. */
const encoded = fc.oneof(
  { weight: 4, arbitrary: anyText.map(pct) },
  { weight: 1, arbitrary: fc.constantFrom(...GARBAGE) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(anyText, fc.constantFrom(...GARBAGE))
      .map(([t, g]) => `${pct(t)}${g}`),
  },
);

/** Fields that are sometimes left out, sometimes repeated. */
const field = (name: string) =>
  fc.oneof(
    { weight: 6, arbitrary: encoded.map((v) => [`${name}=${v}`]) },
    { weight: 1, arbitrary: fc.constant([] as string[]) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(encoded, encoded)
        .map(([a, b]) => [`${name}=${a}`, `${name}=${b}`]),
    },
  );

const form = (parts: ReadonlyArray<readonly string[]>): string =>
  [`csrf=${csrf}`, ...parts.flat()].join("&");

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

/** Internals that must never reach a user: stack frames, error names, the framework. */
const LEAKS = [
  /Error/,
  /^\s*at \S/m,
  /\bat [\w$.<>[\]]+ \(/,
  /node_modules/,
  /fastify/i,
  /FST_/,
  /"statusCode"/,
  /\.ts:\d+/,
];

/** The page without what it echoes back (the values of the form fields). */
const ownText = (body: string): string =>
  body.replace(/value="[^"]*"/g, 'value=""');

const expectNoInternals = (got: Got, what: string): void => {
  const context = `${what.slice(0, 300)} → ${got.status}`;
  expect([context, got.status < 500]).toEqual([context, true]);
  const own = ownText(got.body);
  for (const leak of LEAKS) {
    expect([context, leak.test(own) ? leak.source : null]).toEqual([
      context,
      null,
    ]);
  }
};

const expectSafe = (got: Got, what: string): void => {
  expectNoInternals(got, what);
  const context = `${what.slice(0, 300)} → ${got.status}`;
  const html = String(got.headers["content-type"]).startsWith("text/html");
  if (got.status >= 400 && got.body !== "") {
    expect([context, html && JAPANESE.test(got.body)]).toEqual([context, true]);
  }
  if (html) {
    expect([context, /<script|<img/i.test(got.body)]).toEqual([context, false]);
  }
};

/** The page for a form no page of the portal sends (its route's schema refused it). */
const FORM_REFUSED = /送信された内容を受け付けられませんでした/;

/** What the portal's pages send for a field a person does not type (absent: anything). */
const SENT_BY_PAGES: Record<string, RegExp> = {
  method: /^(insuredNo|dates)$/,
  page: /^[1-9]\d{0,4}$/,
};

/**
 * Whether no page of the portal could have sent this form: a field twice, a value of a field
 * nobody types that the page never sends, or a value longer than any field takes.
 */
const tampered = (body: string): boolean => {
  const params = new URLSearchParams(body);
  const keys = [...params.keys()];
  return (
    new Set(keys).size !== keys.length ||
    [...params].some(
      ([k, v]) =>
        [...v].length > 200 ||
        (SENT_BY_PAGES[k] !== undefined && !SENT_BY_PAGES[k].test(v)),
    )
  );
};

/**
 * A refused form: the page says in Japanese what to do (for typed fields: next to the field; for
 * a form no page sends, the page saying so).
 */
const expectFormAnswer = (got: Got, what: string, refusal: RegExp): void => {
  expectSafe(got, what);
  if (got.status === 400) {
    const body = what.slice(what.indexOf(" ", what.indexOf(" ") + 1) + 1);
    const expected =
      tampered(body) && FORM_REFUSED.test(got.body) ? FORM_REFUSED : refusal;
    expect([what, expected.test(got.body)]).toEqual([what, true]);
  }
};

/** An error tied to its field (aria-describedby → the error's id). */
const FIELD_ERROR =
  /<p class="error" id="[\w-]+-error">[^<]*[\u3040-\u30ff\u4e00-\u9fff]/;

const post = (path: string, body: string, headers = FORM): Promise<Got> =>
  send({
    method: "POST",
    path,
    headers: { ...headers, Cookie: cookieHeader() },
    body,
  });

/** Logs in; returns the token the logged-in forms carry. */
const logIn = async (): Promise<string> => {
  keepCookies(await send({ path: "/" }));
  const page = await send({ path: "/", headers: { Cookie: cookieHeader() } });
  const anonymous = /name="csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? "";
  const before = demo.catcher.messages().length;
  await post("/login", `csrf=${anonymous}&email=${pct(DEMO_EMAIL)}`);
  const mail = await mailAfter(demo.catcher, before, DEMO_EMAIL);
  const link = /\/login\/verify\?token=[A-Za-z0-9_%-]+/.exec(mail.text)?.[0];
  const verify = await send({
    path: link ?? "/",
    headers: { Cookie: cookieHeader() },
  });
  const token = /name="token" value="([^"]+)"/.exec(verify.body)?.[1] ?? "";
  const done = await post(
    "/login/verify",
    `csrf=${anonymous}&token=${encodeURIComponent(token)}`,
  );
  keepCookies(done);
  expect(done.status).toBe(303);
  // Logged in, forms carry the session's own token.
  const search = await send({
    path: "/search",
    headers: { Cookie: cookieHeader() },
  });
  return /name="csrf" value="([^"]+)"/.exec(search.body)?.[1] ?? "";
};

const stillLoggedIn = async (): Promise<void> => {
  const page = await send({
    path: "/search",
    headers: { Cookie: cookieHeader() },
  });
  expect(page.status).toBe(200);
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "kaigo-fuzz-"));
  demo = await startDemo({
    dataDir: dir,
    memory: true,
    kintonePort: 0,
    portalPort: 0,
    // Limits high enough for the fuzz to reach the search itself (they are tested on their own).
    env: {
      PORTAL_LIMIT_SEARCHES_PER_ACCOUNT_10MIN: "1000000",
      PORTAL_LIMIT_SEARCHES_PER_ACCOUNT_DAY: "1000000",
      PORTAL_LIMIT_SEARCHES_PER_IP_10MIN: "1000000",
      PORTAL_LIMIT_LOGIN_MAILS_PER_ADDRESS_HOUR: "1000000",
      PORTAL_LIMIT_LOGIN_MAILS_PER_IP_HOUR: "1000000",
      PORTAL_LIMIT_LOGIN_LINKS_PER_IP_10MIN: "1000000",
      PORTAL_LIMIT_ANONYMOUS_POSTS_PER_IP_10MIN: "1000000",
    },
    portal: { syncIntervalSeconds: 3600, reconcileIntervalSeconds: 3600 },
  });
  port = Number(new URL(demo.portal.url).port);
  csrf = await logIn();
}, 180_000);

afterAll(async () => {
  await demo?.close();
  rmSync(dir, { recursive: true, force: true });
});

const RUNS = { numRuns: 200 };

describe("the portal under fuzzed input", () => {
  it("answers any login address with a Japanese page and mails no one", async () => {
    const mails = demo.catcher.messages().length;
    await fc.assert(
      fc.asyncProperty(field("email"), async (email) => {
        const body = form([email]);
        const sent = new URLSearchParams(body).getAll("email");
        fc.pre(!sent.some((e) => emailKey(e) === DEMO_EMAIL));
        expectFormAnswer(
          await post("/login", body),
          `POST /login ${body}`,
          FIELD_ERROR,
        );
      }),
      RUNS,
    );
    expect(demo.catcher.messages().length).toBe(mails);
  });

  it("answers any search with results or a Japanese error next to the field", async () => {
    const method = fc.oneof(
      fc.constantFrom(["method=insuredNo"], ["method=dates"]),
      field("method"),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(
          method,
          field("insuredNoLast6"),
          field("applicationDate"),
          field("birthDate"),
          field("page"),
        ),
        async (parts) => {
          const body = form(parts);
          const got = await post("/search", body);
          expectFormAnswer(got, `POST /search ${body}`, FIELD_ERROR);
          expect([body, got.status]).not.toEqual([body, 401]);
        },
      ),
      { numRuns: 400 },
    );
    await stillLoggedIn();
  });

  it("refuses any posted login token in Japanese", async () => {
    await fc.assert(
      fc.asyncProperty(field("token"), async (token) => {
        const body = form([token]);
        const got = await post("/login/verify", body);
        expectFormAnswer(
          got,
          `POST /login/verify ${body}`,
          /このURLではログインできません/,
        );
        expect([body, got.status === 303]).toEqual([body, false]);
      }),
      RUNS,
    );
    await stillLoggedIn();
  });

  it("shows the login button for any token in the link, escaped", async () => {
    await fc.assert(
      fc.asyncProperty(field("token"), async (token) => {
        const path = `/login/verify?${token.join("&")}`;
        expectSafe(await send({ path }), `GET ${path}`);
      }),
      RUNS,
    );
  });

  it("answers any method, path and query string without a 5xx or internals", async () => {
    const segment = fc.oneof(
      { weight: 3, arbitrary: anyText.map(pct) },
      { weight: 1, arbitrary: fc.constantFrom(...GARBAGE) },
    );
    const route = fc.constantFrom(
      "",
      "/",
      "/login",
      "/login/verify",
      "/search",
      "/search/results",
      "/logout",
      "/hooks/kintone",
      "/healthz",
      "/readyz",
      "/accessibility",
      "/assets/portal.css",
      "/dev/mailbox",
    );
    const path = fc
      .tuple(
        route,
        fc.array(segment, { maxLength: 3 }),
        fc.option(fc.array(fc.tuple(segment, segment), { maxLength: 4 })),
      )
      .map(([r, segs, query]) => {
        const p = [r, ...segs].join("/") || "/";
        const q = query?.map(([k, v]) => `${k}=${v}`).join("&");
        return `${p.startsWith("/") ? p : `/${p}`}${q === undefined ? "" : `?${q}`}`;
      });
    const method = fc.constantFrom(
      "GET",
      "HEAD",
      "POST",
      "PUT",
      "DELETE",
      "PATCH",
      "OPTIONS",
    );
    await fc.assert(
      fc.asyncProperty(method, path, async (m, p) => {
        const got = await send({ method: m, path: p });
        if (m === "POST" && p.startsWith("/hooks/kintone/")) {
          // The webhook answers kintone in JSON: no Japanese needed, but nothing internal either.
          expectNoInternals(got, `${m} ${p}`);
        } else {
          expectSafe(got, `${m} ${p}`);
        }
      }),
      {
        numRuns: 400,
        examples: [
          ["GET", "/%"],
          ["GET", "/%E0%A4%A?token=%ZZ"],
          ["POST", `/hooks/kintone/${"a".repeat(150)}`],
          ["GET", `/login/verify?token=${"9".repeat(20_000)}`],
        ],
      },
    );
  });

  it("ignores any cookie and forwarded address it cannot use", async () => {
    const headerText = fc.string({
      unit: fc
        .oneof(
          fc.integer({ min: 0x20, max: 0x7e }),
          fc.integer({ min: 0x80, max: 0xff }),
          fc.constant(0x09),
        )
        .map((c) => String.fromCharCode(c)),
      maxLength: 200,
    });
    const cookie = fc.oneof(
      headerText,
      fc
        .tuple(
          fc.constantFrom("kaigo_sid", "kaigo_csrf", "", "a", "kaigo_sid "),
          fc.oneof(headerText, fc.constantFrom(...GARBAGE)),
        )
        .map(([k, v]) => `${k}=${v}`),
      fc.constant(`kaigo_csrf=${"a".repeat(3_000)}`),
    );
    const target = fc.constantFrom(
      { method: "GET", path: "/" },
      { method: "GET", path: "/search" },
      { method: "GET", path: "/login/verify?token=x" },
      { method: "POST", path: "/search" },
      { method: "POST", path: "/login" },
      { method: "POST", path: "/logout" },
    );
    await fc.assert(
      fc.asyncProperty(
        target,
        fc.array(cookie, { maxLength: 4 }),
        fc.option(headerText),
        async (t, cookies, forwarded) => {
          const got = await send({
            ...t,
            headers: {
              Cookie: cookies.join("; "),
              ...(forwarded === null ? {} : { "X-Forwarded-For": forwarded }),
              ...(t.method === "POST" ? FORM : {}),
            },
            ...(t.method === "POST"
              ? { body: `csrf=${csrf}&email=a%40example.jp` }
              : {}),
          });
          expectSafe(
            got,
            `${t.method} ${t.path} Cookie: ${cookies.join("; ")}`,
          );
        },
      ),
      RUNS,
    );
    await stillLoggedIn();
  });

  it("answers any content type and raw body in Japanese", async () => {
    const contentType = fc.oneof(
      fc.constantFrom(
        "application/x-www-form-urlencoded",
        "application/x-www-form-urlencoded; charset=shift_jis",
        "application/x-www-form-urlencoded; charset=utf-8",
        "application/json",
        "application/json; charset=utf-8",
        "text/plain",
        "text/html",
        "multipart/form-data; boundary=----x",
        "multipart/form-data",
        "application/xml",
        "application/octet-stream",
        "*/*",
        "",
        "garbage",
        ";;;",
      ),
      fc.string({ maxLength: 40 }),
    );
    const body = fc.oneof(
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
      fc.string({ unit: "binary", maxLength: 300 }),
      fc.json().map((j) => j.replaceAll(csrf, "")),
      fc.jsonValue().map((v) => JSON.stringify({ csrf, email: v })),
      fc.array(field("email"), { maxLength: 3 }).map((p) => form(p)),
      fc.constant(
        '------x\r\nContent-Disposition: form-data; name="csrf"\r\n\r\nabc\r\n------x--\r\n',
      ),
      fc.constant("a".repeat(70_000)),
    );
    const path = fc.constantFrom(
      "/login",
      "/login/verify",
      "/search",
      "/logout",
      "/hooks/kintone/guess",
    );
    await fc.assert(
      fc.asyncProperty(path, contentType, body, async (p, type, b) => {
        fc.pre(p !== "/logout" || !String(b).includes(csrf));
        const headers: Record<string, string> = { Cookie: cookieHeader() };
        if (!/[^\t\x20-\x7e]/.test(type)) {
          headers["Content-Type"] = type;
        }
        const got = await send({ method: "POST", path: p, headers, body: b });
        if (p.startsWith("/hooks/")) {
          expectNoInternals(got, `POST ${p} (${type})`);
        } else {
          expectSafe(got, `POST ${p} (${type}) ${String(b).slice(0, 200)}`);
        }
      }),
      RUNS,
    );
    await stillLoggedIn();
  });
});

describe("the portal under malformed HTTP", () => {
  const statusOf = (answer: string): number =>
    Number(/^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1] ?? 0);
  const bodyOf = (answer: string): string =>
    answer.slice(answer.indexOf("\r\n\r\n") + 4);

  it("answers a request line no browser would send in Japanese, without internals", async () => {
    const line = fc.oneof(
      fc
        .tuple(
          fc.constantFrom("GET", "POST", "FOO", "get", "G ET", ""),
          fc.uint8Array({ minLength: 1, maxLength: 40 }),
        )
        .map(([m, b]) =>
          Buffer.concat([
            Buffer.from(`${m} /`),
            Buffer.from(b.filter((x) => x !== 0x0d && x !== 0x0a)),
            Buffer.from(" HTTP/1.1\r\n"),
          ]),
        ),
      fc.constantFrom(
        Buffer.from("GET /é HTTP/1.1\r\n"),
        Buffer.from("GET / HTTP/9.9\r\n"),
        Buffer.from("GET /\0 HTTP/1.1\r\n"),
      ),
    );
    await fc.assert(
      fc.asyncProperty(line, async (l) => {
        const answer = await sendRaw(
          Buffer.concat([
            l,
            Buffer.from("Host: x\r\nConnection: close\r\n\r\n"),
          ]),
        );
        const what = JSON.stringify(l.toString("latin1"));
        const status = statusOf(answer);
        expect([what, status > 0 && status < 500]).toEqual([what, true]);
        for (const leak of LEAKS) {
          expect([
            what,
            leak.test(bodyOf(answer)) ? leak.source : null,
          ]).toEqual([what, null]);
        }
        if (status >= 400) {
          expect([what, JAPANESE.test(bodyOf(answer))]).toEqual([what, true]);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("answers headers too large and a broken chunked body in Japanese", async () => {
    const answers = await Promise.all([
      sendRaw(
        Buffer.from(
          `GET /search HTTP/1.1\r\nHost: x\r\nCookie: ${"a=b; ".repeat(4_000)}\r\nConnection: close\r\n\r\n`,
        ),
      ),
      sendRaw(
        Buffer.from(
          "POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nZZ\r\n",
        ),
      ),
    ]);
    for (const answer of answers) {
      const status = statusOf(answer);
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(500);
      expect(bodyOf(answer)).toMatch(JAPANESE);
      expect(bodyOf(answer)).not.toMatch(/Error|FST_|statusCode/);
    }
  });
});
