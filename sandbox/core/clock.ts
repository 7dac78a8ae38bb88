/** kintone's timestamps: UTC, seconds always 00 (docs/kintone-rest-notes.md §5.1). */
export const kintoneTime = (d: Date): string =>
  `${d.toISOString().slice(0, 16)}:00Z`;
