/**
 * Permissions as code, without a kintone: reading the staff entity, what the plan says about
 * the ACLs (in Japanese), and the matrix in schemas/README.md against the schemas.
 */
import { readFileSync } from "node:fs";
import { accessLog, appSchemas, progress } from "../../../schemas/index.ts";
import { CliError } from "../../lib/cli.ts";
import { formatPlan } from "../format.ts";
import { permissionMatrix } from "../matrix.ts";
import { appAclFor, parseStaff, type Entity } from "../permissions.ts";
import { planApp, type AppCodeOf } from "../plan.ts";
import { deployedState } from "./kintoneState.ts";

const codeOf: AppCodeOf = () => undefined;
const clerk: Entity = { type: "USER", code: "clerk" };

describe("parseStaff", () => {
  it("reads group:, organization: and user:, whatever the case of the prefix", () => {
    expect(parseStaff("group:ninteigakari")).toEqual({
      type: "GROUP",
      code: "ninteigakari",
    });
    expect(parseStaff(" Organization:kaigo ")).toEqual({
      type: "ORGANIZATION",
      code: "kaigo",
    });
    expect(parseStaff("user:clerk")).toEqual(clerk);
  });

  it("refuses anything else, and Administrators or everyone as staff, in Japanese", () => {
    for (const bad of ["ninteigakari", "role:x", "group:", "group:everyone"]) {
      expect(() => parseStaff(bad)).toThrow(CliError);
    }
    expect(() => parseStaff("group:Administrators")).toThrow(
      "職員に group:Administrators は指定できません。",
    );
    expect(() => parseStaff("x")).toThrow(
      "--staff（または KINTONE_STAFF）には group:<グループコード>、organization:<組織コード>、user:<ログイン名> のどれかを指定してください。",
    );
  });
});

describe("the plan of permissions", () => {
  it("shows the whole app ACL to write, in Japanese, when kintone's differs", () => {
    const state = deployedState(accessLog);
    const plan = {
      code: accessLog.code,
      name: accessLog.name,
      appId: "5",
      changes: planApp(accessLog, state, codeOf, clerk),
    };
    expect(formatPlan(plan)).toEqual([
      "【閲覧ログ】",
      "  ~ アプリのアクセス権 変更: 管理者 group:Administrators（アプリ管理・閲覧・追加・編集・削除・ファイルから読み込む・ファイルに書き出す）、職員（認定係） user:clerk（閲覧・ファイルに書き出す）、全員 group:everyone（なし）",
    ]);
  });

  it("plans nothing when kintone answers the same ACL with string booleans", () => {
    const state = deployedState(progress);
    state.acl = appAclFor(progress, clerk).map((r) =>
      Object.fromEntries(
        Object.entries(r).map(([k, v]) => [
          k,
          typeof v === "boolean" ? String(v) : v,
        ]),
      ),
    );
    expect(planApp(progress, state, codeOf, clerk)).toEqual([]);
  });

  it("takes an app ACL without the everyone entry for one with everyone allowed nothing", () => {
    const state = deployedState(progress);
    state.acl = appAclFor(progress, clerk).slice(0, 2);
    expect(planApp(progress, state, codeOf, clerk)).toEqual([]);
    state.acl = appAclFor(progress, clerk).map((r) =>
      (r.entity as Entity).code === "everyone"
        ? { ...r, recordViewable: true }
        : r,
    );
    expect(planApp(progress, state, codeOf, clerk).map((c) => c.kind)).toEqual([
      "appAcl",
    ]);
  });

  it("plans the app ACL when its entries are in another order (the order is the priority)", () => {
    const state = deployedState(progress);
    state.acl = appAclFor(progress, clerk).reverse();
    expect(planApp(progress, state, codeOf, clerk).map((c) => c.kind)).toEqual([
      "appAcl",
    ]);
  });

  it("plans the record ACL back to no condition when someone added one", () => {
    const state = deployedState(progress);
    state.recordAcl = [
      {
        filterCond: "",
        entities: [
          {
            entity: { type: "USER", code: "clerk" },
            viewable: true,
            editable: false,
            deletable: false,
            includeSubs: false,
          },
        ],
      },
    ];
    const plan = {
      code: progress.code,
      name: progress.name,
      appId: "4",
      changes: planApp(progress, state, codeOf, null),
    };
    expect(formatPlan(plan)).toEqual([
      "【認定進捗】",
      "  ~ レコードのアクセス権 変更: 条件なし（アプリのアクセス権のとおり）",
    ]);
  });
});

describe("schemas/README.md", () => {
  it("holds the permission matrix the schemas give", () => {
    const readme = readFileSync("schemas/README.md", "utf8");
    const block =
      /<!-- permissions:begin -->\n([\s\S]*?)<!-- permissions:end -->/.exec(
        readme,
      );
    // Cell by cell: Prettier pads the README's table, the generator does not.
    const cells = (lines: readonly string[]) =>
      lines
        .filter((l) => l.trim() !== "" && !/^\|[\s|:-]+\|$/.test(l))
        .map((l) => l.split("|").map((c) => c.trim()));
    expect(cells((block?.[1] ?? "").split("\n"))).toEqual(
      cells(permissionMatrix(appSchemas)),
    );
  });

  it("gives nobody but administrators delete or app settings, and everyone nothing", () => {
    for (const s of appSchemas) {
      expect(s.permissions.app.everyone).toEqual({});
      expect(s.permissions.app.staff.recordDeletable).toBeUndefined();
      expect(s.permissions.app.staff.appEditable).toBeUndefined();
      expect(s.permissions.app.admins.appEditable).toBe(true);
    }
    // kintone refuses edit or delete without view, and import without add.
    for (const s of appSchemas) {
      for (const r of Object.values(s.permissions.app)) {
        if (r.recordEditable || r.recordDeletable) {
          expect(r.recordViewable).toBe(true);
        }
        if (r.recordImportable) {
          expect(r.recordAddable).toBe(true);
        }
      }
    }
    expect(accessLog.permissions.app.staff).toEqual({
      recordViewable: true,
      recordExportable: true,
    });
  });
});
