import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  basicHeaders,
  runSandboxCli,
  startSandboxProcess,
  type SandboxProcess,
} from "./support/sandboxProcess.ts";

let tmp: string;
const running: SandboxProcess[] = [];

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "sandbox-cli-"));
});

afterEach(async () => {
  for (const p of running.splice(0)) {
    if (p.child.exitCode === null && p.child.signalCode === null) {
      p.child.kill("SIGKILL");
      await p.exited;
    }
  }
});

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const start = async (args: string[], env: Record<string, string> = {}) => {
  const p = await startSandboxProcess(args, env);
  running.push(p);
  return p;
};

describe("npm run sandbox", () => {
  it("prints its usage in Japanese and English with --help", async () => {
    const { code, stdout } = await runSandboxCli(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("使い方: npm run sandbox");
    expect(stdout).toContain("Usage: npm run sandbox");
    expect(stdout).toContain("--port");
    expect(stdout).toContain("--users");
  });

  it("listens on a free port with --port 0, prints the URL and the login, and serves the API", async () => {
    const p = await start(["--port", "0", "--memory"]);
    expect(p.url).not.toBe("http://localhost:0");
    expect(p.stdout()).toContain("login: admin");
    expect(p.stdout()).toContain(`pages: ${p.url}/k/#/portal`);
    const res = await fetch(`${p.url}/k/v1/apps.json`, {
      headers: basicHeaders(),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ apps: [] });
  });

  it("stops cleanly on SIGTERM", async () => {
    const p = await start(["--port", "0", "--memory"]);
    p.child.kill("SIGTERM");
    expect(await p.exited).toBe(0);
    expect(p.stdout()).toContain("stopped");
  });

  it("stops cleanly on SIGINT", async () => {
    const p = await start(["--port", "0", "--data", join(tmp, "sigint")]);
    p.child.kill("SIGINT");
    expect(await p.exited).toBe(0);
  });

  it("takes the administrator's login from SANDBOX_USER and SANDBOX_PASSWORD", async () => {
    const p = await start(["--port", "0", "--memory"], {
      SANDBOX_USER: "kanri",
      SANDBOX_PASSWORD: "s3cret",
    });
    expect(p.stdout()).toContain("login: kanri");
    expect(p.stdout()).not.toContain("s3cret");
    const ok = await fetch(`${p.url}/k/v1/apps.json`, {
      headers: basicHeaders("kanri", "s3cret"),
    });
    expect(ok.status).toBe(200);
    const old = await fetch(`${p.url}/k/v1/apps.json`, {
      headers: basicHeaders("admin", "admin"),
    });
    expect(await old.json()).toMatchObject({ code: "CB_WA01" });
  });

  it("adds the users of a --users file, who are not administrators unless marked", async () => {
    const file = join(tmp, "users.json");
    writeFileSync(
      file,
      JSON.stringify([{ login: "staff", password: "pw", name: "職員" }]),
    );
    const p = await start(["--port", "0", "--memory", "--users", file]);
    const asStaff = basicHeaders("staff", "pw");
    const apps = await fetch(`${p.url}/k/v1/apps.json`, { headers: asStaff });
    expect(apps.status).toBe(200);
    const plugins = await fetch(`${p.url}/k/v1/plugins.json`, {
      headers: asStaff,
    });
    expect(plugins.status).toBe(403);
    expect(await plugins.json()).toMatchObject({ code: "CB_NO02" });
  });

  it("keeps data in the --data folder across restarts", async () => {
    const data = join(tmp, "restart");
    const first = await start(["--port", "0", "--data", data]);
    const created = await fetch(`${first.url}/k/v1/preview/app.json`, {
      method: "POST",
      headers: basicHeaders(),
      body: JSON.stringify({ name: "残るアプリ" }),
    });
    expect(created.status).toBe(200);
    first.child.kill("SIGTERM");
    await first.exited;
    const second = await start(["--port", "0", "--data", data]);
    const res = await fetch(`${second.url}/k/v1/preview/app/deploy.json`, {
      method: "POST",
      headers: basicHeaders(),
      body: JSON.stringify({ apps: [{ app: 1 }] }),
    });
    expect(res.status).toBe(200);
    const app = await fetch(`${second.url}/k/v1/app.json?id=1`, {
      headers: basicHeaders(),
    });
    expect(await app.json()).toMatchObject({ appId: "1", name: "残るアプリ" });
  });

  it("reports a bad option as one line, without a stack trace", async () => {
    const { code, stderr } = await runSandboxCli(["--port", "http"]);
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toContain("invalid port");
    const unknown = await runSandboxCli(["--frobnicate"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).not.toMatch(/\n\s+at /);
    const language = await runSandboxCli(["--memory", "--language", "fr"]);
    expect(language.code).toBe(1);
    expect(language.stderr.trim().split("\n")).toHaveLength(1);
    expect(language.stderr).toContain("--language には ja か en");
  });

  it("reports a malformed --users file as one line", async () => {
    const file = join(tmp, "bad-users.json");
    writeFileSync(file, JSON.stringify([{ login: "x" }]));
    const { code, stderr } = await runSandboxCli([
      "--memory",
      "--port",
      "0",
      "--users",
      file,
    ]);
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toContain("users file");
  });

  it("reports a port in use as one line", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) =>
      blocker.listen(0, "localhost", () => resolve()),
    );
    const port = String((blocker.address() as { port: number }).port);
    try {
      const { code, stderr } = await runSandboxCli([
        "--memory",
        "--port",
        port,
      ]);
      expect(code).toBe(1);
      expect(stderr.trim().split("\n")).toHaveLength(1);
      expect(stderr).toContain(`port ${port} is already in use`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
