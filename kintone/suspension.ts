/**
 * The requests that suspend idle accounts, as one kintone bulk request (all or nothing): the
 * process action 利用停止 for each record at the revision read (a record changed since — a login
 * — is not suspended), and the field values of the suspension (address deleted, 利用停止日時,
 * 利用停止理由). Written once for `npm run cleanup:idle` (@kintone/rest-api-client's
 * `bulkRequest`, by endpoint name) and the plugin (kintone.api's bulkRequest.json, by path).
 */

export interface SuspensionRequest {
  method: "PUT";
  /** kintone's endpoint name: `records/status` → /k/v1/records/status.json. */
  endpointName: "records/status" | "records";
  payload: Record<string, unknown>;
}

export const suspensionRequests = (o: {
  app: string;
  records: ReadonlyArray<{ id: string; revision: string }>;
  /** The field values written (domain/idle.ts suspensionOf, by the app's field codes). */
  values: Readonly<Record<string, { value: string }>>;
  action: string;
}): SuspensionRequest[] => [
  {
    method: "PUT",
    endpointName: "records/status",
    payload: {
      app: o.app,
      records: o.records.map((r) => ({
        id: r.id,
        action: o.action,
        revision: r.revision,
      })),
    },
  },
  {
    method: "PUT",
    endpointName: "records",
    // No revision: the action above, in the same transaction, has checked it.
    payload: {
      app: o.app,
      records: o.records.map((r) => ({ id: r.id, record: o.values })),
    },
  },
];

/** The same requests as kintone.api's `/k/v1/bulkRequest.json` takes them (by path). */
export const asApiRequests = (requests: readonly SuspensionRequest[]) =>
  requests.map((r) => ({
    method: r.method,
    api: `/k/v1/${r.endpointName}.json`,
    payload: r.payload,
  }));
