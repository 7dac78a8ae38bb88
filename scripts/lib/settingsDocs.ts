/**
 * README's table of the portal's settings and `.env.example`, both made from the settings table
 * (portal/settings.ts) by `npm run settings` (scripts/settings.ts); a test compares the files
 * with them.
 */
import {
  groupTitles,
  settings,
  shownDefault,
  shownRange,
  type Setting,
} from "../../portal/settings.ts";

export const BEGIN = "<!-- settings:begin -->";
export const END = "<!-- settings:end -->";

const cell = (text: string): string =>
  text.replace(/\|/gu, "\\|").replace(/\n/gu, " ");

/** A value one could write is shown as code; a description (なし, 起動ごとに乱数) as text. */
const isValue = (s: Setting): boolean =>
  s.kind !== "text" || s.fallback !== undefined || /[<>]/u.test(s.shown);

const defaultCell = (s: Setting): string => {
  const shown = shownDefault(s);
  const range = shownRange(s);
  const value = isValue(s) ? `\`${shown}\`` : shown;
  return range === "" ? value : `${value} (${range})`;
};

/**
 * The markdown table, unaligned: the script formats it as prettier formats the README (prettier
 * is loaded there, not here, so that tests can import this file).
 */
export const settingsTableSource = (): string => {
  const rows = settings.map(
    (s) =>
      `| \`${s.name}\` | ${cell(s.meaning)} | ${cell(defaultCell(s))} | ${s.production ? "必須" : ""} |`,
  );
  return [
    "| variable | meaning | default | production |",
    "| --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
};

/** `readme` with its settings region replaced by `table`; throws when the markers are missing. */
export const withSettingsTable = (readme: string, table: string): string => {
  const begin = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (begin < 0 || end < begin) {
    throw new Error(`README.md has no ${BEGIN} … ${END} region`);
  }
  return `${readme.slice(0, begin + BEGIN.length)}\n\n${table}\n\n${readme.slice(end)}`;
};

/** The table region of `readme` (between the markers), for the test. */
export const settingsRegion = (readme: string): string => {
  const begin = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  return begin < 0 || end < begin
    ? ""
    : readme.slice(begin + BEGIN.length, end).trim();
};

const HEADER = [
  "# ポータル（npm run portal）の設定の例です。portal/settings.ts から npm run settings が作ります。",
  "# このファイルは書き換えず、コピーした .env などに実際の値を書いてください（.env は git に登録されません）。",
  "# 秘密の値（API トークン、Webhook の秘密、SMTP のパスワード）はここには書きません。",
  "# 「本番で必須」の項目が未設定か例のままだと、npm run portal は問題を1行ずつ示して起動しません。",
  "# 起動せずに確かめるには: npm run portal -- --check",
  "# 行頭に # がある項目は既定値のままで動きます。変えるときだけ # を外して値を書いてください。",
];

const entry = (s: Setting): string[] => {
  const notes = [
    s.production ? "本番で必須" : `既定: ${shownDefault(s) || "なし"}`,
    ...(shownRange(s) === "" ? [] : [`${shownRange(s)} の整数`]),
  ];
  const comment = `# ${s.meaning}（${notes.join("、")}）`;
  if (s.production) {
    return [comment, `${s.name}=${s.example ?? ""}`];
  }
  const fixed = s.kind === "text" ? (s.fallback ?? "") : String(s.fallback);
  return [comment, `# ${s.name}=${fixed}`];
};

/** `.env.example`: every setting, grouped, with its meaning, in Japanese. */
export const envExample = (): string => {
  const lines = [...HEADER];
  let group: string | null = null;
  for (const s of settings) {
    if (s.group !== group) {
      group = s.group;
      lines.push("", `# ── ${groupTitles[s.group]} ──`);
    }
    lines.push(...entry(s));
  }
  return `${lines.join("\n")}\n`;
};
