import type { Revision } from '@mrp-plm/contract';
import type { PlmPayload } from './PlmPayload.js';
import { notEffectiveAt, statusFor } from './internal/effectivity.js';

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
 *
 * @throws {@link PlmContractError} (code `invalid_date`) when `effectiveFrom` or `effectiveTo` is
 * not an RFC 3339 date-time.
 */
export function notEffectiveReason(
  revision: PlmPayload<Revision>,
  asOf: Date,
): 'obsolete' | 'not-yet-effective' | 'expired' | undefined {
  return notEffectiveAt(revision, asOf.getTime());
}

/**
 * Whether a revision is effective at a date (see {@link notEffectiveReason}).
 *
 * @throws {@link PlmContractError} (code `invalid_date`) for a timestamp that is not RFC 3339.
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
 *
 * @throws {@link PlmContractError} (code `invalid_date`) for a timestamp that is not RFC 3339.
 */
export function modelStatus(
  revision: PlmPayload<Revision>,
  asOf: Date,
): 'active' | 'obsolete' | 'planned' {
  return statusFor(revision, notEffectiveAt(revision, asOf.getTime()));
}
