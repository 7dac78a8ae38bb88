/**
 * The portal's HTTP server as a client may hold it: every request must arrive whole within the
 * request timeout (else 408 and the connection closed), idle connections are closed, and one
 * address may hold only so many connections at once. Without these a few thousand stalled
 * requests would hold the process's file descriptors and refuse everyone else.
 */
import { createServer, type RequestListener, type Server } from "node:http";
import type { Socket } from "node:net";

export interface ConnectionLimits {
  requestTimeoutSeconds: number;
  /** 0: no limit. */
  maxConnectionsPerIp: number;
}

/**
 * The HTTP server for Fastify's `serverFactory`: Node's own request and header timeouts (checked
 * every second instead of every 30), keep-alive shorter than the request timeout, and the
 * per-address connection limit.
 */
export const serverWithLimits =
  (limits: ConnectionLimits) =>
  (handler: RequestListener): Server => {
    const timeoutMs = limits.requestTimeoutSeconds * 1000;
    const server = createServer(
      {
        requestTimeout: timeoutMs,
        headersTimeout: timeoutMs,
        keepAliveTimeout: Math.min(5000, timeoutMs),
        connectionsCheckingInterval: Math.min(1000, timeoutMs),
      },
      handler,
    );
    // A connection that sends nothing at all (not even a first request) is closed too.
    server.setTimeout(timeoutMs * 2, (socket: Socket) => socket.destroy());
    if (limits.maxConnectionsPerIp > 0) {
      const open = new Map<string, number>();
      server.on("connection", (socket: Socket) => {
        const ip = socket.remoteAddress ?? "";
        const count = (open.get(ip) ?? 0) + 1;
        if (count > limits.maxConnectionsPerIp) {
          socket.destroy();
          return;
        }
        open.set(ip, count);
        socket.once("close", () => {
          const left = (open.get(ip) ?? 1) - 1;
          if (left > 0) {
            open.set(ip, left);
          } else {
            open.delete(ip);
          }
        });
      });
    }
    return server;
  };
