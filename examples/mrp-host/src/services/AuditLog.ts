import type { Kysely } from 'kysely';
import type { AuditEvent } from '@mrp-plm/mrp-integration';
import type { HostTables } from '../db/HostTables.js';

/** One audit entry as the API and pages show it. */
export interface AuditEntry {
  readonly id: number;
  readonly at: string;
  /** The user id, or `system` / `plm-integration`. */
  readonly actor: string;
  /** e.g. `login`, `login.failed`, `plm.mode-changed`, `plm.fell-back`, `work-order.created`. */
  readonly action: string;
  readonly subject: string | null;
  readonly details: Readonly<Record<string, unknown>>;
}

/** What is written. */
export interface AuditRecord {
  readonly actor: string;
  readonly action: string;
  readonly subject?: string | null | undefined;
  readonly details?: Readonly<Record<string, unknown>> | undefined;
}

/** Writes an audit row (inside the caller's transaction when `db` is one). */
export async function writeAudit(
  db: Kysely<HostTables>,
  record: AuditRecord,
  at: Date,
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: at.toISOString(),
      actor: record.actor,
      action: record.action,
      subject: record.subject ?? null,
      details: JSON.stringify(record.details ?? {}),
    })
    .execute();
}

/** The newest entries first, paged by id. */
export async function listAudit(
  db: Kysely<HostTables>,
  options: {
    readonly limit: number;
    readonly beforeId?: number | undefined;
    readonly action?: string | undefined;
  },
): Promise<AuditEntry[]> {
  let q = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(options.limit);
  if (options.beforeId !== undefined) q = q.where('id', '<', options.beforeId);
  if (options.action !== undefined) q = q.where('action', '=', options.action);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: Number(r.id),
    at: r.at,
    actor: r.actor,
    action: r.action,
    subject: r.subject,
    details: JSON.parse(r.details) as Record<string, unknown>,
  }));
}

/** The actions the log holds, sorted (the audit page's filter). */
export async function listAuditActions(db: Kysely<HostTables>): Promise<string[]> {
  const rows = await db
    .selectFrom('audit_log')
    .select('action')
    .distinct()
    .orderBy('action')
    .execute();
  return rows.map((r) => r.action);
}

/**
 * The audit record of one of the integration's events: mode changes, fallbacks and circuit
 * transitions (what `integration.subscribe` reports).
 */
export function auditRecordOf(event: AuditEvent): AuditRecord {
  switch (event.type) {
    case 'read.fell-back':
      return {
        actor: event.caller?.userId ?? 'plm-integration',
        action: 'plm.fell-back',
        subject: event.modelId ?? null,
        details: {
          resource: event.resource,
          reason: event.reason,
          servedBy: event.servedBy,
          correlationId: event.correlationId,
          ...(event.issues === undefined ? {} : { issues: event.issues }),
        },
      };
    case 'mode.changed':
      return {
        actor: event.by,
        action: 'plm.mode-changed',
        subject: null,
        details: {
          from: event.from,
          to: event.to,
          models: event.models,
          previousModels: event.previousModels,
          reason: event.reason,
        },
      };
    case 'breaker.transition':
      return {
        actor: 'plm-integration',
        action: 'plm.circuit',
        subject: null,
        details: { from: event.from, to: event.to, reason: event.reason },
      };
    case 'alert.changed':
      return {
        actor: 'plm-integration',
        action: 'plm.alert',
        subject: event.alert,
        details: { from: event.from, to: event.to, value: event.value, threshold: event.threshold },
      };
    case 'guard.tripped':
      return {
        actor: 'plm-migration-guard',
        action: 'plm.guard-tripped',
        subject: null,
        details: {
          trigger: event.trigger,
          from: event.from,
          to: event.to,
          evidence: event.evidence,
        },
      };
    case 'guard.reset':
      return {
        actor: event.by,
        action: 'plm.guard-reset',
        subject: null,
        details: { reason: event.reason },
      };
    case 'circuit.admin':
      return {
        actor: event.by,
        action: `plm.circuit-${event.action}`,
        subject: null,
        details: { reason: event.reason },
      };
  }
}
