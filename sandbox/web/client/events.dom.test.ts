import { createEventBus } from "./events.ts";

const tick = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

describe("kintone.events", () => {
  test("handlers of several files run in registration order, for a type or a list of types", async () => {
    const bus = createEventBus();
    const order: string[] = [];
    // Three "files": a plugin, then two customization files.
    bus.on("app.record.create.show", () => {
      order.push("plugin");
    });
    bus.on(["app.record.edit.show", "app.record.create.show"], () => {
      order.push("file1");
    });
    bus.on("app.record.create.show", () => {
      order.push("file2");
    });
    await bus.fire("app.record.create.show", {
      type: "app.record.create.show",
    });
    expect(order).toEqual(["plugin", "file1", "file2"]);
  });

  test("a returned thenable makes the next handler and the caller wait", async () => {
    const bus = createEventBus();
    const order: string[] = [];
    bus.on("app.record.create.submit", async (event) => {
      await tick(20);
      order.push("slow");
      return event;
    });
    bus.on("app.record.create.submit", (event) => {
      order.push("next");
      return event;
    });
    const fired = bus.fire("app.record.create.submit", {
      type: "app.record.create.submit",
    });
    order.push("caller");
    await fired;
    order.push("done");
    expect(order).toEqual(["caller", "slow", "next", "done"]);
  });

  test("the last handler's return counts, and the next handler gets the event the previous returned", async () => {
    const bus = createEventBus();
    const seen: unknown[] = [];
    bus.on("t", (event) => ({ ...event, marker: 1 }));
    bus.on("t", (event) => {
      seen.push(event.marker);
      return undefined;
    });
    const result = await bus.fire("t", { type: "t" });
    expect(seen).toEqual([1]);
    expect(result.returned).toBeUndefined();
  });

  test("off removes one handler, all of a type, or all", async () => {
    const bus = createEventBus();
    const calls: string[] = [];
    const a = (): void => {
      calls.push("a");
    };
    const b = (): void => {
      calls.push("b");
    };
    bus.on("x", a);
    bus.on("x", b);
    bus.on("y", a);
    expect(bus.off("x", a)).toBe(true);
    await bus.fire("x", { type: "x" });
    expect(calls).toEqual(["b"]);
    expect(bus.off("x")).toBe(true);
    expect(bus.off("x")).toBe(false);
    expect(bus.off()).toBe(true);
    await bus.fire("y", { type: "y" });
    expect(calls).toEqual(["b"]);
  });

  test("a handler that throws is reported and marks the run as failed", async () => {
    const bus = createEventBus();
    const spy = jest
      .spyOn(console, "error")
      .mockImplementation(() => undefined);
    bus.on("z", () => {
      throw new Error("boom");
    });
    const result = await bus.fire("z", { type: "z" });
    expect(result.failed).toBe(true);
    spy.mockRestore();
  });
});
