/**
 * Every API the local kintone implements is one kintone's OpenAPI description knows (method
 * and path), except the documented sandbox-only ones under `sandbox/` and kintone's API Lab
 * APIs; so the response checks
 * every sandbox test runs (test/support/sandbox.ts) can apply to each of them. The description
 * is the committed, trimmed contract (sandbox/contract/openapi.yaml): an API added to the
 * sandbox without regenerating it (`npm run contract`) fails here.
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { allRoutes, inOpenApi } from "../sandbox/index.ts";
import { CONTRACT_PATH } from "./support/openapi.ts";

const spec = parse(readFileSync(CONTRACT_PATH, "utf8")) as {
  paths: Record<string, Record<string, unknown>>;
};

describe("the sandbox's routes", () => {
  it("are all described by kintone's OpenAPI description, sandbox-only ones aside", () => {
    const undescribed = allRoutes
      .filter(inOpenApi)
      .filter((r) => !spec.paths[`/k/v1/${r.api}`]?.[r.method.toLowerCase()])
      .map((r) => `${r.method} ${r.api}`);
    expect(undescribed).toEqual([]);
  });

  it("include every record and app API the project's clients use", () => {
    const have = new Set(allRoutes.map((r) => `${r.method} ${r.api}`));
    const needed = [
      "GET record.json",
      "POST record.json",
      "PUT record.json",
      "GET records.json",
      "POST records.json",
      "PUT records.json",
      "DELETE records.json",
      "POST records/cursor.json",
      "GET records/cursor.json",
      "DELETE records/cursor.json",
      "POST bulkRequest.json",
      "PUT record/status.json",
      "PUT records/status.json",
      "PUT record/assignees.json",
      "POST record/comment.json",
      "DELETE record/comment.json",
      "GET record/comments.json",
      "POST file.json",
      "GET file.json",
      "GET app.json",
      "GET apps.json",
      "POST preview/app.json",
      "GET app/form/fields.json",
      "POST preview/app/form/fields.json",
      "PUT preview/app/form/fields.json",
      "DELETE preview/app/form/fields.json",
      "PUT preview/app/form/layout.json",
      "PUT preview/app/views.json",
      "PUT preview/app/settings.json",
      "PUT preview/app/status.json",
      "PUT preview/app/customize.json",
      "PUT preview/app/acl.json",
      "POST preview/app/deploy.json",
      "GET preview/app/deploy.json",
      "POST plugin.json",
      "PUT plugin.json",
      "DELETE plugin.json",
      "GET plugins.json",
      "GET preview/app/plugins.json",
      "POST preview/app/plugins.json",
    ];
    expect(needed.filter((n) => !have.has(n))).toEqual([]);
  });
});
