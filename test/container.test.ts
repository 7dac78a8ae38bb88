/**
 * The portal's container image (Dockerfile, .dockerignore) and compose.yaml. No Docker engine
 * runs here, so nothing is built: the Dockerfile is linted (dockerfile-utils, the validator of
 * the VS Code Docker extension) and read for what the operators rely on — Node 24 slim at the
 * project's Node version, the production install, a user other than root, the data on a
 * volume, the health check on /healthz, the command `npm run portal` runs — and the image holds
 * every folder and package the portal imports. The health check's command itself runs here
 * against a stand-in /healthz.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join, normalize } from "node:path";
import { validate, ValidationSeverity } from "dockerfile-utils";
import { parse } from "yaml";
import { nodeBin } from "./support/sandboxProcess.ts";

const root = process.cwd();
const read = (file: string): string => readFileSync(join(root, file), "utf8");

const pkg = JSON.parse(read("package.json")) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const lock = JSON.parse(read("package-lock.json")) as {
  packages: Record<string, { dev?: boolean }>;
};

const dockerfile = read("Dockerfile");

/** The instructions: continuation lines joined, comments and blank lines left out. */
const instructions = dockerfile
  .replace(/\\\r?\n/g, " ")
  .split(/\r?\n/)
  .map((l) => l.trim())
  .filter((l) => l !== "" && !l.startsWith("#"))
  .map((l) => {
    const [keyword = "", ...rest] = l.split(/\s+/);
    return { keyword: keyword.toUpperCase(), args: rest.join(" ") };
  });

const argsOf = (keyword: string): string[] =>
  instructions.filter((i) => i.keyword === keyword).map((i) => i.args);

/** Every ENV of the image, `KEY=value` pairs. */
const envOf = (): Record<string, string> =>
  Object.fromEntries(
    argsOf("ENV").flatMap((a) =>
      [...a.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1], m[2]]),
    ),
  );

/** Every setting of the validator at "error": anything it can flag fails the test. */
const strict = {
  deprecatedMaintainer: ValidationSeverity.ERROR,
  directiveCasing: ValidationSeverity.ERROR,
  emptyContinuationLine: ValidationSeverity.ERROR,
  instructionCasing: ValidationSeverity.ERROR,
  instructionCmdMultiple: ValidationSeverity.ERROR,
  instructionEntrypointMultiple: ValidationSeverity.ERROR,
  instructionHealthcheckMultiple: ValidationSeverity.ERROR,
  instructionJSONInSingleQuotes: ValidationSeverity.ERROR,
  instructionWorkdirRelative: ValidationSeverity.ERROR,
};

/**
 * The files portal/main.ts loads at run time, following relative imports (type-only imports
 * are erased by Node and load nothing), and the packages they import.
 */
const portalImports = (): { files: Set<string>; packages: Set<string> } => {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = ["portal/main.ts"];
  const specifier =
    /^\s*(?:import|export)\s+(?!type\s)(?:[^"';]*?\sfrom\s+)?["']([^"']+)["']/gm;
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (files.has(file)) {
      continue;
    }
    files.add(file);
    for (const m of read(file).matchAll(specifier)) {
      const spec = m[1] as string;
      if (spec.startsWith(".")) {
        pending.push(normalize(join(dirname(file), spec)));
      } else if (!spec.startsWith("node:")) {
        const parts = spec.split("/");
        packages.add(
          spec.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? ""),
        );
      }
    }
  }
  return { files, packages };
};

describe("Dockerfile", () => {
  it("lints clean", () => {
    const problems = validate(dockerfile, strict).map(
      (d) => `line ${d.range.start.line + 1}: ${d.message}`,
    );
    expect(problems).toEqual([]);
  });

  it("starts from Node 24 slim, pinned to the project's Node version", () => {
    const node = pkg.devDependencies.node as string;
    expect(node).toMatch(/^24\.\d+\.\d+$/);
    expect(argsOf("FROM")).toEqual([`node:${node}-slim`]);
  });

  it("installs the production dependencies from the lockfile only", () => {
    expect(argsOf("RUN").some((r) => /\bnpm ci\b.*--omit=dev/.test(r))).toBe(
      true,
    );
    expect(argsOf("COPY")).toContain("package.json package-lock.json ./");
  });

  it("runs as a user other than root", () => {
    const users = argsOf("USER");
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
    const last = (k: string) =>
      instructions.map((i) => i.keyword).lastIndexOf(k);
    expect(last("USER")).toBeGreaterThan(last("RUN"));
  });

  it("keeps the data on a volume at PORTAL_DATA and listens on every interface on port 3000", () => {
    const env = envOf();
    expect(env.PORTAL_DATA).toBe("/data");
    expect(env.PORTAL_HOST).toBe("0.0.0.0");
    expect(env.PORTAL_PORT).toBe("3000");
    expect(argsOf("VOLUME")).toEqual(['["/data"]']);
    expect(argsOf("EXPOSE")).toEqual(["3000"]);
    expect(argsOf("RUN").some((r) => /chown node:node \/data/.test(r))).toBe(
      true,
    );
  });

  it("runs what npm run portal runs", () => {
    const [cmd] = argsOf("CMD");
    expect(JSON.parse(cmd ?? "null")).toEqual(
      (pkg.scripts.portal as string).split(" "),
    );
  });

  it("checks its health on /healthz with Node itself (the slim image has no curl)", () => {
    const [check] = argsOf("HEALTHCHECK");
    expect(check).toMatch(/--interval=\S+ .*CMD \["node", "-e", /);
    expect(check).toContain("/healthz");
    expect(check).not.toMatch(/curl|wget/);
  });

  it("holds every folder the portal imports, and every package it imports is installed by npm ci --omit=dev", () => {
    const { files, packages } = portalImports();
    const copied = argsOf("COPY").map((a) => a.split(" ")[0]);
    const folders = [...new Set([...files].map((f) => f.split("/")[0]))];
    expect(folders.filter((f) => !copied.includes(f))).toEqual([]);
    expect(copied).toContain("portal");
    expect(packages).toContain("fastify");
    const missing = [...packages].filter(
      (p) =>
        !(p in pkg.dependencies) &&
        (lock.packages[`node_modules/${p}`]?.dev ?? true),
    );
    expect(missing).toEqual([]);
  });
});

describe(".dockerignore", () => {
  it("keeps settings, keys, data and installs out of the build", () => {
    const lines = read(".dockerignore")
      .split(/\r?\n/)
      .map((l) => l.trim());
    for (const p of [".env", "*.ppk", ".data", "node_modules", "coverage"]) {
      expect(lines).toContain(p);
    }
  });
});

describe("compose.yaml", () => {
  const compose = parse(read("compose.yaml")) as {
    services: Record<string, Record<string, unknown>>;
    volumes: Record<string, unknown>;
  };
  const portal = compose.services.portal as {
    build: { context: string; dockerfile: string };
    env_file: Array<{ path: string; required?: boolean }>;
    environment: Record<string, string>;
    ports: string[];
    volumes: string[];
    restart: string;
    healthcheck: { test: string[] };
  };

  it("builds the portal from the Dockerfile with its settings from .env", () => {
    expect(portal.build.context).toBe(".");
    expect(portal.build.dockerfile).toBe("Dockerfile");
    expect(existsSync(join(root, portal.build.dockerfile))).toBe(true);
    expect(portal.env_file.map((f) => f.path)).toEqual([".env"]);
    expect(portal.environment.PORTAL_DATA).toBe("/data");
    expect(portal.environment.PORTAL_PORT).toBe("3000");
  });

  it("keeps the data on a named volume, restarts, publishes port 3000 and checks /healthz", () => {
    const [volume] = portal.volumes;
    const [name, path] = (volume ?? "").split(":");
    expect(path).toBe("/data");
    expect(Object.keys(compose.volumes)).toContain(name);
    expect(portal.restart).toBe("unless-stopped");
    expect(portal.ports).toEqual(["127.0.0.1:3000:3000"]);
    expect(portal.healthcheck.test.slice(0, 3)).toEqual(["CMD", "node", "-e"]);
    expect(portal.healthcheck.test[3]).toContain(
      "http://127.0.0.1:3000/healthz",
    );
  });
});

describe("the health check's command", () => {
  let server: Server;
  let status = 200;

  beforeAll(async () => {
    server = createServer((req, res) => {
      res.writeHead(req.url === "/healthz" ? status : 404).end("ok");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  });

  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  /** Runs the HEALTHCHECK's command (node -e …) against `port`; its exit code. */
  const healthCheck = (port: number): Promise<number | null> => {
    const [check = ""] = argsOf("HEALTHCHECK");
    const argv = JSON.parse(check.slice(check.indexOf("["))) as string[];
    expect(argv.slice(0, 2)).toEqual(["node", "-e"]);
    return new Promise((resolve) => {
      const child = spawn(nodeBin, argv.slice(1), {
        env: { ...process.env, PORTAL_PORT: String(port) },
        stdio: "ignore",
      });
      child.on("close", resolve);
    });
  };

  it("passes while /healthz answers 200 and fails otherwise or with nothing listening", async () => {
    const { port } = server.address() as AddressInfo;
    status = 200;
    expect(await healthCheck(port)).toBe(0);
    status = 503;
    expect(await healthCheck(port)).toBe(1);
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const freePort = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    expect(await healthCheck(freePort)).toBe(1);
  });
});
