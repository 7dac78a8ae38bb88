/**
 * What a client can hold of the portal: a request whose headers or body stall is answered 408
 * and closed at the request timeout, and one address cannot open more connections than allowed.
 * Raw sockets against the demo's portal, with a 1-second timeout and 5 connections per address.
 */
import { connect, type Socket } from "node:net";
import { useDemo } from "./support/demo.ts";
import { waitFor } from "./support/waitFor.ts";

const sockets: Socket[] = [];

const { demo } = useDemo({
  env: {},
  portal: {
    requestTimeoutSeconds: 1,
    maxConnectionsPerIp: 5,
    syncIntervalSeconds: 3600,
    reconcileIntervalSeconds: 3600,
  },
});

afterAll(() => {
  sockets.forEach((s) => s.destroy());
});

interface Conn {
  socket: Socket;
  received: () => string;
  closed: () => boolean;
}

const open = async (): Promise<Conn> => {
  const { port } = new URL(demo().portal.url);
  const socket = connect(Number(port), "localhost");
  sockets.push(socket);
  let data = "";
  let closed = false;
  socket.setEncoding("utf8").on("data", (d: string) => {
    data += d;
  });
  socket.on("close", () => {
    closed = true;
  });
  socket.on("error", () => undefined);
  await new Promise<void>((resolve) => {
    socket.once("connect", resolve);
    socket.once("close", () => resolve());
  });
  return { socket, received: () => data, closed: () => closed };
};

it("answers 408 and closes a request whose headers stall", async () => {
  const c = await open();
  c.socket.write("GET / HTTP/1.1\r\nHost: localhost\r\n");
  await waitFor(c.closed, 60_000, "the connection to be closed");
  expect(c.received()).toMatch(/^HTTP\/1\.1 408 /);
  expect(c.received()).toContain("もう一度お試しください");
});

it("answers 408 and closes a request whose body stalls", async () => {
  const c = await open();
  c.socket.write(
    "POST /login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nemail=",
  );
  await waitFor(c.closed, 60_000, "the connection to be closed");
  expect(c.received()).toMatch(/^HTTP\/1\.1 408 /);
});

it("refuses connections beyond the limit per address, and takes new ones as others close", async () => {
  const held = await Promise.all(Array.from({ length: 5 }, open));
  const extra = await open();
  await waitFor(extra.closed, 60_000, "the sixth connection to be closed");
  expect(extra.received()).toBe("");
  held.forEach((c) => c.socket.destroy());
  await waitFor(
    () => held.every((c) => c.closed()),
    60_000,
    "the five to close",
  );
  // Closing is seen by the server a moment later: ask until a page is answered.
  await waitFor(
    async () =>
      (await fetch(`${demo().portal.url}/healthz`).catch(() => null))
        ?.status === 200,
    60_000,
    "a new connection to be answered",
  );
});
