import type { PlmMode } from './PlmConfig.js';

/** How the cache took part in a read. */
export type ProvenanceCacheStatus = 'hit' | 'miss' | 'stale' | 'stale-if-error' | 'none';

/** Why a read was not served by a fresh PLM answer although PLM was asked. */
export type FallbackReason =
  | 'not-in-plm'
  | 'circuit-open'
  | 'plm-unavailable'
  | 'plm-timeout'
  | 'plm-auth-failed'
  | 'plm-rate-limited'
  | 'plm-maintenance'
  | 'plm-busy'
  | 'contract-drift'
  | 'untranslatable-id'
  | 'revision-not-effective'
  | 'plm-error';

/** Where a read's data came from and how. */
export interface Provenance {
  readonly dataSource: 'mrp' | 'plm';
  readonly mode: PlmMode;
  readonly cache: ProvenanceCacheStatus;
  /** Age of the cached PLM answer (0 when fresh from PLM or from MRP). */
  readonly ageMs: number;
  readonly plmCorrelationId: string | undefined;
  readonly plmSchemaVersion: string | undefined;
  readonly plmRevision: string | undefined;
  /** Set when a fallback (stale PLM answer or MRP data) served. */
  readonly fallbackReason: FallbackReason | undefined;
  readonly durationMs: number;
  /** The raw PLM payload (wire JSON) when PLM, or its cached answer, served. */
  readonly plmPayload: unknown;
  /** Lower-case hex sha256 of the canonical JSON of `plmPayload`. */
  readonly plmPayloadSha256: string | undefined;
}

/** What every read resolves to. */
export interface Provenanced<T> {
  readonly data: T;
  readonly provenance: Provenance;
}
