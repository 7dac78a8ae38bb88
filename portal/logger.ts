/**
 * The portal's log: one JSON object per line on stdout (pino, the logger Fastify is built on),
 * for journald, `docker compose logs` or any log shipper. Levels: the portal's own lines are
 * `info`, alarms `warn` or `error` (docs/運用ガイド.md says what each means); PORTAL_LOG_LEVEL
 * chooses what is written.
 *
 * No personal data: a request is logged by its method, its route's pattern
 * (`/hooks/kintone/:secret`, never the URL with its secret, query or result id), its status and
 * its time — no address, header, cookie or body. An error is logged by its type, code and stack
 * frames, without its message (a message may quote what someone typed). The redaction below is
 * a second line of defence for whatever object a line carries.
 */
import { LogController, type FastifyReply, type FastifyRequest } from "fastify";
import pino, {
  type DestinationStream,
  type Logger,
  type LevelWithSilent,
} from "pino";

/** The levels a portal line may have. */
export type LineLevel = "info" | "warn" | "error";

/** How the portal's parts write a line: a plain sentence with no personal data, and its level. */
export type LogLine = (line: string, level?: LineLevel) => void;

export type PortalLogger = Logger;

/** What a request is logged as (the incoming and completed lines). */
interface LoggedRequest {
  method?: string;
  routeOptions?: { url?: string };
}

const requestFields = (
  req: LoggedRequest,
): { method?: string; route: string } => ({
  ...(req.method ? { method: req.method } : {}),
  // The pattern, not the URL: "/search/results/:id" says what was asked without the id.
  route: req.routeOptions?.url ?? "(no route)",
});

const replyFields = (reply: {
  statusCode?: number;
}): { statusCode?: number } =>
  reply.statusCode === undefined ? {} : { statusCode: reply.statusCode };

/** An error without its message: type, code, status and where it happened. */
const errorFields = (
  e: unknown,
): { type: string; code?: string; statusCode?: number; stack?: string } => {
  if (!(e instanceof Error)) {
    return { type: typeof e };
  }
  const { code, statusCode } = e as { code?: unknown; statusCode?: unknown };
  const frames = (e.stack ?? "")
    .split("\n")
    .filter((l) => l.trimStart().startsWith("at "));
  return {
    type: e.name,
    ...(typeof code === "string" ? { code } : {}),
    ...(typeof statusCode === "number" ? { statusCode } : {}),
    ...(frames.length > 0 ? { stack: frames.join("\n") } : {}),
  };
};

/** Keys that never reach a line, wherever a logged object carries them. */
const REDACTED = [
  "email",
  "to",
  "token",
  "password",
  "secret",
  "url",
  "headers",
  "body",
  "query",
  "ip",
  "remoteAddress",
];

export const createPortalLogger = (
  level: LevelWithSilent = "info",
  destination?: DestinationStream,
): PortalLogger =>
  pino(
    {
      level,
      base: { service: "kaigo-nintei-portal" },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { req: requestFields, res: replyFields, err: errorFields },
      redact: {
        paths: [...REDACTED, ...REDACTED.map((k) => `*.${k}`)],
        censor: "[redacted]",
      },
    },
    destination,
  );

/**
 * Fastify's request lines, one per request when it is answered: its route pattern, status and
 * time (Fastify's own pair of lines says the route and the status on different lines).
 */
export class RequestLines extends LogController {
  override incomingRequest(): void {
    // The line is written when the request is answered.
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const fields = {
      req: request,
      res: reply,
      responseTime: Math.round(reply.elapsedTime),
    };
    if (error) {
      reply.log.error({ ...fields, err: error }, "request errored");
    } else {
      reply.log.info(fields, "request completed");
    }
  }
}

/** Where the portal's lines go: the given writer, else the logger at their level, else nowhere. */
export const lineWriter = (o: {
  log?: LogLine | undefined;
  logger?: PortalLogger | undefined;
}): LogLine => {
  const { log, logger } = o;
  if (log) {
    return log;
  }
  return logger
    ? (line, level = "info") => {
        logger[level](line);
      }
    : () => undefined;
};
