/**
 * Runs the official cli-kintone end-to-end suite (the cucumber `features/` of
 * kintone/cli-kintone) against the local kintone, to measure how faithful the sandbox is.
 *
 * The suite is left as published; only its configuration is written:
 * - `<suite>/.e2e-credentials.json`: the apps, API tokens and users the features ask for by key
 *   (the suite reads this file when GITHUB_ACTIONS is not set, features/utils/credentials.ts);
 * - `TEST_KINTONE_BASE_URL`: the local kintone's URL;
 * - `<suite>/bin/cli-kintone-linux` (unless a binary is there): a launcher of the CLI the
 *   checkout built (`dist/index.js` from `ncc build`) on the Node of `--node`, where the suite
 *   expects the packaged binary (the suite's CI packages it with Node 18).
 *
 * The apps, fields, ACLs and tokens are made through the official @kintone/rest-api-client and
 * the sandbox-only APIs (sandbox/README.md, "Sandbox-only APIs"): tokens, and spaces where the
 * sandbox has them. The suite was written against an English kintone, so by default requests
 * without Accept-Language get `Accept-Language: en` on the way (a small local proxy): that stands
 * for the test tenant's language setting, which the sandbox has no switch for.
 *
 * Not set up, as no API can: the app code "MyApp" of app_has_set_app_code (kintone sets app codes
 * in its settings screen only).
 */
import { spawn, type ChildProcess } from "node:child_process";
import {
  appendFileSync,
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { KintoneRestAPIClient } from "@kintone/rest-api-client";

const HELP = `Usage: npm exec -- node scripts/cliKintoneSuite.ts --suite <cli-kintone checkout> [options] [-- <cucumber args>]

  Starts the local kintone (in memory, a free port), creates the apps, fields, ACLs, users and
  API tokens the cli-kintone e2e features expect, writes <suite>/.e2e-credentials.json, runs
  cucumber-js (one worker) in the checkout and prints the scenario and step counts.

  --suite <dir>          a checkout of kintone/cli-kintone with its node_modules installed and the
                         CLI built (dist/index.js, e.g. "npx ncc build ./src/cli/main.ts -m")
  --sandbox-root <dir>   the checkout whose sandbox/main.ts is started (default: this repository)
  --language <en|none>   add "Accept-Language: en" to requests without one (default en, the
                         language of the kintone the suite was written for); none: as sent
  --node <path>          the Node that runs cucumber and the CLI (default: this Node)
  --json <file>          where cucumber's JSON report goes (default: a temporary file)
  --log <file>           append every answer of status 400 or more (method, path, auth, body)
                         to <file> (needs the proxy, i.e. not --language none)
  --raw-tokens           keep sandbox tokens that begin with "-" (by default they are minted
                         again: kintone's tokens are 40 letters and digits, and the CLI's
                         argument parser takes "-…" for an option)
  -h, --help             show this help

  Anything after "--" goes to cucumber-js (e.g. -- --name "CliKintoneTest-81" features/export.feature).`;

type Right = "view" | "add" | "edit" | "delete";

interface FieldDef {
  type: string;
  code: string;
  label: string;
  [key: string]: unknown;
}

interface AppSpec {
  key: string;
  fields: FieldDef[];
  tokens: Right[][];
  /** Tokens minted after the last deploy stay drafts (not yet effective), as in kintone. */
  draftTokens?: boolean;
  space?: "normal" | "guest";
  users?: Array<{ user: string; rights: Right[] }>;
  /** System field codes other than the English defaults (Record_number, …). */
  systemCodes?: Record<string, string>;
}

interface Options {
  suite: string;
  sandboxRoot: string;
  language: string | null;
  node: string;
  json: string | null;
  rawTokens: boolean;
  log: string | null;
  cucumberArgs: string[];
}

interface Kintone {
  url: string;
  admin: { username: string; password: string };
  /** Keep tokens that begin with "-" (see mintUsableToken). */
  rawTokens: boolean;
  /** Tokens minted again because they began with "-". */
  reminted: number;
}

interface Spaces {
  normal: string;
  guest: string;
  /** Whether the sandbox knows spaces (space.json); if not, the ids are only names. */
  real: boolean;
}

const ADMIN = { username: "admin", password: "admin" };

const text = (code: string, extra: Record<string, unknown> = {}): FieldDef => ({
  type: "SINGLE_LINE_TEXT",
  code,
  label: code,
  ...extra,
});

const number = (
  code: string,
  extra: Record<string, unknown> = {},
): FieldDef => ({ type: "NUMBER", code, label: code, ...extra });

const file = (code: string): FieldDef => ({ type: "FILE", code, label: code });

const date = (code: string): FieldDef => ({ type: "DATE", code, label: code });

const table = (code: string, fields: FieldDef[]): FieldDef => ({
  type: "SUBTABLE",
  code,
  label: code,
  fields: Object.fromEntries(fields.map((f) => [f.code, f])),
});

/** The tokens every app of the suite needs: reading, adding, and emptying ("has no records"). */
const BASE_TOKENS: Right[][] = [["view"], ["add"], ["view", "delete"]];

const TEXT_NUMBER = [text("Text"), number("Number")];

/** The apps the features name (features/*.feature), in the shape the steps use them. */
const APPS: AppSpec[] = [
  {
    key: "app_for_export",
    fields: TEXT_NUMBER,
    tokens: BASE_TOKENS,
    users: [
      { user: "export_viewer", rights: ["view"] },
      { user: "export_adder", rights: ["add"] },
    ],
  },
  {
    key: "app_for_import",
    fields: TEXT_NUMBER,
    tokens: [...BASE_TOKENS, ["view", "add"]],
    users: [
      { user: "import_viewer", rights: ["view"] },
      { user: "import_adder", rights: ["add"] },
    ],
  },
  {
    key: "app_for_delete",
    fields: TEXT_NUMBER,
    tokens: [...BASE_TOKENS, ["view", "add", "delete"]],
    users: [
      { user: "delete_adder", rights: ["add"] },
      { user: "delete_deleter", rights: ["view", "delete"] },
    ],
  },
  {
    key: "app_for_delete_encoding",
    fields: [text("文字列__1行_")],
    tokens: BASE_TOKENS,
    systemCodes: { RECORD_NUMBER: "レコード番号" },
  },
  {
    key: "app_for_draft_token",
    fields: TEXT_NUMBER,
    tokens: BASE_TOKENS,
    draftTokens: true,
  },
  {
    key: "app_for_export_attachments",
    fields: [text("Text"), file("Attachment")],
    tokens: BASE_TOKENS,
  },
  {
    key: "app_for_export_table",
    fields: [text("Text_0"), table("Table", TEXT_NUMBER)],
    tokens: BASE_TOKENS,
  },
  {
    key: "app_for_import_attachments",
    fields: [...TEXT_NUMBER, file("Attachment"), file("Attachment_0")],
    tokens: BASE_TOKENS,
  },
  {
    key: "app_for_import_table",
    fields: [text("Text_0"), number("Number_0"), table("Table", TEXT_NUMBER)],
    tokens: BASE_TOKENS,
  },
  {
    key: "app_for_import_required_field",
    fields: [text("Text"), number("Number", { required: true })],
    tokens: BASE_TOKENS,
  },
  {
    key: "app_for_upsert",
    fields: [
      text("Text", { unique: true }),
      number("Number", { unique: true }),
      date("Date"),
      text("Text_Non_Prohibit_Duplicate_Values"),
      number("Number_Non_Prohibit_Duplicate_Values"),
      file("Attachment"),
    ],
    tokens: [...BASE_TOKENS, ["view", "add", "edit"]],
  },
  {
    key: "app_has_changed_record_number",
    fields: TEXT_NUMBER,
    tokens: BASE_TOKENS,
    systemCodes: { RECORD_NUMBER: "Cybozu_record_number" },
  },
  {
    // kintone sets an app code only in its settings screen; no API sets it (see the report).
    key: "app_has_set_app_code",
    fields: TEXT_NUMBER,
    tokens: BASE_TOKENS,
  },
  {
    key: "app_in_space",
    fields: TEXT_NUMBER,
    tokens: BASE_TOKENS,
    space: "normal",
  },
  {
    key: "app_in_guest_space",
    fields: TEXT_NUMBER,
    tokens: BASE_TOKENS,
    space: "guest",
  },
];

/** Users the features name directly, then the users of the apps' permission rows. */
const USER_KEYS = [
  "user_for_common",
  "user_for_guest_space",
  ...APPS.flatMap((a) => (a.users ?? []).map((u) => u.user)),
];

const ENGLISH_SYSTEM_CODES: Record<string, string> = {
  RECORD_NUMBER: "Record_number",
  CREATOR: "Created_by",
  CREATED_TIME: "Created_datetime",
  MODIFIER: "Updated_by",
  UPDATED_TIME: "Updated_datetime",
};

const passwordOf = (user: string): string => `pw-${user}-e2e`;

class UsageError extends Error {}

const parseOptions = (argv: string[]): Options | "help" => {
  const dashes = argv.indexOf("--");
  const own = dashes < 0 ? argv : argv.slice(0, dashes);
  const { values } = parseArgs({
    args: own,
    options: {
      help: { type: "boolean", short: "h" },
      suite: { type: "string" },
      "sandbox-root": { type: "string" },
      language: { type: "string" },
      node: { type: "string" },
      json: { type: "string" },
      "raw-tokens": { type: "boolean" },
      log: { type: "string" },
    },
    strict: true,
  });
  if (values.help) {
    return "help";
  }
  if (values.suite === undefined) {
    throw new UsageError("--suite <cli-kintone checkout> is required");
  }
  const language = values.language ?? "en";
  if (language !== "en" && language !== "none") {
    throw new UsageError(`--language must be en or none (got ${language})`);
  }
  return {
    suite: resolve(values.suite),
    sandboxRoot: resolve(
      values["sandbox-root"] ??
        join(dirname(fileURLToPath(import.meta.url)), ".."),
    ),
    language: language === "none" ? null : language,
    node: values.node ?? process.execPath,
    json: values.json === undefined ? null : resolve(values.json),
    rawTokens: values["raw-tokens"] === true,
    log: values.log === undefined ? null : resolve(values.log),
    cucumberArgs: dashes < 0 ? [] : argv.slice(dashes + 1),
  };
};

/** Starts `<root>/sandbox/main.ts` in memory on a free port; resolves with its URL. */
const startSandboxProcess = (
  root: string,
  usersFile: string,
): Promise<{ url: string; child: ChildProcess }> =>
  new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      [
        join(root, "sandbox", "main.ts"),
        "--port",
        "0",
        "--memory",
        "--users",
        usersFile,
      ],
      {
        cwd: root,
        // The administrator the set-up logs in as (ADMIN), whatever the caller's environment.
        env: {
          ...process.env,
          NO_PROXY: "localhost",
          SANDBOX_USER: ADMIN.username,
          SANDBOX_PASSWORD: ADMIN.password,
        },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const m = /kintone sandbox: (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        done({ url: m[1], child });
      }
    });
    child.on("exit", (code) =>
      fail(new Error(`the sandbox exited (${code}) before it listened`)),
    );
  });

const stopProcess = (child: ChildProcess): Promise<void> =>
  new Promise((done) => {
    if (child.exitCode !== null || child.pid === undefined) {
      done();
      return;
    }
    child.once("exit", () => done());
    child.kill("SIGTERM");
  });

const authKindOf = (headers: http.IncomingHttpHeaders): string => {
  if (headers["x-cybozu-authorization"] !== undefined) {
    return "password";
  }
  return headers["x-cybozu-api-token"] === undefined ? "none" : "token";
};

/** Appends "METHOD path (auth) → status body" for each answer of 400 or more. */
const logErrorAnswer = (
  logFile: string,
  req: http.IncomingMessage,
  up: http.IncomingMessage,
): void => {
  const chunks: Buffer[] = [];
  up.on("data", (c: Buffer) => chunks.push(c));
  up.on("end", () => {
    const body = Buffer.concat(chunks).toString().slice(0, 300);
    appendFileSync(
      logFile,
      `${req.method} ${req.url} (${authKindOf(req.headers)}) → ${up.statusCode} ${body}\n`,
    );
  });
};

/**
 * A pass-through proxy that adds Accept-Language to requests that carry none, and optionally
 * logs the error answers (the evidence for the report).
 */
const startLanguageProxy = (
  target: URL,
  language: string,
  logFile: string | null,
): Promise<{ url: string; server: http.Server }> =>
  new Promise((done) => {
    const server = http.createServer((req, res) => {
      const headers = { ...req.headers, host: target.host };
      if (headers["accept-language"] === undefined) {
        headers["accept-language"] = language;
      }
      const upstream = http.request(
        {
          hostname: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers,
        },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          if (logFile !== null && (up.statusCode ?? 0) >= 400) {
            logErrorAnswer(logFile, req, up);
          }
          up.pipe(res);
        },
      );
      upstream.on("error", (e) => {
        res.writeHead(502);
        res.end(String(e));
      });
      req.pipe(upstream);
    });
    server.listen(0, "localhost", () => {
      const { port } = server.address() as AddressInfo;
      done({ url: `http://localhost:${port}`, server });
    });
  });

const passwordHeader = (user: { username: string; password: string }) =>
  Buffer.from(`${user.username}:${user.password}`).toString("base64");

/** A sandbox-only API call (fetch, as rest-api-client does not know these paths). */
const sandboxApi = async (
  kintone: Kintone,
  path: string,
  body: unknown,
): Promise<{ ok: boolean; json: Record<string, unknown> }> => {
  const res = await fetch(`${kintone.url}${path}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Cybozu-Authorization": passwordHeader(kintone.admin),
    },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  return { ok: res.ok, json };
};

/**
 * A normal space and then a guest space (so the guest space is not id 1, which the features use
 * as a wrong guest space id), through the sandbox-only space API. A sandbox without spaces takes
 * any space id on an app, so fixed ids stand in for them there.
 */
const createSpaces = async (kintone: Kintone): Promise<Spaces> => {
  const normal = await sandboxApi(kintone, "/k/v1/sandbox/space.json", {
    name: "cli-kintone e2e space",
  });
  if (!normal.ok) {
    console.log(
      `no sandbox space API (${String(normal.json.code)}): apps name spaces 1 and 2 directly`,
    );
    return { normal: "1", guest: "2", real: false };
  }
  const guest = await sandboxApi(kintone, "/k/v1/sandbox/space.json", {
    name: "cli-kintone e2e guest space",
    isGuest: true,
    isPrivate: true,
    members: [
      { entity: { type: "USER", code: ADMIN.username }, isAdmin: true },
      {
        entity: { type: "USER", code: "user_for_guest_space" },
        isAdmin: false,
      },
    ],
  });
  if (!guest.ok) {
    throw new Error(`creating the guest space: ${JSON.stringify(guest.json)}`);
  }
  return {
    normal: String(normal.json.id),
    guest: String(guest.json.id),
    real: true,
  };
};

const clientFor = (kintone: Kintone, guestSpaceId?: string) =>
  new KintoneRestAPIClient({
    baseUrl: kintone.url,
    auth: kintone.admin,
    ...(guestSpaceId === undefined ? {} : { guestSpaceId }),
  });

const deploy = async (
  client: KintoneRestAPIClient,
  app: string,
): Promise<void> => {
  await client.app.deployApp({ apps: [{ app }] });
  for (let i = 0; i < 100; i++) {
    const { apps } = await client.app.getDeployStatus({ apps: [app] });
    const status = apps[0]?.status;
    if (status === "SUCCESS") {
      return;
    }
    if (status === "FAIL" || status === "CANCEL") {
      throw new Error(`deploying app ${app}: ${status}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`deploying app ${app}: no answer`);
};

/** System fields get the codes the features use (English defaults unless the spec says). */
const renameSystemFields = async (
  client: KintoneRestAPIClient,
  app: string,
  spec: AppSpec,
): Promise<void> => {
  const { properties } = await client.app.getFormFields({ app, preview: true });
  const wanted = { ...ENGLISH_SYSTEM_CODES, ...spec.systemCodes };
  const renames: Record<string, { type: string; code: string }> = {};
  for (const [code, prop] of Object.entries(properties)) {
    const target = wanted[prop.type];
    if (target !== undefined && target !== code) {
      renames[code] = { type: prop.type, code: target };
    }
  }
  if (Object.keys(renames).length > 0) {
    await client.app.updateFormFields({ app, properties: renames as never });
  }
};

/** One row per field, in the spec's order (the CLI exports in layout order). */
const layoutOf = (fields: FieldDef[]) =>
  fields.map((f) =>
    f.type === "SUBTABLE"
      ? {
          type: "SUBTABLE",
          code: f.code,
          fields: Object.values(f.fields as Record<string, FieldDef>).map(
            (c) => ({ type: c.type, code: c.code }),
          ),
        }
      : { type: "ROW", fields: [{ type: f.type, code: f.code }] },
  );

const ACL_RIGHTS = {
  view: "recordViewable",
  add: "recordAddable",
  edit: "recordEditable",
  delete: "recordDeletable",
} as const;

/** The administrator keeps every right; each permission user gets exactly its rights. */
const aclOf = (spec: AppSpec) => [
  {
    entity: { type: "USER" as const, code: ADMIN.username },
    appEditable: true,
    recordViewable: true,
    recordAddable: true,
    recordEditable: true,
    recordDeletable: true,
    recordImportable: true,
    recordExportable: true,
  },
  ...(spec.users ?? []).map((u) => ({
    entity: { type: "USER" as const, code: u.user },
    appEditable: false,
    recordViewable: u.rights.includes("view"),
    recordAddable: u.rights.includes("add"),
    recordEditable: u.rights.includes("edit"),
    recordDeletable: u.rights.includes("delete"),
    recordImportable: false,
    recordExportable: false,
  })),
];

const mintToken = async (
  kintone: Kintone,
  app: string,
  rights: Right[],
  guestSpaceId: string | undefined,
): Promise<string> => {
  const prefix =
    guestSpaceId === undefined ? "/k/v1" : `/k/guest/${guestSpaceId}/v1`;
  const body = {
    app,
    rights: Object.fromEntries(
      (["view", "add", "edit", "delete", "manage"] as const).map((r) => [
        r,
        (rights as string[]).includes(r),
      ]),
    ),
  };
  const res = await sandboxApi(kintone, `${prefix}/sandbox/token.json`, body);
  if (!res.ok || typeof res.json.token !== "string") {
    throw new Error(
      `minting a token for app ${app}: ${JSON.stringify(res.json)}`,
    );
  }
  return res.json.token;
};

/**
 * kintone's API tokens are 40 letters and digits; the sandbox's are base64url and may begin with
 * "-", which the CLI's argument parser (yargs) takes for an option ("--api-token -x…"). Unless
 * --raw-tokens, such a token is minted again, and counted, so that a run does not depend on luck.
 */
const mintUsableToken = async (
  kintone: Kintone,
  app: string,
  rights: Right[],
  guestSpaceId: string | undefined,
): Promise<string> => {
  for (let i = 0; i < 20; i++) {
    const token = await mintToken(kintone, app, rights, guestSpaceId);
    if (kintone.rawTokens || !token.startsWith("-")) {
      return token;
    }
    kintone.reminted++;
  }
  throw new Error(`app ${app}: every token minted began with "-"`);
};

/**
 * rest-api-client's addApp reads space.json for the space's thread; a sandbox without spaces
 * gets the same preview/app.json request directly, with the space id as its thread.
 */
const addApp = async (
  kintone: Kintone,
  client: KintoneRestAPIClient,
  name: string,
  space: string | undefined,
  spaces: Spaces,
): Promise<{ app: string }> => {
  if (space === undefined || spaces.real) {
    return client.app.addApp({
      name,
      ...(space === undefined ? {} : { space }),
    });
  }
  const prefix = space === spaces.guest ? `/k/guest/${space}/v1` : "/k/v1";
  const res = await sandboxApi(kintone, `${prefix}/preview/app.json`, {
    name,
    space,
    thread: space,
  });
  if (!res.ok) {
    throw new Error(`creating app ${name}: ${JSON.stringify(res.json)}`);
  }
  return { app: String(res.json.app) };
};

/** Creates, fills in and deploys one app; returns its entry of .e2e-credentials.json. */
const createApp = async (kintone: Kintone, spec: AppSpec, spaces: Spaces) => {
  const guestSpaceId = spec.space === "guest" ? spaces.guest : undefined;
  const client = clientFor(kintone, guestSpaceId);
  const space = spec.space === undefined ? undefined : spaces[spec.space];
  const { app } = await addApp(kintone, client, spec.key, space, spaces);
  await client.app.addFormFields({
    app,
    properties: Object.fromEntries(
      spec.fields.map((f) => [f.code, f]),
    ) as never,
  });
  await renameSystemFields(client, app, spec);
  await client.app.updateFormLayout({
    app,
    layout: layoutOf(spec.fields) as never,
  });
  if (spec.users !== undefined) {
    await client.app.updateAppAcl({ app, rights: aclOf(spec) });
  }
  const mint = async () => {
    const apiTokens = [];
    for (const rights of spec.tokens) {
      const token = await mintUsableToken(kintone, app, rights, guestSpaceId);
      apiTokens.push({ token, permissions: rights });
    }
    return apiTokens;
  };
  // A draft token is one minted after the deploy: kintone applies tokens at the next deploy.
  const early = spec.draftTokens === true ? [] : await mint();
  await deploy(client, app);
  const apiTokens = spec.draftTokens === true ? await mint() : early;
  return {
    key: spec.key,
    appId: app,
    ...(guestSpaceId === undefined ? {} : { guestSpaceId }),
    apiTokens,
    userPermissions: (spec.users ?? []).map((u) => ({
      userKey: u.user,
      permissions: u.rights,
    })),
  };
};

/** Every app, after a first app that is never deployed: "app 1" of the features must not exist. */
const createApps = async (kintone: Kintone) => {
  const client = clientFor(kintone);
  const { app: first } = await client.app.addApp({ name: "never deployed" });
  if (first !== "1") {
    console.log(`note: the first app got id ${first}, not 1`);
  }
  const spaces = await createSpaces(kintone);
  const apps = [];
  for (const spec of APPS) {
    apps.push(await createApp(kintone, spec, spaces));
  }
  return apps;
};

const LAUNCHER_BODY = 'require("../dist/index.js");\n';

/**
 * The launcher the suite calls (features/utils/helper.ts: bin/cli-kintone-linux), written over
 * only when it is missing or one of ours (so that --node picks the CLI's Node).
 */
const ensureCliLauncher = (suite: string, node: string): void => {
  const launcher = join(suite, "bin", "cli-kintone-linux");
  if (
    existsSync(launcher) &&
    !readFileSync(launcher, "utf8").endsWith(LAUNCHER_BODY)
  ) {
    return;
  }
  const entry = join(suite, "dist", "index.js");
  if (!existsSync(entry)) {
    throw new UsageError(
      `${launcher} is missing and so is ${entry}: build the CLI first (npx ncc build ./src/cli/main.ts -m)`,
    );
  }
  mkdirSync(dirname(launcher), { recursive: true });
  writeFileSync(launcher, `#!${node}\n${LAUNCHER_BODY}`);
  chmodSync(launcher, 0o755);
};

const runCucumber = (
  options: Options,
  baseUrl: string,
  jsonFile: string,
): Promise<number> =>
  new Promise((done) => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TEST_KINTONE_BASE_URL: baseUrl,
      NO_PROXY: "localhost",
    };
    delete env.GITHUB_ACTIONS;
    const child = spawn(
      options.node,
      [
        join(
          options.suite,
          "node_modules",
          "@cucumber",
          "cucumber",
          "bin",
          "cucumber.js",
        ),
        "--format",
        "progress",
        "--format",
        `json:${jsonFile}`,
        ...options.cucumberArgs,
      ],
      { cwd: options.suite, env, stdio: "inherit" },
    );
    child.on("exit", (code) => done(code ?? 1));
  });

interface JsonStep {
  keyword: string;
  name?: string;
  hidden?: boolean;
  result: { status: string; error_message?: string };
}

interface JsonFeature {
  uri: string;
  elements?: Array<{ name: string; type: string; steps: JsonStep[] }>;
}

const scenarioStatus = (steps: JsonStep[]): string => {
  const statuses = steps.map((s) => s.result.status);
  if (statuses.includes("failed")) {
    return "failed";
  }
  return (
    ["undefined", "pending", "ambiguous", "skipped"].find((s) =>
      statuses.includes(s),
    ) ?? "passed"
  );
};

const countBy = (values: string[]): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const v of values) {
    counts[v] = (counts[v] ?? 0) + 1;
  }
  return counts;
};

/** Scenario and step counts from cucumber's JSON report, and the failing scenarios. */
const report = (jsonFile: string): void => {
  const features = JSON.parse(readFileSync(jsonFile, "utf8")) as JsonFeature[];
  const scenarios = features.flatMap((f) =>
    (f.elements ?? [])
      .filter((e) => e.type === "scenario")
      .map((e) => ({ uri: f.uri, ...e, status: scenarioStatus(e.steps) })),
  );
  const steps = scenarios.flatMap((s) => s.steps.filter((st) => !st.hidden));
  console.log("\n== cli-kintone e2e against the local kintone ==");
  console.log(
    `scenarios: ${scenarios.length} ${JSON.stringify(countBy(scenarios.map((s) => s.status)))}`,
  );
  console.log(
    `steps: ${steps.length} ${JSON.stringify(countBy(steps.map((s) => s.result.status)))}`,
  );
  for (const s of scenarios.filter((x) => x.status !== "passed")) {
    const bad = s.steps.find((st) => st.result.status !== "passed");
    const why = (bad?.result.error_message ?? "")
      .split("\n")
      .slice(0, 3)
      .join(" | ");
    console.log(
      `- [${s.status}] ${s.uri}: ${s.name}\n    at "${bad?.keyword ?? ""}${bad?.name ?? ""}": ${why.slice(0, 400)}`,
    );
  }
};

const writeUsersFile = (dir: string): string => {
  const usersFile = join(dir, "users.json");
  writeFileSync(
    usersFile,
    JSON.stringify(
      // "language": the users' own setting, English as on the suite's kintone (a sandbox
      // without personal languages ignores it).
      USER_KEYS.map((login) => ({
        login,
        password: passwordOf(login),
        name: login,
        language: "en",
      })),
    ),
  );
  return usersFile;
};

const writeCredentials = (
  suite: string,
  apps: Array<Record<string, unknown>>,
): void => {
  const credentials = {
    apps,
    users: USER_KEYS.map((key) => ({
      key,
      username: key,
      password: passwordOf(key),
    })),
  };
  writeFileSync(
    join(suite, ".e2e-credentials.json"),
    `${JSON.stringify(credentials, null, 2)}\n`,
  );
};

const main = async (argv: string[]): Promise<number> => {
  const options = parseOptions(argv);
  if (options === "help") {
    console.log(HELP);
    return 0;
  }
  if (!existsSync(join(options.suite, "features"))) {
    throw new UsageError(`${options.suite} has no features/ folder`);
  }
  ensureCliLauncher(options.suite, options.node);
  const work = mkdtempSync(join(tmpdir(), "cli-kintone-suite-"));
  const sandbox = await startSandboxProcess(
    options.sandboxRoot,
    writeUsersFile(work),
  );
  const proxy =
    options.language === null
      ? null
      : await startLanguageProxy(
          new URL(sandbox.url),
          options.language,
          options.log,
        );
  try {
    const kintone: Kintone = {
      url: proxy?.url ?? sandbox.url,
      admin: ADMIN,
      rawTokens: options.rawTokens,
      reminted: 0,
    };
    console.log(
      `local kintone: ${sandbox.url} (suite uses ${kintone.url}), sandbox of ${options.sandboxRoot}`,
    );
    writeCredentials(options.suite, await createApps(kintone));
    if (kintone.reminted > 0) {
      console.log(
        `${kintone.reminted} API token(s) began with "-" and were minted again (kintone's tokens are [0-9A-Za-z]{40})`,
      );
    }
    const jsonFile = options.json ?? join(work, "cucumber.json");
    const code = await runCucumber(options, kintone.url, jsonFile);
    report(jsonFile);
    return code;
  } finally {
    proxy?.server.close();
    await stopProcess(sandbox.child);
    rmSync(work, { recursive: true, force: true });
  }
};

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e instanceof UsageError ? e.message : e);
    process.exitCode = 2;
  },
);
