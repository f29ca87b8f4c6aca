import type { Revision } from '@mrp-plm/plm-sdk';
import type { PlmPayload } from './PlmPayload.js';
import { toMillis } from './internal/toMillis.js';

/**
 * Why a revision is not effective at a date, or `undefined` when it is: `obsolete` revisions never
 * are; otherwise `effectiveFrom` is inclusive and `effectiveTo` exclusive (`null` = open-ended).
 *
 * @example
 * ```ts
 * notEffectiveReason(
 *   { revision: 'A', lifecycleState: 'released', effectiveFrom: '2027-01-01T00:00:00Z', effectiveTo: null },
 *   new Date('2026-06-01T00:00:00Z'),
 * ); // 'not-yet-effective'
 * ```
 */
export function notEffectiveReason(
  revision: PlmPayload<Revision>,
  asOf: Date,
): 'obsolete' | 'not-yet-effective' | 'expired' | undefined {
  if (revision.lifecycleState === 'obsolete') return 'obsolete';
  const at = asOf.getTime();
  if (toMillis(revision.effectiveFrom) > at) return 'not-yet-effective';
  if (revision.effectiveTo !== null && toMillis(revision.effectiveTo) <= at) return 'expired';
  return undefined;
}

/**
 * Whether a revision is effective at a date (see {@link notEffectiveReason}).
 */
export function isEffective(revision: PlmPayload<Revision>, asOf: Date): boolean {
  return notEffectiveReason(revision, asOf) === undefined;
}

/**
 * The MRP production status of a revision at a date: `obsolete` when obsolete or past
 * `effectiveTo`, `planned` when not yet effective or not `released`, else `active`.
 *
 * @example
 * ```ts
 * modelStatus(
 *   { revision: 'A', lifecycleState: 'in_review', effectiveFrom: '2026-01-01T00:00:00Z', effectiveTo: null },
 *   new Date('2026-06-01T00:00:00Z'),
 * ); // 'planned'
 * ```
 */
export function modelStatus(
  revision: PlmPayload<Revision>,
  asOf: Date,
): 'active' | 'obsolete' | 'planned' {
  const reason = notEffectiveReason(revision, asOf);
  if (reason === 'obsolete' || reason === 'expired') return 'obsolete';
  if (reason === 'not-yet-effective' || revision.lifecycleState !== 'released') return 'planned';
  return 'active';
}
