/** The portal's audit trail (README.md in this folder). */
export {
  openAuditLog,
  searchFieldsOf,
  valuesOf,
  type AuditEvent,
  type AuditLog,
  type AuditLogOptions,
  type PendingEvent,
} from "./log.ts";
export {
  MAX_BATCH,
  startAuditShipper,
  type AuditShipper,
  type AuditShipperOptions,
  type ShipFailure,
  type ShipperStatus,
  type ShipResult,
} from "./shipper.ts";
