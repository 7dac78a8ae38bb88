/**
 * PRIMARY_ORGANIZATION() through the REST API: the caller's primary organization (from the
 * `--users` entry), and a condition on it ignored for a caller who has none.
 * https://cybozu.dev/ja/kintone/docs/overview/query (関数)
 */
import type { KintoneRestAPIClient } from "@kintone/rest-api-client";
import {
  ADMIN_USER,
  useTestSandbox,
  type TestSandbox,
} from "../../../test/support/sandbox.ts";
import { makeApp, text } from "../../records/__tests__/fixtures.ts";

let t: TestSandbox;
let app: string;

useTestSandbox(
  {
    users: [
      ADMIN_USER,
      {
        login: "clerk",
        password: "pw",
        name: "介護保険課",
        primaryOrganization: "kaigo",
      },
    ],
  },
  (started) => {
    t = started;
  },
);

const titles = async (client: KintoneRestAPIClient, query: string) =>
  (
    await client.record.getRecords({ app, query: `${query} order by $id asc` })
  ).records.map((r) => r.title?.value);

beforeAll(async () => {
  app = await makeApp(t, {
    fields: { title: text(), section: { type: "ORGANIZATION_SELECT" } },
  });
  await t.client.record.addRecords({
    app,
    records: [
      { title: { value: "介護" }, section: { value: [{ code: "kaigo" }] } },
      { title: { value: "国保" }, section: { value: [{ code: "kokuho" }] } },
      { title: { value: "なし" } },
    ] as never,
  });
});

it("finds the records of the caller's primary organization", async () => {
  const clerk = t.clientWith({ username: "clerk", password: "pw" });
  expect(await titles(clerk, "section in (PRIMARY_ORGANIZATION())")).toEqual([
    "介護",
  ]);
  expect(
    await titles(clerk, "section not in (PRIMARY_ORGANIZATION())"),
  ).toEqual(["国保", "なし"]);
});

it("ignores the condition for a caller with no primary organization", async () => {
  expect(
    await titles(
      t.client,
      'section in (PRIMARY_ORGANIZATION()) and title != "国保"',
    ),
  ).toEqual(["介護", "なし"]);
});
