import { randomUUID } from 'node:crypto';
import {
  checkSelection,
  createIdTranslator,
  idTablesFromRows,
  mapBom,
  parseModelConfig,
  resolveMrpBom,
  type BomSelection,
  type IdTranslator,
  type MrpBom,
  type MrpModelConfig,
} from '@mrp-plm/adapter';
import {
  buildWorkOrderSnapshot,
  replaySnapshot,
  verifySnapshot,
  workOrderSnapshotSchema,
  type PlmIntegration,
  type PlmUsageEvent,
  type Provenanced,
  type SnapshotReplay,
  type SnapshotVerification,
  type WorkOrderSnapshot,
} from '@mrp-plm/mrp-integration';
import { sql, type Selectable } from 'kysely';
import { z } from 'zod';
import type { HostDatabase, HostTransaction } from '../db/openHostDatabase.js';
import type {
  VersionProvenance,
  WorkOrdersTable,
  WorkOrderVersionsTable,
} from '../db/HostTables.js';
import { AccessDeniedError } from '../errors/AccessDeniedError.js';
import { InvalidRequestError } from '../errors/InvalidRequestError.js';
import { WorkOrderConflictError } from '../errors/WorkOrderConflictError.js';
import { WorkOrderNotFoundError } from '../errors/WorkOrderNotFoundError.js';
import { canChange, canCreate, canView } from './Access.js';
import { writeAudit } from './AuditLog.js';
import { readIdTranslation, readModelRows } from './ProductTables.js';
import type { HostUser } from './Users.js';

/** A work order as the API returns it. */
export interface WorkOrder {
  /** `WO-000042`. */
  readonly id: string;
  readonly departmentId: string;
  readonly modelId: string;
  readonly trimId: string;
  readonly featureIds: readonly string[];
  readonly quantity: number;
  /** `YYYY-MM-DD`. */
  readonly dueDate: string;
  readonly status: WorkOrdersTable['status'];
  /** Where its product data came from; fixed at creation. */
  readonly dataSource: 'mrp' | 'plm';
  readonly currentVersion: number;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** One version of a work order with its frozen product data. */
export interface WorkOrderVersion {
  readonly version: number;
  readonly change: WorkOrderVersionsTable['change'];
  readonly status: WorkOrdersTable['status'];
  readonly trimId: string;
  readonly featureIds: readonly string[];
  readonly quantity: number;
  readonly dueDate: string;
  readonly provenance: VersionProvenance;
  readonly snapshot: WorkOrderSnapshot;
  readonly bom: MrpBom;
  readonly createdBy: string;
  readonly createdAt: string;
}

/** A work order with every version, oldest first. */
export interface WorkOrderDetail extends WorkOrder {
  readonly versions: readonly WorkOrderVersion[];
}

/** One page of work orders. */
export interface WorkOrderPage {
  readonly items: readonly WorkOrder[];
  readonly page: number;
  readonly pageSize: number;
  readonly total: number;
}

/** What a replay says about one version. */
export interface WorkOrderReplay {
  readonly workOrderId: string;
  readonly version: number;
  readonly dataSource: 'mrp' | 'plm';
  /** The snapshot is intact (hash and digest). */
  readonly verification: SnapshotVerification;
  /** The configuration re-derived from the stored payload equals the stored one. */
  readonly replay: SnapshotReplay;
}

/** Input of create (what the API's JSON body holds). */
export const createWorkOrderInputSchema = z.strictObject({
  modelId: z.string().min(1).max(64),
  trimId: z.string().min(1).max(64),
  featureIds: z.array(z.string().min(1).max(64)).max(200).default([]),
  quantity: z.number().int().min(1).max(100_000),
  dueDate: z.iso.date(),
  /** @default the user's department */
  departmentId: z.string().min(1).max(64).optional(),
});
/** Input of create. */
export type CreateWorkOrderInput = z.input<typeof createWorkOrderInputSchema>;

/** Input of edit: at least one field; `expectedVersion` guards against lost updates. */
export const editWorkOrderInputSchema = z
  .strictObject({
    trimId: z.string().min(1).max(64).optional(),
    featureIds: z.array(z.string().min(1).max(64)).max(200).optional(),
    quantity: z.number().int().min(1).max(100_000).optional(),
    dueDate: z.iso.date().optional(),
    expectedVersion: z.number().int().min(1).optional(),
  })
  .refine(
    (v) =>
      v.trimId !== undefined ||
      v.featureIds !== undefined ||
      v.quantity !== undefined ||
      v.dueDate !== undefined,
    { message: 'change at least one of trimId, featureIds, quantity, dueDate' },
  );
/** Input of edit. */
export type EditWorkOrderInput = z.input<typeof editWorkOrderInputSchema>;

/** Query of list. */
export const listWorkOrdersQuerySchema = z.strictObject({
  status: z.enum(['open', 'cancelled']).optional(),
  departmentId: z.string().min(1).max(64).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
/** Query of list. */
export type ListWorkOrdersQuery = z.input<typeof listWorkOrdersQuerySchema>;

/** Parses with zod and turns every issue into an {@link InvalidRequestError}. */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new InvalidRequestError(
    result.error.issues.map((i) => ({
      path: i.path.length === 0 ? '' : `/${i.path.map(String).join('/')}`,
      message: i.message,
    })),
    { cause: result.error },
  );
}

/** `WO-000042` ↔ 42. */
export const formatWorkOrderId = (n: number): string => `WO-${String(n).padStart(6, '0')}`;
const parseWorkOrderId = (id: string): number | undefined => {
  const m = /^(?:WO-)?(\d{1,9})$/.exec(id);
  return m === null ? undefined : Number(m[1]);
};

/**
 * What a BOM is resolved from: a stored snapshot, or (at create) the same fields of the resolved
 * configuration before its snapshot is built, so create builds (hashes, copies, freezes) it once.
 */
type BomSource = Pick<
  WorkOrderSnapshot,
  'dataSource' | 'payload' | 'mrp' | 'capturedAt' | 'plmSchemaVersion' | 'modelId' | 'workOrderId'
>;

/** The id pairs a snapshot's own DTO records (what its PLM payload is mapped with). */
function idsOfSnapshot(snapshot: Pick<WorkOrderSnapshot, 'mrp'>): IdTranslator {
  const pairs = new Map<string, string>();
  const dto = snapshot.mrp;
  if (dto.plmId !== null) pairs.set(dto.plmId, dto.id);
  for (const t of dto.trims) if (t.plmId !== null) pairs.set(t.plmId, t.id);
  for (const f of dto.features) if (f.plmId !== null) pairs.set(f.plmId, f.id);
  return createIdTranslator({ toMrp: pairs });
}

/** Everything the work-order service needs. */
export interface WorkOrderServiceOptions {
  readonly database: HostDatabase;
  readonly integration: PlmIntegration;
  /** @default () => new Date() */
  readonly now?: (() => Date) | undefined;
}

/** Work orders: create, edit, list, detail, cancel, replay — used by the JSON API and the pages. */
export interface WorkOrderService {
  create(user: HostUser, input: unknown, ctx?: { traceparent?: string }): Promise<WorkOrderDetail>;
  edit(user: HostUser, id: string, input: unknown): Promise<WorkOrderDetail>;
  cancel(user: HostUser, id: string, reason?: string): Promise<WorkOrderDetail>;
  list(user: HostUser, query: unknown): Promise<WorkOrderPage>;
  get(user: HostUser, id: string): Promise<WorkOrderDetail>;
  replay(user: HostUser, id: string, version: number): Promise<WorkOrderReplay>;
}

/**
 * The work-order service. Create resolves the model through the integration, checks the
 * selection, resolves the BOM with the adapter and writes the work order, version 1 with its
 * snapshot, the usage event and the audit row in one transaction.
 *
 * @example
 * ```ts
 * const workOrders = createWorkOrderService({ database, integration });
 * const wo = await workOrders.create(user, {
 *   modelId: 'M-1001', trimId: 'T-1001-1', featureIds: [], quantity: 2, dueDate: '2026-12-24',
 * });
 * ```
 */
export function createWorkOrderService(options: WorkOrderServiceOptions): WorkOrderService {
  const { database, integration } = options;
  const now = options.now ?? (() => new Date());
  const { db } = database;

  const usageIds = async (): Promise<IdTranslator> =>
    createIdTranslator(idTablesFromRows(await readIdTranslation(db)));

  const bomOf = async (snapshot: BomSource, selection: BomSelection): Promise<MrpBom> => {
    if (snapshot.dataSource === 'plm') {
      const ids = idsOfSnapshot(snapshot);
      const asOf = new Date(snapshot.capturedAt);
      const parsed = parseModelConfig(snapshot.payload, {
        ids,
        asOf,
        schemaVersion: snapshot.plmSchemaVersion ?? undefined,
      });
      return mapBom(parsed.payload, selection, { ids, asOf }).data;
    }
    // MRP data has no revisions: the BOM comes from MRP's tables (read-only once archived).
    const [row] = await readModelRows(db, [snapshot.modelId]);
    if (row === undefined) throw new WorkOrderNotFoundError(snapshot.workOrderId);
    return resolveMrpBom(row, selection);
  };

  /**
   * The usage event of a change, in PLM ids, or undefined when the model has no PLM id (PLM would
   * reject it as poison). Built synchronously: inside a transaction only the transaction's own
   * handle may be used (SQLite has one connection).
   */
  const usageEvent = (
    ids: IdTranslator,
    type: PlmUsageEvent['type'],
    wo: {
      id: string;
      modelId: string;
      trimId: string;
      featureIds: readonly string[];
      quantity: number;
      departmentId: string;
    },
    at: Date,
  ): PlmUsageEvent | undefined => {
    try {
      return {
        eventId: randomUUID(),
        type,
        occurredAt: at.toISOString(),
        workOrderId: wo.id,
        modelId: ids.toPlm(wo.modelId, 'model'),
        trimId: ids.toPlm(wo.trimId, 'trim'),
        featureIds: wo.featureIds.map((f) => ids.toPlm(f, 'feature')),
        quantity: wo.quantity,
        attributes: { source: 'mrp-host', department: wo.departmentId },
      };
    } catch {
      return undefined;
    }
  };

  const toWorkOrder = (r: Selectable<WorkOrdersTable>): WorkOrder => ({
    id: formatWorkOrderId(Number(r.id)),
    departmentId: r.department_id,
    modelId: r.model_id,
    trimId: r.trim_id,
    featureIds: JSON.parse(r.feature_ids) as string[],
    quantity: Number(r.quantity),
    dueDate: r.due_date,
    status: r.status,
    dataSource: r.data_source,
    currentVersion: Number(r.current_version),
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });

  const load = async (user: HostUser, id: string): Promise<WorkOrderDetail> => {
    const n = parseWorkOrderId(id);
    if (n === undefined) throw new WorkOrderNotFoundError(id);
    const row = await db
      .selectFrom('work_orders')
      .selectAll()
      .where('id', '=', n)
      .executeTakeFirst();
    // Someone who may not see a work order learns nothing about it, not even that it exists.
    if (row === undefined || !canView(user, row.department_id))
      throw new WorkOrderNotFoundError(id);
    const versions = await db
      .selectFrom('work_order_versions')
      .selectAll()
      .where('work_order_id', '=', n)
      .orderBy('version')
      .execute();
    return {
      ...toWorkOrder(row),
      versions: versions.map((v) => ({
        version: Number(v.version),
        change: v.change,
        status: v.status,
        trimId: v.trim_id,
        featureIds: JSON.parse(v.feature_ids) as string[],
        quantity: Number(v.quantity),
        dueDate: v.due_date,
        provenance: JSON.parse(v.provenance) as VersionProvenance,
        snapshot: JSON.parse(v.snapshot) as WorkOrderSnapshot,
        bom: JSON.parse(v.bom) as MrpBom,
        createdBy: v.created_by,
        createdAt: v.created_at,
      })),
    };
  };

  const insertVersion = async (
    tx: HostTransaction,
    v: Omit<WorkOrderVersionsTable, 'snapshot' | 'bom' | 'provenance'> & {
      snapshot: WorkOrderSnapshot;
      bom: MrpBom;
      provenance: VersionProvenance;
    },
  ) => {
    await tx.db
      .insertInto('work_order_versions')
      .values({
        ...v,
        snapshot: JSON.stringify(v.snapshot),
        bom: JSON.stringify(v.bom),
        provenance: JSON.stringify(v.provenance),
      })
      .execute();
  };

  /**
   * Writes one change of an existing work order in one transaction: the guarded update of the
   * current row (fails on a concurrent change), the next version on the frozen snapshot, the usage
   * event and the audit row.
   */
  const appendChange = async (
    user: HostUser,
    current: WorkOrderDetail,
    change: {
      readonly change: 'edited' | 'cancelled';
      readonly status: WorkOrdersTable['status'];
      readonly selection: BomSelection;
      readonly quantity: number;
      readonly dueDate: string;
      readonly bom: MrpBom;
      readonly usage: PlmUsageEvent['type'];
      readonly details: Readonly<Record<string, unknown>>;
    },
  ): Promise<void> => {
    const last = current.versions.at(-1)!;
    const at = now();
    const version = current.currentVersion + 1;
    const n = parseWorkOrderId(current.id)!;
    const ids = await usageIds();
    const featureIds = JSON.stringify(change.selection.featureIds);
    await database.transaction(async (tx) => {
      const updated = await tx.db
        .updateTable('work_orders')
        .set({
          status: change.status,
          trim_id: change.selection.trimId,
          feature_ids: featureIds,
          quantity: change.quantity,
          due_date: change.dueDate,
          current_version: version,
          updated_at: at.toISOString(),
        })
        .where('id', '=', n)
        .where('current_version', '=', current.currentVersion)
        .where('status', '=', 'open')
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) {
        throw new WorkOrderConflictError(current.id, 'stale-version');
      }
      await insertVersion(tx, {
        work_order_id: n,
        version,
        change: change.change,
        status: change.status,
        trim_id: change.selection.trimId,
        feature_ids: featureIds,
        quantity: change.quantity,
        due_date: change.dueDate,
        snapshot: last.snapshot,
        bom: change.bom,
        provenance: { ...last.provenance, cache: 'frozen', ageMs: 0, fallbackReason: null },
        created_by: user.id,
        created_at: at.toISOString(),
      });
      const event = usageEvent(
        ids,
        change.usage,
        {
          id: current.id,
          modelId: current.modelId,
          ...change.selection,
          quantity: change.quantity,
          departmentId: current.departmentId,
        },
        at,
      );
      if (event !== undefined) await integration.recordUsage(event, tx.usageTx);
      await writeAudit(
        tx.db,
        {
          actor: user.id,
          action: `work-order.${change.change}`,
          subject: current.id,
          details: { version, ...change.details, usageEventId: event?.eventId ?? null },
        },
        at,
      );
    });
  };

  return {
    async create(user, input, ctx = {}) {
      const body = parseRequest(createWorkOrderInputSchema, input);
      const departmentId = body.departmentId ?? user.departmentId;
      if (!canCreate(user, departmentId)) {
        throw new AccessDeniedError(`create work orders in department ${departmentId}`);
      }
      const resolved: Provenanced<MrpModelConfig> = await integration.getModelConfig(body.modelId, {
        caller: { userId: user.id, role: user.role, department: user.departmentId },
        ...(ctx.traceparent === undefined ? {} : { traceparent: ctx.traceparent }),
      });
      const selection = { trimId: body.trimId, featureIds: [...new Set(body.featureIds)] };
      checkSelection(resolved.data, selection);
      const at = now();
      const p = resolved.provenance;
      const provenance: VersionProvenance = {
        dataSource: p.dataSource,
        cache: p.cache,
        ageMs: p.ageMs,
        fallbackReason: p.fallbackReason ?? null,
        plmRevision: p.plmRevision ?? null,
        plmCorrelationId: p.plmCorrelationId ?? null,
        mode: p.mode,
      };
      // Everything that reads is done before the transaction opens; inside it only `tx` is used.
      const ids = await usageIds();
      const bom = await bomOf(
        {
          dataSource: p.dataSource,
          payload: p.dataSource === 'plm' ? p.plmPayload : undefined,
          mrp: resolved.data,
          capturedAt: at.toISOString(),
          plmSchemaVersion: p.plmSchemaVersion ?? null,
          modelId: resolved.data.id,
          workOrderId: 'pending',
        },
        selection,
      );
      const id = await database.transaction(async (tx) => {
        const inserted = await tx.db
          .insertInto('work_orders')
          .values({
            department_id: departmentId,
            model_id: body.modelId,
            data_source: p.dataSource,
            status: 'open',
            current_version: 1,
            trim_id: selection.trimId,
            feature_ids: JSON.stringify(selection.featureIds),
            quantity: body.quantity,
            due_date: body.dueDate,
            created_by: user.id,
            created_at: at.toISOString(),
            updated_at: at.toISOString(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const woId = formatWorkOrderId(Number(inserted.id));
        const snapshot = buildWorkOrderSnapshot({
          workOrder: { id: woId },
          resolved,
          capturedAt: at,
        });
        await insertVersion(tx, {
          work_order_id: Number(inserted.id),
          version: 1,
          change: 'created',
          status: 'open',
          trim_id: selection.trimId,
          feature_ids: JSON.stringify(selection.featureIds),
          quantity: body.quantity,
          due_date: body.dueDate,
          snapshot,
          bom,
          provenance,
          created_by: user.id,
          created_at: at.toISOString(),
        });
        const event = usageEvent(
          ids,
          'work_order.created',
          { id: woId, modelId: body.modelId, ...selection, quantity: body.quantity, departmentId },
          at,
        );
        if (event !== undefined) await integration.recordUsage(event, tx.usageTx);
        await writeAudit(
          tx.db,
          {
            actor: user.id,
            action: 'work-order.created',
            subject: woId,
            details: {
              dataSource: p.dataSource,
              fallbackReason: p.fallbackReason ?? null,
              plmCorrelationId: p.plmCorrelationId ?? null,
              usageEventId: event?.eventId ?? null,
            },
          },
          at,
        );
        return woId;
      });
      return load(user, id);
    },

    async edit(user, id, input) {
      const body = parseRequest(editWorkOrderInputSchema, input);
      const current = await load(user, id);
      if (!canChange(user, current.departmentId))
        throw new AccessDeniedError(`edit work order ${current.id}`);
      if (current.status !== 'open') throw new WorkOrderConflictError(current.id, 'cancelled');
      if (body.expectedVersion !== undefined && body.expectedVersion !== current.currentVersion) {
        throw new WorkOrderConflictError(current.id, 'stale-version');
      }
      const last = current.versions.at(-1)!;
      const selection = {
        trimId: body.trimId ?? current.trimId,
        featureIds:
          body.featureIds === undefined ? [...current.featureIds] : [...new Set(body.featureIds)],
      };
      const selectionChanged =
        selection.trimId !== current.trimId ||
        JSON.stringify([...selection.featureIds].sort()) !==
          JSON.stringify([...current.featureIds].sort());
      // ADR 0002: an edit never re-reads product data. The frozen snapshot of the work order is
      // reused; a changed selection is checked against it, so the data source and revision stay.
      if (selectionChanged) checkSelection(last.snapshot.mrp, selection);
      const bom = selectionChanged ? await bomOf(last.snapshot, selection) : last.bom;
      const quantity = body.quantity ?? current.quantity;
      const dueDate = body.dueDate ?? current.dueDate;
      await appendChange(user, current, {
        change: 'edited',
        status: 'open',
        selection,
        quantity,
        dueDate,
        bom,
        usage: 'work_order.updated',
        details: { selectionChanged },
      });
      return load(user, current.id);
    },

    async cancel(user, id, reason) {
      const current = await load(user, id);
      if (!canChange(user, current.departmentId))
        throw new AccessDeniedError(`cancel work order ${current.id}`);
      if (current.status !== 'open') throw new WorkOrderConflictError(current.id, 'cancelled');
      await appendChange(user, current, {
        change: 'cancelled',
        status: 'cancelled',
        selection: { trimId: current.trimId, featureIds: [...current.featureIds] },
        quantity: current.quantity,
        dueDate: current.dueDate,
        bom: current.versions.at(-1)!.bom,
        usage: 'work_order.cancelled',
        details: { reason: (reason ?? '').slice(0, 500) },
      });
      return load(user, current.id);
    },

    async list(user, query) {
      const q = parseRequest(listWorkOrdersQuerySchema, query);
      if (q.departmentId !== undefined && !canView(user, q.departmentId)) {
        throw new AccessDeniedError(`see work orders of department ${q.departmentId}`);
      }
      const department = q.departmentId ?? (user.role === 'admin' ? undefined : user.departmentId);
      let base = db.selectFrom('work_orders');
      if (department !== undefined) base = base.where('department_id', '=', department);
      if (q.status !== undefined) base = base.where('status', '=', q.status);
      const [rows, count] = await Promise.all([
        base
          .selectAll()
          .orderBy('id', 'desc')
          .limit(q.pageSize)
          .offset((q.page - 1) * q.pageSize)
          .execute(),
        base.select(sql<number>`count(*)`.as('n')).executeTakeFirst(),
      ]);
      return {
        items: rows.map(toWorkOrder),
        page: q.page,
        pageSize: q.pageSize,
        total: Number(count?.n ?? 0),
      };
    },

    get: load,

    async replay(user, id, version) {
      const wo = await load(user, id);
      const v = wo.versions.find((x) => x.version === version);
      if (v === undefined) throw new WorkOrderNotFoundError(`${wo.id} version ${version}`);
      const parsed = workOrderSnapshotSchema.parse(v.snapshot);
      return {
        workOrderId: wo.id,
        version,
        dataSource: parsed.dataSource,
        verification: verifySnapshot(v.snapshot),
        replay: replaySnapshot(parsed),
      };
    },
  };
}
