/**
 * Reading a space and its members, replacing its members, and the sandbox-only way to create a
 * space (kintone makes spaces from templates only).
 *
 * kintone's pages:
 * - Get Space https://cybozu.dev/ja/kintone/docs/rest-api/spaces/get-space/ (the guest-space URL;
 *   "非公開スペースの場合、スペースメンバーのみ実行可能です")
 * - Get Space Members https://cybozu.dev/ja/kintone/docs/rest-api/spaces/get-space-members/
 * - Update Space Members https://cybozu.dev/ja/kintone/docs/rest-api/spaces/update-space-members/
 *   (space administrators only; at least one space administrator)
 * - Authentication of these APIs: password and session only (no API tokens), as each page lists.
 */
import { KintoneRestAPIClient } from "@kintone/rest-api-client";
import {
  ADMIN_USER,
  useTestSandbox,
  type TestSandbox,
} from "../../../test/support/sandbox.ts";

let t: TestSandbox;

const clientOf = (
  login = "admin",
  guestSpaceId?: number | string,
): KintoneRestAPIClient =>
  new KintoneRestAPIClient({
    baseUrl: t.sandbox.url,
    auth: { username: login, password: login },
    ...(guestSpaceId === undefined ? {} : { guestSpaceId }),
  });

/** The sandbox-only API, as a test or the demo calls it. */
const postSpace = async (
  body: Record<string, unknown>,
  login = "admin",
): Promise<{ status: number; json: Record<string, unknown> }> => {
  const response = await fetch(`${t.sandbox.url}/k/v1/sandbox/space.json`, {
    method: "POST",
    headers: {
      "X-Cybozu-Authorization": Buffer.from(`${login}:${login}`).toString(
        "base64",
      ),
      "Content-Type": "application/json",
    },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    json: (await response.json()) as Record<string, unknown>,
  };
};

const user = (code: string, isAdmin = false) => ({
  entity: { type: "USER" as const, code },
  isAdmin,
});

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

describe("POST sandbox/space.json (sandbox-only)", () => {
  it("creates a space for an administrator, with its default thread", async () => {
    const { status, json } = await postSpace({
      name: "介護認定審査会",
      members: [user("admin", true), user("sato")],
    });
    expect(status).toBe(200);
    const space = await t.client.space.getSpace({ id: String(json.id) });
    expect(space).toMatchObject({
      id: json.id,
      name: "介護認定審査会",
      defaultThread: json.defaultThread,
      isPrivate: false,
      isGuest: false,
      memberCount: "2",
      useMultiThread: false,
      creator: { code: "admin" },
    });
  });

  it("refuses other users (CB_NO02) and members without a space administrator (CB_VA01)", async () => {
    expect(await postSpace({ name: "x" }, "sato")).toMatchObject({
      status: 403,
      json: { code: "CB_NO02" },
    });
    expect(
      await postSpace({ name: "x", members: [user("sato")] }),
    ).toMatchObject({ status: 400, json: { code: "CB_VA01" } });
  });
});

describe("GET space.json", () => {
  it("lists the live apps of the space in attachedApps, not the undeployed ones", async () => {
    const { id, defaultThread } = t.sandbox.createSpace({ name: "申請受付" });
    const { app: live } = await t.client.app.addApp({
      name: "申請",
      space: id,
    });
    await t.client.app.deployApp({ apps: [{ app: live }] });
    await t.client.app.addApp({ name: "作成中", space: id });
    const space = await t.client.space.getSpace({ id });
    expect(space.attachedApps).toEqual([
      expect.objectContaining({
        appId: live,
        name: "申請",
        threadId: defaultThread,
      }),
    ]);
  });

  it("answers a guest space on its guest path only (GAIA_IL23 on /k/v1)", async () => {
    const { id } = t.sandbox.createSpace({ name: "委託先", isGuest: true });
    await expect(
      clientOf("admin", id).space.getSpace({ id }),
    ).resolves.toMatchObject({ id, isGuest: true, isPrivate: true });
    await expect(t.client.space.getSpace({ id })).rejects.toMatchObject({
      status: 400,
      code: "GAIA_IL23",
    });
  });

  it("shows a private space to its members only; a public one to anyone", async () => {
    const secret = t.sandbox.createSpace({
      name: "非公開",
      isPrivate: true,
      members: [user("admin", true), user("sato")],
    });
    const open = t.sandbox.createSpace({ name: "公開" });
    await expect(
      clientOf("sato").space.getSpace({ id: secret.id }),
    ).resolves.toMatchObject({ isPrivate: true });
    await expect(
      clientOf("suzuki").space.getSpace({ id: secret.id }),
    ).rejects.toMatchObject({ status: 403, code: "CB_NO02" });
    await expect(
      clientOf("suzuki").space.getSpaceMembers({ id: secret.id }),
    ).rejects.toMatchObject({ status: 403, code: "CB_NO02" });
    await expect(
      clientOf("suzuki").space.getSpace({ id: open.id }),
    ).resolves.toMatchObject({ isPrivate: false });
  });

  it("refuses API tokens (GAIA_NO01)", async () => {
    const { id } = t.sandbox.createSpace({ name: "トークン" });
    const { app } = await t.client.app.addApp({ name: "a" });
    const token = new KintoneRestAPIClient({
      baseUrl: t.sandbox.url,
      auth: {
        apiToken: t.sandbox.mintToken(Number(app), { view: true }, true),
      },
    });
    await expect(token.space.getSpace({ id })).rejects.toMatchObject({
      status: 403,
      code: "GAIA_NO01",
    });
  });
});

describe("space/members.json", () => {
  it("reads the members with isAdmin and isImplicit", async () => {
    const { id } = t.sandbox.createSpace({
      name: "メンバー",
      members: [user("admin", true), user("sato")],
    });
    const { members } = await t.client.space.getSpaceMembers({ id });
    expect(members).toEqual([
      {
        entity: { type: "USER", code: "admin" },
        isAdmin: true,
        isImplicit: false,
      },
      {
        entity: { type: "USER", code: "sato" },
        isAdmin: false,
        isImplicit: false,
      },
    ]);
  });

  it("lets a space administrator replace the members", async () => {
    const { id } = t.sandbox.createSpace({
      name: "交代",
      members: [user("admin", true), user("sato", true)],
    });
    await clientOf("sato").space.updateSpaceMembers({
      id,
      members: [
        user("sato", true),
        {
          entity: { type: "ORGANIZATION", code: "介護保険課" },
          includeSubs: true,
        },
      ],
    });
    const { members } = await t.client.space.getSpaceMembers({ id });
    expect(members).toEqual([
      {
        entity: { type: "USER", code: "sato" },
        isAdmin: true,
        isImplicit: false,
      },
      {
        entity: { type: "ORGANIZATION", code: "介護保険課" },
        isAdmin: false,
        includeSubs: true,
      },
    ]);
    await expect(t.client.space.getSpace({ id })).resolves.toMatchObject({
      memberCount: "2",
      modifier: { code: "sato" },
    });
  });

  it("refuses a member who is not a space administrator, and a list without one", async () => {
    const { id } = t.sandbox.createSpace({
      name: "管理者のみ",
      members: [user("admin", true), user("sato")],
    });
    await expect(
      clientOf("sato").space.updateSpaceMembers({
        id,
        members: [user("sato", true)],
      }),
    ).rejects.toMatchObject({ status: 403, code: "CB_NO02" });
    await expect(
      t.client.space.updateSpaceMembers({ id, members: [user("sato")] }),
    ).rejects.toMatchObject({ status: 400, code: "CB_VA01" });
  });

  it("takes a guest space's members on its guest path only", async () => {
    const { id } = t.sandbox.createSpace({ name: "委託", isGuest: true });
    await expect(
      t.client.space.updateSpaceMembers({ id, members: [user("admin", true)] }),
    ).rejects.toMatchObject({ status: 400, code: "GAIA_IL23" });
    await clientOf("admin", id).space.updateSpaceMembers({
      id,
      members: [user("admin", true), user("suzuki")],
    });
    const { members } = await clientOf("suzuki", id).space.getSpaceMembers({
      id,
    });
    expect(members.map((m) => m.entity.code)).toEqual(["admin", "suzuki"]);
  });

  it("answers 404 for an unknown space", async () => {
    await expect(
      t.client.space.getSpaceMembers({ id: 9999 }),
    ).rejects.toMatchObject({ status: 404, code: "GAIA_SP01" });
  });
});

describe("creating an app in a space (preview/app.json)", () => {
  // https://cybozu.dev/ja/kintone/docs/rest-api/apps/add-app/ (`space`, `thread`), and who may
  // create apps in a space: https://jp.kintone.help/k/ja/space/basic/allow_spaceadmin_app .
  // rest-api-client's addApp reads the space (space.json) and always sends its defaultThread,
  // so the other combinations are sent with fetch.
  const postApp = async (
    body: Record<string, unknown>,
  ): Promise<{ status: number; app?: string; code?: string }> => {
    const response = await fetch(`${t.sandbox.url}/k/v1/preview/app.json`, {
      method: "POST",
      headers: {
        "X-Cybozu-Authorization": Buffer.from("admin:admin").toString("base64"),
        "Content-Type": "application/json",
      },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as { app?: string; code?: string };
    return { status: response.status, ...json };
  };

  it("puts it in the space's thread, given or not", async () => {
    const { id, defaultThread } = t.sandbox.createSpace({ name: "作成先" });
    const { app: byClient } = await t.client.app.addApp({
      name: "a",
      space: id,
    });
    const { app: withoutThread } = await postApp({ name: "b", space: id });
    await t.client.app.deployApp({
      apps: [{ app: byClient }, { app: String(withoutThread) }],
    });
    for (const app of [byClient, String(withoutThread)]) {
      await expect(t.client.app.getApp({ id: app })).resolves.toMatchObject({
        spaceId: id,
        threadId: defaultThread,
      });
    }
  });

  it("refuses a thread of no such space, a thread without a space, and an unknown space", async () => {
    const { id, defaultThread } = t.sandbox.createSpace({ name: "スレッド" });
    expect(await postApp({ name: "x", space: id, thread: 9999 })).toMatchObject(
      { status: 400, code: "CB_VA01" },
    );
    expect(await postApp({ name: "x", thread: defaultThread })).toMatchObject({
      status: 400,
      code: "CB_VA01",
    });
    expect(await postApp({ name: "x", space: 9999 })).toMatchObject({
      status: 404,
      code: "GAIA_SP01",
    });
  });

  it("is for members of a private space, and for space administrators when the space says so", async () => {
    const closed = t.sandbox.createSpace({ name: "非公開2", isPrivate: true });
    const limited = t.sandbox.createSpace({
      name: "作成制限",
      createApp: "ADMIN",
      members: [user("admin", true), user("sato")],
    });
    await expect(
      clientOf("sato").app.addApp({ name: "x", space: closed.id }),
    ).rejects.toMatchObject({ status: 403, code: "CB_NO02" });
    await expect(
      clientOf("sato").app.addApp({ name: "x", space: limited.id }),
    ).rejects.toMatchObject({ status: 403, code: "CB_NO02" });
    await expect(
      t.client.app.addApp({ name: "x", space: limited.id }),
    ).resolves.toHaveProperty("app");
  });
});
