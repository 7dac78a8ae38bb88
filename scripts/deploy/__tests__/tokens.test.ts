import { mkdtempSync, rmSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { accessLog, appSchemas } from "../../../schemas/index.ts";
import { CliError } from "../../lib/cli.ts";
import {
  formatTokenTable,
  mintToken,
  readEnvFile,
  tokenEnvName,
  tokenNeeds,
  writeEnvFile,
} from "../tokens.ts";

describe("API token names and rights", () => {
  it("names each token KINTONE_TOKEN_<APP>_<CONSUMER> in upper snake case", () => {
    expect(tokenEnvName("progress", "portal")).toBe(
      "KINTONE_TOKEN_PROGRESS_PORTAL",
    );
    expect(tokenEnvName("accessLog", "scripts")).toBe(
      "KINTONE_TOKEN_ACCESS_LOG_SCRIPTS",
    );
  });

  it("lists one token per app and consumer with the schema's rights in kintone's order", () => {
    expect(tokenNeeds([accessLog])).toEqual([
      {
        code: "accessLog",
        appName: "閲覧ログ",
        consumer: "portal",
        rights: ["add"],
        envName: "KINTONE_TOKEN_ACCESS_LOG_PORTAL",
      },
      {
        code: "accessLog",
        appName: "閲覧ログ",
        consumer: "scripts",
        rights: ["view"],
        envName: "KINTONE_TOKEN_ACCESS_LOG_SCRIPTS",
      },
    ]);
    // Two per app, and the registration form's add-only one.
    expect(tokenNeeds(appSchemas)).toHaveLength(11);
    expect(tokenNeeds(appSchemas).find((t) => t.consumer === "signup")).toEqual(
      {
        code: "registration",
        appName: "事業所利用登録",
        consumer: "signup",
        rights: ["add"],
        envName: "KINTONE_TOKEN_REGISTRATION_SIGNUP",
      },
    );
  });

  it("prints a Japanese table with the rights as kintone names them and each token's state", () => {
    const lines = formatTokenTable(
      tokenNeeds([accessLog]),
      { accessLog: "5" },
      new Map([["KINTONE_TOKEN_ACCESS_LOG_PORTAL", "ok"]]),
    );
    expect(lines[1]).toMatch(
      /^ {2}アプリ +利用者 +必要な権限 +環境変数 +状態$/,
    );
    expect(lines[2]).toMatch(
      /^ {2}閲覧ログ（ID 5） +ポータル +レコード追加 +KINTONE_TOKEN_ACCESS_LOG_PORTAL +確認済み$/,
    );
    expect(lines[3]).toMatch(
      /運用スクリプト +レコード閲覧 +KINTONE_TOKEN_ACCESS_LOG_SCRIPTS +未設定$/,
    );
  });
});

describe("token env files", () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), "tokens-"));
  });
  afterAll(() => {
    rmSync(tmp, { recursive: true, force: true });
  });

  it("writes env lines readable by the owner only and reads them back", () => {
    const file = join(tmp, "tokens.env");
    writeEnvFile(file, { KINTONE_TOKEN_A_PORTAL: "abc=", B: "x" });
    expect(readEnvFile(file)).toEqual({
      KINTONE_TOKEN_A_PORTAL: "abc=",
      B: "x",
    });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readEnvFile(join(tmp, "none.env"))).toEqual({});
  });
});

describe("mintToken", () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(404, { "Content-Type": "application/json" });
      res.end(
        JSON.stringify({ code: "CB_NO04", id: "x", message: "not found" }),
      );
    });
    await new Promise<void>((resolve) => {
      server.listen(0, "localhost", resolve);
    });
    url = `http://localhost:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => {
      server.close(resolve);
    });
  });

  it("says that only the local kintone can mint when the sandbox API is absent", async () => {
    const minting = mintToken(url, { username: "a", password: "b" }, "1", [
      "view",
    ]);
    await expect(minting).rejects.toThrow(CliError);
    await expect(minting).rejects.toThrow(/ローカルの kintone 専用/);
  });
});
