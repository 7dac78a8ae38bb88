/**
 * Moving an app into, between and out of spaces: POST app/move.json
 * (https://cybozu.dev/ja/kintone/docs/rest-api/apps/settings/move-app — `space` omitted or null
 * takes the app out of any space; password and session authentication only), with the
 * conditions of kintone's help page it links, "アプリの所属するスペースを変更する"
 * (https://jp.cybozu.help/k/ja/user/app_settings/changespace_app_belongsto.html): the app
 * management right; for an app in a space, that space's administrator; not into a guest space,
 * a private space the user has not joined, or a space whose app creation is limited to its
 * administrators; guest spaces are not supported. @kintone/rest-api-client 6.2.1 has no method
 * for this API, so the tests send it with fetch.
 */
import { KintoneRestAPIClient } from "@kintone/rest-api-client";
import {
  ADMIN_USER,
  useTestSandbox,
  type TestSandbox,
} from "../../../test/support/sandbox.ts";

let t: TestSandbox;

const move = async (
  body: Record<string, unknown>,
  auth: Record<string, string> = {
    "X-Cybozu-Authorization": Buffer.from("admin:admin").toString("base64"),
  },
): Promise<{ status: number; code?: string }> => {
  const response = await fetch(`${t.sandbox.url}/k/v1/app/move.json`, {
    method: "POST",
    headers: { ...auth, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as { code?: string };
  return { status: response.status, ...json };
};

const as = (login: string) => ({
  "X-Cybozu-Authorization": Buffer.from(`${login}:${login}`).toString("base64"),
});

const user = (code: string, isAdmin = false) => ({
  entity: { type: "USER" as const, code },
  isAdmin,
});

/** A deployed app in no space that `sato` manages (app management right). */
const satosApp = async (): Promise<string> => {
  const { app } = await t.client.app.addApp({ name: "移動するアプリ" });
  await t.client.app.updateAppAcl({
    app,
    rights: [
      {
        entity: { type: "USER", code: "sato" },
        appEditable: true,
        recordViewable: true,
      },
    ],
  });
  await t.client.app.deployApp({ apps: [{ app }] });
  return app;
};

const spaceOf = async (app: string) => {
  const { spaceId, threadId } = await t.client.app.getApp({ id: app });
  return { spaceId, threadId };
};

useTestSandbox(
  {
    users: [
      ADMIN_USER,
      { login: "sato", password: "sato", name: "Sato" },
      { login: "suzuki", password: "suzuki", name: "Suzuki" },
    ],
  },
  (started) => {
    t = started;
  },
);

describe("moving an app", () => {
  it("puts it in the space's thread, and takes it out again with space null or omitted", async () => {
    const app = await satosApp();
    const first = t.sandbox.createSpace({ name: "第一" });
    const second = t.sandbox.createSpace({ name: "第二" });
    expect(await move({ app, space: first.id })).toEqual({ status: 200 });
    expect(await spaceOf(app)).toEqual({
      spaceId: first.id,
      threadId: first.defaultThread,
    });
    expect(await move({ app, space: second.id })).toEqual({ status: 200 });
    expect(await spaceOf(app)).toEqual({
      spaceId: second.id,
      threadId: second.defaultThread,
    });
    expect(await move({ app, space: null })).toEqual({ status: 200 });
    expect(await spaceOf(app)).toEqual({ spaceId: null, threadId: null });
    await move({ app, space: first.id });
    expect(await move({ app })).toEqual({ status: 200 });
    expect(await spaceOf(app)).toEqual({ spaceId: null, threadId: null });
  });

  it("needs the app management right (CB_NO02) and refuses API tokens (GAIA_NO01)", async () => {
    const app = await satosApp();
    const { id } = t.sandbox.createSpace({ name: "権限" });
    expect(await move({ app, space: id }, as("suzuki"))).toMatchObject({
      status: 403,
      code: "CB_NO02",
    });
    const apiToken = t.sandbox.mintToken(Number(app), { manage: true }, true);
    expect(
      await move({ app, space: id }, { "X-Cybozu-API-Token": apiToken }),
    ).toMatchObject({ status: 403, code: "GAIA_NO01" });
    expect(await move({ app, space: id }, as("sato"))).toEqual({
      status: 200,
    });
  });

  it("needs the administrator of the space the app is in", async () => {
    const app = await satosApp();
    const from = t.sandbox.createSpace({
      name: "元",
      members: [user("admin", true), user("sato")],
    });
    await move({ app, space: from.id });
    expect(await move({ app, space: null }, as("sato"))).toMatchObject({
      status: 403,
      code: "CB_NO02",
    });
    await t.client.space.updateSpaceMembers({
      id: from.id,
      members: [user("admin", true), user("sato", true)],
    });
    expect(await move({ app, space: null }, as("sato"))).toEqual({
      status: 200,
    });
  });

  it("refuses a private space the user has not joined, and one whose app creation is for its administrators", async () => {
    const app = await satosApp();
    const closed = t.sandbox.createSpace({ name: "非公開", isPrivate: true });
    const limited = t.sandbox.createSpace({
      name: "管理者のみ作成",
      createApp: "ADMIN",
      members: [user("admin", true), user("sato")],
    });
    const joined = t.sandbox.createSpace({
      name: "参加中",
      isPrivate: true,
      members: [user("admin", true), user("sato")],
    });
    expect(await move({ app, space: closed.id }, as("sato"))).toMatchObject({
      status: 403,
      code: "CB_NO02",
    });
    expect(await move({ app, space: limited.id }, as("sato"))).toMatchObject({
      status: 403,
      code: "CB_NO02",
    });
    expect(await move({ app, space: joined.id }, as("sato"))).toEqual({
      status: 200,
    });
  });

  it("does not take guest spaces: not as destination, and a guest app answers GAIA_IL23 on /k/v1", async () => {
    const app = await satosApp();
    const guest = t.sandbox.createSpace({ name: "ゲスト", isGuest: true });
    expect(await move({ app, space: guest.id })).toMatchObject({
      status: 400,
      code: "CB_VA01",
    });
    const guestClient = new KintoneRestAPIClient({
      baseUrl: t.sandbox.url,
      auth: { username: "admin", password: "admin" },
      guestSpaceId: guest.id,
    });
    const { app: inGuest } = await guestClient.app.addApp({
      name: "ゲストのアプリ",
      space: guest.id,
    });
    expect(await move({ app: inGuest, space: null })).toMatchObject({
      status: 400,
      code: "GAIA_IL23",
    });
  });

  it("answers 404 for an unknown space or app", async () => {
    const app = await satosApp();
    expect(await move({ app, space: 9999 })).toMatchObject({
      status: 404,
      code: "GAIA_SP01",
    });
    expect(await move({ app: 9999, space: null })).toMatchObject({
      status: 404,
      code: "GAIA_AP01",
    });
  });
});
