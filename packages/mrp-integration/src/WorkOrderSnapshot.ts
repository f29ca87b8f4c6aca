import { createHmac } from 'node:crypto';
import { z } from 'zod';
import {
  createIdTranslator,
  mapModelConfigPayload,
  mrpModelConfigSchema,
  type MrpModelConfig,
} from './internal/adapter.js';
import { canonicalJson, sha256Of } from './internal/payloadHash.js';
import { PlmIntegrationError } from './PlmIntegrationError.js';
import type { Provenanced } from './Provenance.js';

const SCHEMA_ID = 'mrp-plm.work-order-snapshot/v1' as const;

/** The zod schema of {@link WorkOrderSnapshot} (its JSON Schema is {@link workOrderSnapshotJsonSchema}). */
export const workOrderSnapshotSchema = z.object({
  schema: z.literal(SCHEMA_ID),
  workOrderId: z.string().min(1),
  /** MRP id of the configured model. */
  modelId: z.string().min(1),
  /** Where the product data came from; fixed at the work order's creation. */
  dataSource: z.enum(['mrp', 'plm']),
  plmCorrelationId: z.string().nullable(),
  plmSchemaVersion: z.string().nullable(),
  plmRevision: z.string().nullable(),
  /** The raw PLM payload (wire JSON) for PLM-sourced orders, the MRP DTO for MRP-sourced ones. */
  payload: z.unknown(),
  /** Lower-case hex sha256 of the canonical JSON (sorted keys) of `payload`. */
  payloadSha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The MRP DTO the work order used. */
  mrp: mrpModelConfigSchema,
  /** ISO-8601 time of capture (also the effectivity date a replay maps with). */
  capturedAt: z.iso.datetime({ offset: true }),
  /** `sha256`, or `hmac-sha256` when built with a signing key. */
  digestAlgorithm: z.enum(['sha256', 'hmac-sha256']),
  /** Digest of the canonical JSON of every other field. */
  digest: z.string().regex(/^[0-9a-f]{64}$/),
});

/** A frozen, JSON-serialisable record of the product data a work order was built from. */
export type WorkOrderSnapshot = z.infer<typeof workOrderSnapshotSchema>;

/** JSON Schema (draft 2020-12) of {@link WorkOrderSnapshot}, for readers in other languages. */
export const workOrderSnapshotJsonSchema: Readonly<Record<string, unknown>> = Object.freeze(
  z.toJSONSchema(workOrderSnapshotSchema, { target: 'draft-2020-12', io: 'output' }) as Record<
    string,
    unknown
  >,
);

/** Options of the snapshot functions. */
export interface SnapshotKeyOptions {
  /** HMAC key: with it the digest is `hmac-sha256`, which only the key's holders can forge. @default undefined */
  readonly signingKey?: string | undefined;
}

/** Input of {@link buildWorkOrderSnapshot}. */
export interface BuildWorkOrderSnapshotInput extends SnapshotKeyOptions {
  readonly workOrder: {
    readonly id: string;
    /** The data source recorded when the work order was created (edits keep it). @default the resolved read's */
    readonly dataSource?: 'mrp' | 'plm' | undefined;
  };
  /** What `getModelConfig` resolved to. */
  readonly resolved: Provenanced<MrpModelConfig>;
  /** @default new Date() */
  readonly capturedAt?: Date | undefined;
}

type Unsigned = Omit<WorkOrderSnapshot, 'digest'>;

function digestOf(unsigned: Unsigned, key: string | undefined): string {
  const text = canonicalJson(unsigned);
  return key === undefined
    ? sha256Of(unsigned)
    : createHmac('sha256', key).update(text).digest('hex');
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * Builds the immutable snapshot a work order stores: its data source, PLM correlation id,
 * schema version and revision, the raw payload with its sha256, the MRP DTO used and the time.
 *
 * @throws {PlmIntegrationError} `SNAPSHOT_SOURCE_CHANGED` when the work order was created with
 *   data from the other source.
 * @example
 * ```ts
 * import { buildWorkOrderSnapshot, type PlmIntegration } from '@mrp-plm/mrp-integration';
 *
 * declare const integration: PlmIntegration;
 * const resolved = await integration.getModelConfig('M-1001');
 * const snapshot = buildWorkOrderSnapshot({ workOrder: { id: 'WO-1' }, resolved });
 * console.log(snapshot.dataSource, snapshot.payloadSha256);
 * ```
 */
export function buildWorkOrderSnapshot(input: BuildWorkOrderSnapshotInput): WorkOrderSnapshot {
  const { resolved, workOrder } = input;
  const p = resolved.provenance;
  if (workOrder.dataSource !== undefined && workOrder.dataSource !== p.dataSource) {
    throw new PlmIntegrationError({ code: 'SNAPSHOT_SOURCE_CHANGED', modelId: resolved.data.id });
  }
  const payload: unknown =
    p.dataSource === 'plm' ? p.plmPayload : (JSON.parse(JSON.stringify(resolved.data)) as unknown);
  const unsigned: Unsigned = {
    schema: SCHEMA_ID,
    workOrderId: workOrder.id,
    modelId: resolved.data.id,
    dataSource: p.dataSource,
    plmCorrelationId: p.plmCorrelationId ?? null,
    plmSchemaVersion: p.plmSchemaVersion ?? null,
    plmRevision: p.plmRevision ?? null,
    payload,
    payloadSha256: sha256Of(payload),
    mrp: JSON.parse(JSON.stringify(resolved.data)) as MrpModelConfig,
    capturedAt: (input.capturedAt ?? new Date()).toISOString(),
    digestAlgorithm: input.signingKey === undefined ? 'sha256' : 'hmac-sha256',
  };
  return deepFreeze({ ...unsigned, digest: digestOf(unsigned, input.signingKey) });
}

/** Result of {@link verifySnapshot}. */
export interface SnapshotVerification {
  readonly valid: boolean;
  /** What does not hold, e.g. `payloadSha256 does not match payload`. */
  readonly problems: readonly string[];
}

/**
 * Detects tampering: the shape, the payload hash and the digest over every field. With
 * `signingKey` an `hmac-sha256` digest is checked (a plain sha256 can be recomputed by whoever
 * edits the snapshot; an HMAC cannot without the key).
 */
export function verifySnapshot(
  snapshot: unknown,
  options: SnapshotKeyOptions = {},
): SnapshotVerification {
  const parsed = workOrderSnapshotSchema.safeParse(snapshot);
  if (!parsed.success) {
    return {
      valid: false,
      problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    };
  }
  const s = parsed.data;
  const problems: string[] = [];
  if (sha256Of(s.payload) !== s.payloadSha256)
    problems.push('payloadSha256 does not match payload');
  if (s.digestAlgorithm === 'hmac-sha256' && options.signingKey === undefined) {
    problems.push('digest is hmac-sha256 but no signingKey was given');
  } else {
    const { digest, ...unsigned } = s;
    const key = s.digestAlgorithm === 'hmac-sha256' ? options.signingKey : undefined;
    if (digestOf(unsigned, key) !== digest) problems.push('digest does not match the snapshot');
  }
  return { valid: problems.length === 0, problems };
}

/** Result of {@link replaySnapshot}. */
export interface SnapshotReplay {
  /** Whether the re-derived DTO equals the stored one. */
  readonly equal: boolean;
  /** The DTO re-derived from the stored payload, or undefined when it could not be. */
  readonly derived: MrpModelConfig | undefined;
  /** Why it could not be re-derived. */
  readonly error: string | undefined;
}

/**
 * Re-derives the product configuration from the stored payload through the adapter (with the id
 * pairs the stored DTO records and the capture time as effectivity date) and says whether it
 * equals what was stored.
 */
export function replaySnapshot(snapshot: WorkOrderSnapshot): SnapshotReplay {
  try {
    let derived: MrpModelConfig;
    if (snapshot.dataSource === 'plm') {
      const pairs = new Map<string, string>();
      const dto = snapshot.mrp;
      if (dto.plmId !== null) pairs.set(dto.plmId, dto.id);
      for (const t of dto.trims) if (t.plmId !== null) pairs.set(t.plmId, t.id);
      for (const f of dto.features) if (f.plmId !== null) pairs.set(f.plmId, f.id);
      derived = mapModelConfigPayload(snapshot.payload, {
        ids: createIdTranslator({ toMrp: pairs }),
        schemaVersion: snapshot.plmSchemaVersion ?? '1.0.0',
        asOf: new Date(snapshot.capturedAt),
      }).data;
    } else {
      derived = mrpModelConfigSchema.parse(snapshot.payload);
    }
    return {
      equal: canonicalJson(derived) === canonicalJson(snapshot.mrp),
      derived,
      error: undefined,
    };
  } catch (error) {
    return {
      equal: false,
      derived: undefined,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}
