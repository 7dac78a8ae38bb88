import {
  appSchemas,
  offices,
  progress,
  registration,
} from "../../../schemas/index.ts";
import type { AppSchema } from "../../../schemas/types.ts";
import { formatPlan } from "../format.ts";
import {
  emptyState,
  livesBehind,
  planApp,
  type AppCodeOf,
  type AppState,
  type Json,
} from "../plan.ts";
import { deployedState } from "./kintoneState.ts";

const codeOf: AppCodeOf = (id) => (id === "1" ? "offices" : undefined);

const copy = <T>(v: T): T => structuredClone(v);

const propertyOf = (state: AppState, code: string): Json => {
  const p = state.properties[code];
  if (!p) {
    throw new Error(code);
  }
  return p;
};

describe("planApp", () => {
  it.each(appSchemas.map((s) => [s.code, s] as const))(
    "plans nothing for %s when kintone answers what the schema says",
    (_code, schema) => {
      expect(planApp(schema, deployedState(schema), codeOf)).toEqual([]);
    },
  );

  it("reads kintone's string and boolean forms as the schema's values", () => {
    const state = deployedState(offices);
    const officeNo = propertyOf(state, "officeNo");
    officeNo.required = "true";
    officeNo.maxLength = 10;
    expect(planApp(offices, state, codeOf)).toEqual([]);
  });

  it("plans exactly one field change, with the old and new value, for one changed label", () => {
    const schema = copy(progress);
    (schema.fields.stage as { label: string }).label = "進捗状況";
    expect(planApp(schema, deployedState(progress), codeOf)).toEqual([
      {
        kind: "changeField",
        code: "stage",
        label: "進捗状況",
        diffs: [{ key: "label", from: "進捗", to: "進捗状況" }],
      },
    ]);
  });

  it("adds fields the app lacks and removes fields the schema does not name, system fields excepted", () => {
    const state = deployedState(offices);
    delete state.properties.phone;
    state.properties.oldField = {
      type: "SINGLE_LINE_TEXT",
      code: "oldField",
      label: "旧項目",
    };
    const changes = planApp(offices, state, codeOf).filter(
      (c) => c.kind !== "layout",
    );
    expect(changes).toEqual([
      { kind: "addField", code: "phone", label: "電話番号" },
      {
        kind: "removeField",
        code: "oldField",
        label: "旧項目",
        type: "SINGLE_LINE_TEXT",
      },
    ]);
  });

  it("renames system fields found by type, whatever their default code", () => {
    const state = deployedState(offices);
    const recordNumber = propertyOf(state, "recordNumber");
    delete state.properties.recordNumber;
    state.properties.Record_number = {
      ...recordNumber,
      code: "Record_number",
    };
    expect(planApp(offices, state, codeOf)).toEqual([
      {
        kind: "systemField",
        type: "RECORD_NUMBER",
        from: "Record_number",
        to: "recordNumber",
      },
    ]);
  });

  it("compares a lookup by its source app's schema code, not by the id", () => {
    const same = deployedState(registration, { offices: "1" });
    expect(planApp(registration, same, codeOf)).toEqual([]);
    const elsewhere = deployedState(registration, { offices: "7" });
    expect(planApp(registration, elsewhere, codeOf)).toEqual([
      {
        kind: "changeField",
        code: "officeNo",
        label: "事業所番号",
        diffs: [
          expect.objectContaining({
            key: "lookup",
            from: expect.objectContaining({ relatedApp: "#7" }),
            to: expect.objectContaining({ relatedApp: "offices" }),
          }),
        ],
      },
    ]);
  });

  it("refuses a type change as a planned retype, not an update", () => {
    const state = deployedState(offices);
    propertyOf(state, "serviceType").type = "RADIO_BUTTON";
    expect(planApp(offices, state, codeOf)).toEqual([
      {
        kind: "retypeField",
        code: "serviceType",
        label: "サービス種別",
        from: "RADIO_BUTTON",
        to: "DROP_DOWN",
      },
    ]);
  });

  it("ignores layout sizes but sees a moved field", () => {
    const state = deployedState(offices);
    expect(planApp(offices, state, codeOf)).toEqual([]);
    const moved = copy(state);
    const [first, second] = moved.layout as Json[];
    moved.layout[0] = second;
    moved.layout[1] = first;
    expect(planApp(offices, moved, codeOf)).toEqual([{ kind: "layout" }]);
  });

  it("plans views by name: changed keys, additions and removals, leaving kintone's built-in view alone", () => {
    const state = deployedState(progress);
    const waiting = state.views["審査会待ち"] as Json;
    waiting.filterCond = "";
    delete state.views["今月の審査会"];
    state.views["古い一覧"] = {
      type: "LIST",
      name: "古い一覧",
      index: "5",
      fields: [],
    };
    expect(planApp(progress, state, codeOf)).toEqual([
      { kind: "changeView", name: "審査会待ち", keys: ["filterCond"] },
      { kind: "addView", name: "今月の審査会" },
      { kind: "removeView", name: "古い一覧" },
    ]);
    expect(planApp(registration, deployedState(registration), codeOf)).toEqual(
      [],
    );
  });

  it("plans process management by state order and action name, from and to", () => {
    const state = deployedState(registration);
    const states = state.status.states as Record<string, Json>;
    const [a, b] = Object.keys(states) as [string, string];
    (states[a] as Json).index = "1";
    (states[b] as Json).index = "0";
    expect(planApp(registration, state, codeOf)).toEqual([
      { kind: "process", keys: ["states"] },
    ]);
    const off = deployedState(registration);
    off.status = { enable: false, states: null, actions: null };
    expect(planApp(registration, off, codeOf)).toEqual([
      { kind: "process", keys: ["enable", "states", "actions"] },
    ]);
  });

  it("plans the states again when a status has assignees (kintone's default: the creator)", () => {
    const state = deployedState(registration);
    const states = state.status.states as Record<string, Json>;
    const first = Object.keys(states)[0] as string;
    (states[first] as Json).assignee = {
      type: "ONE",
      entities: [{ entity: { type: "CREATOR", code: null } }],
    };
    expect(planApp(registration, state, codeOf)).toEqual([
      { kind: "process", keys: ["states"] },
    ]);
  });

  it("turns process management off when the schema has none", () => {
    const state = deployedState(offices);
    state.status = {
      enable: true,
      states: { 未処理: { name: "未処理", index: "0" } },
      actions: [],
    };
    expect(planApp(offices, state, codeOf)).toEqual([
      { kind: "process", keys: ["enable"] },
    ]);
  });

  it("plans the general settings keys that differ", () => {
    const schema: AppSchema = {
      ...offices,
      description: "新しい説明",
      theme: "BLUE",
    };
    expect(planApp(schema, deployedState(offices), codeOf)).toEqual([
      { kind: "general", keys: ["description", "theme"] },
    ]);
  });

  it("plans everything for an app that does not exist yet", () => {
    const changes = planApp(progress, emptyState(progress), codeOf);
    const kinds = new Set(changes.map((c) => c.kind));
    expect([...kinds]).toEqual([
      "general",
      "systemField",
      "addField",
      "layout",
      "addView",
      "appAcl",
    ]);
    expect(changes.filter((c) => c.kind === "addField")).toHaveLength(
      Object.keys(progress.fields).length,
    );
  });
});

describe("livesBehind", () => {
  it("is true for a never-deployed app and for live settings that differ, false when equal", () => {
    const preview = deployedState(offices);
    expect(livesBehind(preview, null)).toBe(true);
    const live = copy(preview);
    live.general.revision = "3";
    live.revision = "3";
    expect(livesBehind(preview, live)).toBe(false);
    delete live.properties.phone;
    expect(livesBehind(preview, live)).toBe(true);
  });
});

describe("formatPlan", () => {
  it("prints each kind of change as one Japanese line under the app's name", () => {
    expect(
      formatPlan({
        code: "progress",
        name: "認定進捗",
        appId: "4",
        changes: [
          { kind: "general", keys: ["description"] },
          {
            kind: "systemField",
            type: "CREATOR",
            from: "作成者",
            to: "creator",
          },
          { kind: "addField", code: "applicationNo", label: "申請番号" },
          {
            kind: "changeField",
            code: "stage",
            label: "進捗状況",
            diffs: [{ key: "label", from: "進捗", to: "進捗状況" }],
          },
          {
            kind: "removeField",
            code: "oldField",
            label: "旧項目",
            type: "SINGLE_LINE_TEXT",
            hasData: true,
          },
          { kind: "layout" },
          { kind: "changeView", name: "審査会待ち", keys: ["filterCond"] },
          { kind: "process", keys: ["states"] },
        ],
      }),
    ).toEqual([
      "【認定進捗】",
      "  ~ 一般設定 変更: description",
      "  ~ システムフィールドのコード変更: 作成者 → creator",
      "  + フィールド追加: applicationNo（申請番号）",
      "  ~ フィールド変更: stage（進捗状況）: label 「進捗」→「進捗状況」",
      "  - フィールド削除: oldField（旧項目）（データあり）",
      "  ~ レイアウト 変更",
      "  ~ 一覧 変更: 審査会待ち（filterCond）",
      "  ~ プロセス管理 変更: ステータス",
    ]);
  });

  it("prints 変更なし for an app with nothing to do", () => {
    expect(
      formatPlan({
        code: "offices",
        name: "事業所マスタ",
        appId: "1",
        changes: [],
      }),
    ).toEqual(["【事業所マスタ】", "  変更なし"]);
  });
});
