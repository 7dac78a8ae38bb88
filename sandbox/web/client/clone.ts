/** A deep copy of JSON data (records, events): what handlers get cannot change the page's copy. */
export const clone = <T>(value: T): T =>
  value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
