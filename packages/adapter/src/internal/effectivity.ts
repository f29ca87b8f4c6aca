import type { Revision } from '@mrp-plm/contract';
import type { PlmPayload } from '../PlmPayload.js';
import { type TimestampLocation, toMillis } from './toMillis.js';

/** Why a revision is not effective. */
export type NotEffectiveReason = 'obsolete' | 'not-yet-effective' | 'expired';

/**
 * Why a revision is not effective at `atMs` (epoch milliseconds), or `undefined` when it is.
 * Takes the instant as a number so that a mapper reads `asOf` once per call, not once per item.
 */
export function notEffectiveAt(
  revision: PlmPayload<Revision>,
  atMs: number,
  at: RevisionLocation = { path: '', resource: 'Revision' },
): NotEffectiveReason | undefined {
  if (revision.lifecycleState === 'obsolete') return 'obsolete';
  if (toMillis(revision.effectiveFrom, field(at, 'effectiveFrom')) > atMs) {
    return 'not-yet-effective';
  }
  if (
    revision.effectiveTo !== null &&
    toMillis(revision.effectiveTo, field(at, 'effectiveTo')) <= atMs
  ) {
    return 'expired';
  }
  return undefined;
}

/** Where a revision sits in its payload: `path` is the revision's own JSON Pointer. */
export interface RevisionLocation {
  readonly path: string | (() => string);
  readonly resource: string;
}

/** The location of one of the revision's timestamps (the pointer is still built lazily). */
function field(at: RevisionLocation, name: string): TimestampLocation {
  const { path } = at;
  return {
    resource: at.resource,
    path: () => `${typeof path === 'string' ? path : path()}/${name}`,
  };
}

/** A {@link notEffectiveAt} bound to one mapping call's instant. */
export type EffectivityCheck = (
  revision: PlmPayload<Revision>,
  at: RevisionLocation,
) => NotEffectiveReason | undefined;

/**
 * {@link notEffectiveAt} for one mapping call, remembering the last `effectiveFrom` string it
 * read: a model and its trims mostly share one, so most checks compare two strings instead of
 * reading a date. Create one per call; it holds nothing across calls.
 */
export function createEffectivityCheck(atMs: number): EffectivityCheck {
  let lastFrom = '';
  let lastFromLater = false;
  return (revision, at) => {
    if (revision.lifecycleState === 'obsolete') return 'obsolete';
    const from = revision.effectiveFrom;
    let later: boolean;
    if (from === lastFrom) {
      later = lastFromLater;
    } else {
      later = toMillis(from, field(at, 'effectiveFrom')) > atMs;
      lastFrom = from;
      lastFromLater = later;
    }
    if (later) return 'not-yet-effective';
    if (
      revision.effectiveTo !== null &&
      toMillis(revision.effectiveTo, field(at, 'effectiveTo')) <= atMs
    ) {
      return 'expired';
    }
    return undefined;
  };
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
