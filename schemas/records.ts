/**
 * Plain field values of each app's records, derived from the record types that @kintone/dts-gen
 * generated from the deployed apps (schemas/types/*.d.ts, `npm run types`). Code that writes or
 * reads these apps uses them, so a field added to or removed from a schema changes what compiles.
 */
export type FieldValues<T> = {
  [K in keyof T]: T[K] extends { value: infer V } ? V : never;
};

export type OfficeValues = FieldValues<kintone.types.Offices>;
export type RegistrationValues = FieldValues<kintone.types.Registration>;
export type ConsentValues = FieldValues<kintone.types.Consent>;
export type ProgressValues = FieldValues<kintone.types.Progress>;
export type AccessLogValues = FieldValues<kintone.types.AccessLog>;

/** A saved progress record as the REST API returns it (with $id, $revision and system fields). */
export type SavedProgress = kintone.types.SavedProgress;
export type SavedRegistration = kintone.types.SavedRegistration;
