import type { Revision } from '@mrp-plm/plm-sdk';
import type { PlmPayload } from '../PlmPayload.js';
import { toMillis } from './toMillis.js';

/** Why a revision is not effective. */
export type NotEffectiveReason = 'obsolete' | 'not-yet-effective' | 'expired';

/**
 * Why a revision is not effective at `atMs` (epoch milliseconds), or `undefined` when it is.
 * Takes the instant as a number so that a mapper reads `asOf` once per call, not once per item.
 */
export function notEffectiveAt(
  revision: PlmPayload<Revision>,
  atMs: number,
): NotEffectiveReason | undefined {
  if (revision.lifecycleState === 'obsolete') return 'obsolete';
  if (toMillis(revision.effectiveFrom) > atMs) return 'not-yet-effective';
  if (revision.effectiveTo !== null && toMillis(revision.effectiveTo) <= atMs) return 'expired';
  return undefined;
}

/** The MRP production status of a revision, given what {@link notEffectiveAt} said about it. */
export function statusFor(
  revision: PlmPayload<Revision>,
  reason: NotEffectiveReason | undefined,
): 'active' | 'obsolete' | 'planned' {
  if (reason === 'obsolete' || reason === 'expired') return 'obsolete';
  if (reason === 'not-yet-effective' || revision.lifecycleState !== 'released') return 'planned';
  return 'active';
}
