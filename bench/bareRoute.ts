/**
 * The portal benchmark's yardstick: a bare Fastify route. The same `fastify` package as the
 * portal (logger off), the same urlencoded body parsing (@fastify/formbody), and the same two
 * requests per search as the portal (Post/Redirect/Get): a POST route answering 303 to the
 * results page, and a GET route answering a pre-built HTML page of the portal's results page's
 * size, as the portal answers its pages (200, text/html; charset=utf-8, a string). What the
 * portal does per search beyond this (session, CSRF, limits, validation, the replica's query,
 * the audit record, keeping the answer, rendering) is the difference between the two throughputs.
 */
import formbody from "@fastify/formbody";
import fastify from "fastify";

export interface BareRoute {
  url: string;
  close: () => Promise<void>;
}

/**
 * Starts the bare route on 127.0.0.1 (a free port): POST `path` answers 303 to
 * `path`/results/<id>, and GET `path`/results/<any id> answers `page`.
 */
export const startBareRoute = async (
  page: string,
  path = "/search",
): Promise<BareRoute> => {
  const app = fastify({ logger: false });
  await app.register(formbody);
  app.post(path, (_req, reply) =>
    reply.redirect(`${path}/results/AAAAAAAAAAAAAAAAAAAAAA`, 303),
  );
  app.get(`${path}/results/:id`, (_req, reply) =>
    reply.code(200).type("text/html; charset=utf-8").send(page),
  );
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
};

export interface PageSample {
  /** The answers' bodies, in bytes (UTF-8). */
  meanBytes: number;
  minBytes: number;
  maxBytes: number;
  /** The real answer whose size is nearest the mean: the bare route's page. */
  page: string;
  pageBytes: number;
}

/** Sizes of real answers, and the one nearest their mean size. */
export const samplePages = (bodies: readonly string[]): PageSample => {
  if (bodies.length === 0) {
    throw new Error("no answers to measure");
  }
  const sizes = bodies.map((b) => Buffer.byteLength(b));
  const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
  let best = 0;
  sizes.forEach((s, i) => {
    if (Math.abs(s - mean) < Math.abs((sizes[best] ?? 0) - mean)) {
      best = i;
    }
  });
  return {
    meanBytes: Math.round(mean),
    minBytes: Math.min(...sizes),
    maxBytes: Math.max(...sizes),
    page: bodies[best] ?? "",
    pageBytes: sizes[best] ?? 0,
  };
};
