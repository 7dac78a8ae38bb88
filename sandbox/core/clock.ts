/** kintone's timestamps: UTC, seconds always 00 (docs/kintone-behaviour.md §5.1). */
export const kintoneTime = (d: Date): string =>
  `${d.toISOString().slice(0, 16)}:00Z`;
