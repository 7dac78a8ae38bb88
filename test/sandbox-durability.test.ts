/**
 * Durability of the local kintone: after kill -9 during a stream of writes and a restart, the
 * data is exactly the committed writes.
 *
 * The sandbox runs as `node sandbox/main.ts --data <tmp>`. Several writers stream requests at
 * it and it is killed with SIGKILL while requests are in flight; then it restarts on the same
 * folder. Two streams, one per test:
 * - records: `POST record.json` each followed by `PUT record.json` of that record;
 * - documents: `POST preview/app.json` (the app and the id counter in one transaction) each
 *   followed by a deploy of that app.
 * After the restart: every acknowledged write is there; anything else is one of the requests
 * that were in flight at the kill, and whole; ids run 1…n without a gap and the next write gets
 * n + 1 (the counters committed with the data).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  basicHeaders,
  startSandboxProcess,
  type SandboxProcess,
} from "./support/sandboxProcess.ts";

const WRITERS = 4;
const KILL_AFTER = 120;

let data: string;
const running: SandboxProcess[] = [];

beforeAll(() => {
  data = mkdtempSync(join(tmpdir(), "sandbox-durability-"));
});

afterAll(async () => {
  for (const p of running) {
    if (p.child.exitCode === null && p.child.signalCode === null) {
      p.child.kill("SIGKILL");
      await p.exited;
    }
  }
  rmSync(data, { recursive: true, force: true });
});

const request = async (
  url: string,
  method: string,
  api: string,
  body?: unknown,
) => {
  const res = await fetch(`${url}/k/v1/${api}`, {
    method,
    headers: basicHeaders(),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return {
    status: res.status,
    json: (await res.json()) as Record<string, unknown>,
  };
};

interface Stream {
  /** Names sent in a creation request, acknowledged or not. */
  sent: Set<string>;
  /** Acknowledged creations: app id → name. */
  created: Map<number, string>;
  /** Apps whose deploy was acknowledged. */
  deployed: Set<number>;
}

/** Writes until the server goes away; kills it once KILL_AFTER creations are acknowledged. */
const writeUntilKilled = async (p: SandboxProcess): Promise<Stream> => {
  const stream: Stream = {
    sent: new Set(),
    created: new Map(),
    deployed: new Set(),
  };
  let counter = 0;
  let killed = false;
  const writer = async (): Promise<void> => {
    for (;;) {
      const name = `durable-${++counter}`;
      stream.sent.add(name);
      const created = await request(p.url, "POST", "preview/app.json", {
        name,
      });
      stream.created.set(Number(created.json.app), name);
      if (!killed && stream.created.size >= KILL_AFTER) {
        killed = true;
        p.child.kill("SIGKILL");
      }
      const app = Number(created.json.app);
      const deployed = await request(p.url, "POST", "preview/app/deploy.json", {
        apps: [{ app }],
      });
      if (deployed.status === 200) {
        stream.deployed.add(app);
      }
    }
  };
  const results = await Promise.allSettled(
    Array.from({ length: WRITERS }, writer),
  );
  // Every writer ends with a failed request: the server was killed under it.
  expect(results.every((r) => r.status === "rejected")).toBe(true);
  return stream;
};

/** The apps present after the restart: id → whether it exists. */
const existing = async (url: string, upTo: number): Promise<number[]> => {
  const ids: number[] = [];
  for (let id = 1; id <= upTo; id++) {
    const res = await request(
      url,
      "GET",
      `preview/app/deploy.json?apps[0]=${id}`,
    );
    if (res.status === 200) {
      ids.push(id);
    } else {
      expect(res.json.code).toBe("GAIA_AP01");
    }
  }
  return ids;
};

/** A deployed app with one text field, 名前. */
const recordsApp = async (url: string): Promise<number> => {
  const created = await request(url, "POST", "preview/app.json", {
    name: "durability",
  });
  const app = Number(created.json.app);
  const fields = await request(url, "POST", "preview/app/form/fields.json", {
    app,
    properties: {
      名前: { type: "SINGLE_LINE_TEXT", code: "名前", label: "名前" },
    },
  });
  expect(fields.status).toBe(200);
  await request(url, "POST", "preview/app/deploy.json", { apps: [{ app }] });
  return app;
};

interface RecordStream {
  sent: Set<string>;
  /** Acknowledged additions: record id → name. */
  added: Map<number, string>;
  /** Records whose update was acknowledged. */
  updated: Set<number>;
}

const writeRecordsUntilKilled = async (
  p: SandboxProcess,
  app: number,
): Promise<RecordStream> => {
  const stream: RecordStream = {
    sent: new Set(),
    added: new Map(),
    updated: new Set(),
  };
  let counter = 0;
  let killed = false;
  const writer = async (): Promise<void> => {
    for (;;) {
      const name = `record-${++counter}`;
      stream.sent.add(name);
      const added = await request(p.url, "POST", "record.json", {
        app,
        record: { 名前: { value: name } },
      });
      const id = Number(added.json.id);
      stream.added.set(id, name);
      if (!killed && stream.added.size >= KILL_AFTER) {
        killed = true;
        p.child.kill("SIGKILL");
      }
      const updated = await request(p.url, "PUT", "record.json", {
        app,
        id,
        revision: 1,
        record: { 名前: { value: `${name} updated` } },
      });
      if (updated.status === 200) {
        stream.updated.add(id);
      }
    }
  };
  const results = await Promise.allSettled(
    Array.from({ length: WRITERS }, writer),
  );
  expect(results.every((r) => r.status === "rejected")).toBe(true);
  return stream;
};

/** Every record of the app: id → {name, revision}. */
const allRecords = async (
  url: string,
  app: number,
): Promise<Map<number, { name: string; revision: string }>> => {
  const out = new Map<number, { name: string; revision: string }>();
  let last = 0;
  for (;;) {
    const query = encodeURIComponent(
      `$id > ${last} order by $id asc limit 500`,
    );
    const res = await request(
      url,
      "GET",
      `records.json?app=${app}&query=${query}`,
    );
    expect(res.status).toBe(200);
    const records = res.json.records as Array<
      Record<string, { value: string }>
    >;
    for (const r of records) {
      last = Number(r.$id?.value);
      out.set(last, {
        name: String(r.名前?.value),
        revision: String(r.$revision?.value),
      });
    }
    if (records.length < 500) {
      return out;
    }
  }
};

describe("durability of the sandbox's data", () => {
  it("keeps exactly the committed app creations and deploys across kill -9 and a restart", async () => {
    const first = await startSandboxProcess([
      "--port",
      "0",
      "--data",
      join(data, "apps"),
    ]);
    running.push(first);
    const stream = await writeUntilKilled(first);
    expect(await first.exited).toBe("SIGKILL");
    expect(stream.created.size).toBeGreaterThanOrEqual(KILL_AFTER);

    const second = await startSandboxProcess([
      "--port",
      "0",
      "--data",
      join(data, "apps"),
    ]);
    running.push(second);
    const ids = await existing(second.url, stream.sent.size + WRITERS);

    // Ids run 1…n without a gap.
    expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => i + 1));
    // Every acknowledged creation is there.
    for (const id of stream.created.keys()) {
      expect(ids).toContain(id);
    }
    // Nothing else, beyond what was in flight at the kill.
    const extra = ids.filter((id) => !stream.created.has(id));
    expect(extra.length).toBeLessThanOrEqual(WRITERS);

    // Every acknowledged deploy is live, under the acknowledged name.
    for (const app of stream.deployed) {
      const res = await request(second.url, "GET", `app.json?id=${app}`);
      expect(res).toMatchObject({
        status: 200,
        json: { appId: String(app), name: stream.created.get(app) },
      });
    }

    // Creations that were in flight are whole: a name that was sent, used once, at revision 1.
    const names = new Set(stream.created.values());
    for (const app of extra) {
      const deployed = await request(
        second.url,
        "POST",
        "preview/app/deploy.json",
        {
          apps: [{ app, revision: 1 }],
        },
      );
      expect(deployed.status).toBe(200);
      const res = await request(second.url, "GET", `app.json?id=${app}`);
      const name = String(res.json.name);
      expect(stream.sent.has(name)).toBe(true);
      expect(names.has(name)).toBe(false);
      names.add(name);
    }

    // The id counter was committed with the apps: the next app gets the next id.
    const next = await request(second.url, "POST", "preview/app.json", {
      name: "after restart",
    });
    expect(next.json.app).toBe(String(ids.length + 1));
  });

  it("keeps exactly the committed records across kill -9 and a restart", async () => {
    const folder = join(data, "records");
    const first = await startSandboxProcess(["--port", "0", "--data", folder]);
    running.push(first);
    const app = await recordsApp(first.url);
    const stream = await writeRecordsUntilKilled(first, app);
    expect(await first.exited).toBe("SIGKILL");
    expect(stream.added.size).toBeGreaterThanOrEqual(KILL_AFTER);

    const second = await startSandboxProcess(["--port", "0", "--data", folder]);
    running.push(second);
    const records = await allRecords(second.url, app);
    const ids = [...records.keys()].sort((a, b) => a - b);
    expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => i + 1));
    for (const [id, name] of stream.added) {
      const r = records.get(id);
      const updated = stream.updated.has(id);
      // An acknowledged update is there; an unacknowledged one is there whole or not at all.
      if (updated) {
        expect(r).toEqual({ name: `${name} updated`, revision: "2" });
      } else {
        expect([
          { name, revision: "1" },
          { name: `${name} updated`, revision: "2" },
        ]).toContainEqual(r);
      }
    }
    const extra = ids.filter((id) => !stream.added.has(id));
    expect(extra.length).toBeLessThanOrEqual(WRITERS);
    const names = new Set(stream.added.values());
    for (const id of extra) {
      const r = records.get(id);
      expect(stream.sent.has(r?.name ?? "")).toBe(true);
      expect(names.has(r?.name ?? "")).toBe(false);
      expect(r?.revision).toBe("1");
    }
    const next = await request(second.url, "POST", "record.json", {
      app,
      record: { 名前: { value: "after restart" } },
    });
    expect(next.json.id).toBe(String(ids.length + 1));
  });
});
