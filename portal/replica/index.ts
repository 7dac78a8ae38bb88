/** The portal's local read replica of kintone (see replica.ts). */
export {
  openReplica,
  type Replica,
  type ReplicaApp,
  type ReplicaOptions,
  type ReplicaStatus,
  type AfterSync,
  type RegistrationNoticeRow,
  type RegistrationReplicaRow,
  type SyncOutcome,
} from "./replica.ts";
export type {
  KintoneRecord,
  RegistrationRow,
  ReplicaReader,
  SyncStatus,
} from "./types.ts";
