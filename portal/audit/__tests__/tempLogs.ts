/**
 * Audit logs in a fresh temporary folder per test, closed and deleted after it (tests may close
 * a log themselves first).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openAuditLog, type AuditLog, type AuditLogOptions } from "../log.ts";

export const useTempAuditLogs = (
  prefix: string,
): {
  open: (name?: string, o?: AuditLogOptions) => AuditLog;
  dir: () => string;
} => {
  let dir = "";
  const opened: AuditLog[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(() => {
    for (const log of opened.splice(0)) {
      try {
        log.close();
      } catch {
        // already closed by the test
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    open: (name = "a.sqlite", o = {}) => {
      const log = openAuditLog(join(dir, name), o);
      opened.push(log);
      return log;
    },
    dir: () => dir,
  };
};
