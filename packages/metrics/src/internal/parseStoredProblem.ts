import type { DeliveryProblem } from '../DeliveryProblem.js';

/**
 * The problem details column of a dead letter (JSON written by the store from an already
 * redacted problem) back as an object; `undefined` for none, or for a value that is not an object
 * (never fails a listing over one bad row).
 */
export const parseStoredProblem = (text: string | null): DeliveryProblem | undefined => {
  if (text === null) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
};
