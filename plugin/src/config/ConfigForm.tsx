/**
 * The plugin's settings screen (React): which of the app's fields hold the address, the office,
 * the name, the dates and the reasons (only fields of the right type are offered), the process
 * actions' names, the idle days and the suspension text. Saving is refused, with each problem
 * next to its setting, while a mapping is missing or of the wrong type.
 */
import { useState, type ReactNode } from "react";
import {
  actionSettingLabels,
  actionSettings,
  fieldChoices,
  fieldSettingLabels,
  fieldSettings,
  validateSettings,
  type AppFields,
  type Settings,
  type SettingsProblem,
} from "../../config/settings.ts";

export interface ConfigFormProps {
  appFields: AppFields;
  initial: Settings;
  /** Why some saved settings were replaced by defaults (shown once). */
  initialProblems?: readonly SettingsProblem[];
  onSave: (settings: Settings) => Promise<void>;
  /** Where 「キャンセル」 goes (the app's plugin list). */
  cancelHref: string;
}

const Row = (p: {
  id: string;
  label: string;
  problem: string | undefined;
  children: ReactNode;
}) => (
  <div className={`kaigo-config-row${p.problem ? " invalid" : ""}`}>
    <label htmlFor={p.id}>{p.label}</label>
    {p.problem ? (
      <p className="kaigo-config-error" id={`${p.id}-error`}>
        {p.problem}
      </p>
    ) : null}
    {p.children}
  </div>
);

export const ConfigForm = (props: ConfigFormProps) => {
  const [settings, setSettings] = useState<Settings>(props.initial);
  const [problems, setProblems] = useState<readonly SettingsProblem[]>(
    props.initialProblems ?? [],
  );
  const [status, setStatus] = useState("");
  const problemOf = (key: string) =>
    problems.find((p) => p.key === key)?.message;
  const described = (id: string, key: string) =>
    problemOf(key)
      ? { "aria-invalid": true, "aria-describedby": `${id}-error` }
      : {};

  const save = async () => {
    const found = validateSettings(settings, props.appFields);
    setProblems(found);
    if (found.length > 0) {
      setStatus(
        `設定を保存できません。${found.length}件の項目を確認してください。`,
      );
      return;
    }
    setStatus("保存しています…");
    try {
      await props.onSave(settings);
      setStatus("保存しました。アプリを更新すると反映されます。");
    } catch {
      setStatus("保存できませんでした。もう一度お試しください。");
    }
  };

  return (
    <form
      className="kaigo-config"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        save().catch(() => undefined);
      }}
    >
      <h1>事業所利用登録プラグインの設定</h1>
      <p role="status" className="kaigo-config-status">
        {status}
      </p>
      <fieldset>
        <legend>フィールドの対応</legend>
        {fieldSettings.map((setting) => {
          const id = `field-${setting}`;
          const key = `fields.${setting}`;
          return (
            <Row
              key={setting}
              id={id}
              label={fieldSettingLabels[setting]}
              problem={problemOf(key)}
            >
              <select
                id={id}
                value={settings.fields[setting]}
                {...described(id, key)}
                onChange={(e) =>
                  setSettings({
                    ...settings,
                    fields: { ...settings.fields, [setting]: e.target.value },
                  })
                }
              >
                <option value="">（選んでください）</option>
                {fieldChoices(props.appFields, setting).map((f) => (
                  <option key={f.code} value={f.code}>
                    {f.label}（{f.code}）
                  </option>
                ))}
              </select>
            </Row>
          );
        })}
      </fieldset>
      <fieldset>
        <legend>プロセス管理のアクション名</legend>
        {actionSettings.map((setting) => {
          const id = `action-${setting}`;
          const key = `actions.${setting}`;
          return (
            <Row
              key={setting}
              id={id}
              label={actionSettingLabels[setting]}
              problem={problemOf(key)}
            >
              <input
                id={id}
                type="text"
                value={settings.actions[setting]}
                {...described(id, key)}
                onChange={(e) =>
                  setSettings({
                    ...settings,
                    actions: { ...settings.actions, [setting]: e.target.value },
                  })
                }
              />
            </Row>
          );
        })}
      </fieldset>
      <fieldset>
        <legend>休眠アカウントの整理</legend>
        <Row
          id="idle-days"
          label="利用がない日数（この日数ログインがないと休眠とみなします）"
          problem={problemOf("idle.days")}
        >
          <input
            id="idle-days"
            type="number"
            inputMode="numeric"
            min={1}
            value={String(settings.idle.days)}
            {...described("idle-days", "idle.days")}
            onChange={(e) =>
              setSettings({
                ...settings,
                idle: { days: Number(e.target.value) },
              })
            }
          />
        </Row>
        <Row
          id="suspension-reason"
          label="利用停止理由に書く文言"
          problem={problemOf("texts.suspensionReason")}
        >
          <input
            id="suspension-reason"
            type="text"
            value={settings.texts.suspensionReason}
            {...described("suspension-reason", "texts.suspensionReason")}
            onChange={(e) =>
              setSettings({
                ...settings,
                texts: { suspensionReason: e.target.value },
              })
            }
          />
        </Row>
      </fieldset>
      <div className="kaigo-config-buttons">
        <button type="submit">保存する</button>
        <a href={props.cancelHref}>キャンセル</a>
      </div>
    </form>
  );
};
