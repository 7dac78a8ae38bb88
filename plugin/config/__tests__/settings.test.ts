import fc from "fast-check";
import {
  defaultSettings,
  fieldChoices,
  fieldSettings,
  fromConfig,
  migrate,
  parseSettings,
  SETTINGS_VERSION,
  toConfig,
  validateSettings,
  type AppFields,
  type Settings,
  type SettingsV1,
} from "../settings.ts";

/** The 事業所利用登録 app's fields as GET app/form/fields.json gives them (the ones used). */
const registrationFields = (): AppFields => ({
  properties: {
    email: { type: "SINGLE_LINE_TEXT", code: "email", label: "メールアドレス" },
    officeNo: {
      type: "SINGLE_LINE_TEXT",
      code: "officeNo",
      label: "事業所番号",
    },
    officeName: {
      type: "SINGLE_LINE_TEXT",
      code: "officeName",
      label: "事業所名",
    },
    staffNameKana: {
      type: "SINGLE_LINE_TEXT",
      code: "staffNameKana",
      label: "担当者氏名（全角カナ）",
    },
    reviewer: { type: "SINGLE_LINE_TEXT", code: "reviewer", label: "審査者" },
    reviewedAt: { type: "DATETIME", code: "reviewedAt", label: "審査日時" },
    returnReason: {
      type: "MULTI_LINE_TEXT",
      code: "returnReason",
      label: "差戻し・却下理由",
    },
    lastLoginAt: {
      type: "DATETIME",
      code: "lastLoginAt",
      label: "最終ログイン日時",
    },
    suspendedAt: {
      type: "DATETIME",
      code: "suspendedAt",
      label: "利用停止日時",
    },
    suspensionReason: {
      type: "MULTI_LINE_TEXT",
      code: "suspensionReason",
      label: "利用停止理由",
    },
    applicationDate: { type: "DATE", code: "applicationDate", label: "申請日" },
    recordNumber: {
      type: "RECORD_NUMBER",
      code: "recordNumber",
      label: "レコード番号",
    },
  },
});

const v1 = (over: Partial<SettingsV1> = {}): SettingsV1 => {
  const d = defaultSettings();
  return {
    version: 1,
    fields: d.fields,
    actions: d.actions,
    idleDays: "90",
    ...over,
  };
};

describe("defaultSettings", () => {
  it("names the registration app's fields and actions, 60 idle days and 長期間未使用", () => {
    const d = defaultSettings();
    expect(d.version).toBe(SETTINGS_VERSION);
    expect(d.fields.lastLoginAt).toBe("lastLoginAt");
    expect(d.actions).toEqual({
      start: "審査開始",
      approve: "承認",
      return: "差戻し",
      reject: "却下",
      suspend: "利用停止",
    });
    expect(d.idle.days).toBe(60);
    expect(d.texts.suspensionReason).toBe("長期間未使用");
  });

  it("is valid for the app as schemas/ defines it", () => {
    expect(validateSettings(defaultSettings(), registrationFields())).toEqual(
      [],
    );
  });

  it("gives a fresh object each time (a screen may change it)", () => {
    const a = defaultSettings();
    a.fields.email = "changed";
    expect(defaultSettings().fields.email).toBe("email");
  });
});

describe("parseSettings", () => {
  it("gives the defaults without a problem when nothing is saved yet", () => {
    expect(parseSettings(undefined)).toEqual({
      settings: defaultSettings(),
      problems: [],
    });
    expect(parseSettings("  ")).toEqual({
      settings: defaultSettings(),
      problems: [],
    });
  });

  it("reads back what toConfig saved", () => {
    const s: Settings = {
      ...defaultSettings(),
      idle: { days: 45 },
      texts: { suspensionReason: "90日以上ログインなし" },
    };
    s.fields.reviewer = "審査担当者";
    expect(fromConfig(toConfig(s))).toEqual({ settings: s, problems: [] });
  });

  it("gives the defaults and a problem for text that is not JSON", () => {
    const { settings, problems } = parseSettings("{not json");
    expect(settings).toEqual(defaultSettings());
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toContain("JSON の形式ではありません");
  });

  it("gives the defaults and a problem for JSON that is not settings", () => {
    for (const raw of ["[]", "null", "42", '"x"']) {
      const { settings, problems } = parseSettings(raw);
      expect(settings).toEqual(defaultSettings());
      expect(problems).toHaveLength(1);
    }
  });

  it("refuses a version it does not know, saying so", () => {
    const { settings, problems } = parseSettings(
      JSON.stringify({ ...defaultSettings(), version: 3 }),
    );
    expect(settings).toEqual(defaultSettings());
    expect(problems).toEqual([
      expect.objectContaining({ key: "version" }),
    ] as unknown[]);
    expect(problems[0]?.message).toContain("version: 3");
  });

  it("keeps the good values and replaces each bad one by its default, with a problem per value", () => {
    const raw = JSON.stringify({
      version: 2,
      fields: { ...defaultSettings().fields, email: 5, reviewer: "担当" },
      actions: defaultSettings().actions,
      idle: { days: 0 },
      texts: { suspensionReason: "" },
    });
    const { settings, problems } = parseSettings(raw);
    expect(settings.fields.email).toBe("email");
    expect(settings.fields.reviewer).toBe("担当");
    expect(settings.idle.days).toBe(60);
    expect(settings.texts.suspensionReason).toBe("長期間未使用");
    expect(problems.map((p) => p.key)).toEqual([
      "idle.days",
      "texts.suspensionReason",
      "fields.email",
    ]);
  });

  it("never throws and always gives complete, valid-typed settings (fuzz)", () => {
    const settingsLike = fc.record(
      {
        version: fc.oneof(
          fc.constantFrom(1, 2, 3, "2"),
          fc.anything(),
        ) as fc.Arbitrary<unknown>,
        fields: fc.oneof(
          fc.dictionary(
            fc.constantFrom(...fieldSettings, "other"),
            fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
          ),
          fc.anything(),
        ),
        actions: fc.anything(),
        idle: fc.oneof(
          fc.record({ days: fc.oneof(fc.integer(), fc.double(), fc.string()) }),
          fc.anything(),
        ),
        idleDays: fc.oneof(fc.string(), fc.nat().map(String)),
        texts: fc.anything(),
      },
      { requiredKeys: [] },
    );
    const raws = fc.oneof(
      fc.string(),
      fc.json(),
      settingsLike.map((o) => JSON.stringify(o)),
    );
    fc.assert(
      fc.property(raws, (raw) => {
        const { settings, problems } = parseSettings(raw);
        expect(settings.version).toBe(SETTINGS_VERSION);
        for (const s of fieldSettings) {
          expect(typeof settings.fields[s]).toBe("string");
          expect(settings.fields[s].trim()).not.toBe("");
        }
        expect(Number.isInteger(settings.idle.days)).toBe(true);
        expect(settings.idle.days).toBeGreaterThanOrEqual(1);
        expect(settings.texts.suspensionReason).not.toBe("");
        expect(Array.isArray(problems)).toBe(true);
        // What it gives can be saved and read back unchanged, without a problem.
        expect(parseSettings(JSON.stringify(settings))).toEqual({
          settings,
          problems: [],
        });
      }),
      { numRuns: 500 },
    );
  });
});

describe("migrate", () => {
  it("carries version 1 forward: idle days from its string, the suspension text added", () => {
    const old = v1({ idleDays: " 90 " });
    old.fields = { ...old.fields, reviewer: "審査担当者" };
    old.actions = { ...old.actions, suspend: "停止する" };
    const migrated = migrate(old);
    expect(migrated).toEqual({
      version: 2,
      fields: { ...defaultSettings().fields, reviewer: "審査担当者" },
      actions: { ...defaultSettings().actions, suspend: "停止する" },
      idle: { days: 90 },
      texts: { suspensionReason: "長期間未使用" },
    });
    expect(validateSettings(migrate(v1()), registrationFields())).toEqual([]);
  });

  it("falls back to 60 days for a version 1 idle days that is not a whole number of days", () => {
    for (const idleDays of ["", "abc", "1.5", "-3", "0", "99999"]) {
      expect(migrate(v1({ idleDays })).idle.days).toBe(60);
    }
    const { problems } = parseSettings(JSON.stringify(v1({ idleDays: "abc" })));
    expect(problems.map((p) => p.key)).toEqual(["idle.days"]);
  });

  it("is what parseSettings does with saved version 1 settings", () => {
    const old = v1({ idleDays: "30" });
    expect(parseSettings(JSON.stringify(old))).toEqual({
      settings: migrate(old),
      problems: [],
    });
  });

  it("leaves current settings as they are", () => {
    const s = { ...defaultSettings(), idle: { days: 15 } };
    expect(migrate(s)).toEqual(s);
  });
});

describe("validateSettings", () => {
  it("asks for a field when a setting names none", () => {
    const s = defaultSettings();
    s.fields.email = "";
    expect(validateSettings(s, registrationFields())).toEqual([
      {
        key: "fields.email",
        message: "メールアドレスのフィールドを選んでください。",
      },
    ]);
  });

  it("names the wrong field and the type wanted", () => {
    const s = defaultSettings();
    s.fields.lastLoginAt = "applicationDate";
    s.fields.returnReason = "officeName";
    expect(validateSettings(s, registrationFields())).toEqual([
      {
        key: "fields.lastLoginAt",
        message:
          "最終ログイン日時には日時フィールドを選んでください（選ばれたフィールド: 申請日）。",
      },
      {
        key: "fields.returnReason",
        message:
          "差戻し・却下理由には文字列（複数行）フィールドを選んでください（選ばれたフィールド: 事業所名）。",
      },
    ]);
  });

  it("says when the field named is no longer in the app", () => {
    const s = defaultSettings();
    s.fields.suspendedAt = "removedField";
    expect(validateSettings(s, registrationFields())).toEqual([
      {
        key: "fields.suspendedAt",
        message:
          "利用停止日時のフィールド（フィールドコード: removedField）がアプリにありません。フィールドを選び直してください。",
      },
    ]);
  });

  it("refuses one field for two settings", () => {
    const s = defaultSettings();
    s.fields.reviewer = "email";
    expect(validateSettings(s, registrationFields())).toEqual([
      {
        key: "fields.reviewer",
        message: "審査者に、メールアドレスと同じフィールドは選べません。",
      },
    ]);
  });

  it("checks the action names, the idle days and the suspension text", () => {
    const s = defaultSettings();
    s.actions.approve = " ";
    s.idle.days = 0;
    s.texts.suspensionReason = "";
    expect(validateSettings(s, registrationFields()).map((p) => p.key)).toEqual(
      ["actions.approve", "idle.days", "texts.suspensionReason"],
    );
  });
});

describe("fieldChoices", () => {
  it("lists only the fields of the type a setting needs", () => {
    expect(fieldChoices(registrationFields(), "lastLoginAt")).toEqual([
      { code: "lastLoginAt", label: "最終ログイン日時" },
      { code: "reviewedAt", label: "審査日時" },
      { code: "suspendedAt", label: "利用停止日時" },
    ]);
    expect(
      fieldChoices(registrationFields(), "suspensionReason").map((c) => c.code),
    ).toEqual(["returnReason", "suspensionReason"]);
    expect(
      fieldChoices(registrationFields(), "email").map((c) => c.code),
    ).toContain("officeName");
  });

  it("gives an empty list for an app without such fields", () => {
    expect(fieldChoices({ properties: {} }, "email")).toEqual([]);
  });
});
