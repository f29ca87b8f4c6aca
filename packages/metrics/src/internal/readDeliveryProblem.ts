import type { DeliveryProblem, DeliveryProblemError } from '../DeliveryProblem.js';

/** Longest string kept from a problem member; a hostile receiver must not bloat the store. */
const MAX_TEXT = 2000;
/** Most `errors[]` entries kept. */
const MAX_ERRORS = 100;

const field = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;

/**
 * The RFC 9457 problem carried by a delivery error (`error.problem`, as the PLM SDK's
 * `PlmHttpError` has it), reduced to the documented members, redacted and bounded; `undefined`
 * when the error has none.
 */
export const readDeliveryProblem = (
  error: unknown,
  redact: (text: string) => string,
): DeliveryProblem | undefined => {
  const problem = field(error, 'problem');
  if (typeof problem !== 'object' || problem === null || Array.isArray(problem)) return undefined;
  const text = (key: string): string | undefined => {
    const value = field(problem, key);
    return typeof value === 'string' ? redact(value).slice(0, MAX_TEXT) : undefined;
  };
  const status = field(problem, 'status');
  const errors = field(problem, 'errors');
  const out: {
    -readonly [K in keyof DeliveryProblem]: DeliveryProblem[K];
  } = {};
  for (const key of ['type', 'title', 'detail', 'instance', 'code'] as const) {
    const value = text(key);
    if (value !== undefined) out[key] = value;
  }
  if (typeof status === 'number' && Number.isInteger(status)) out.status = status;
  if (Array.isArray(errors)) {
    const kept: DeliveryProblemError[] = [];
    for (const entry of errors.slice(0, MAX_ERRORS) as unknown[]) {
      const path = field(entry, 'path');
      const message = field(entry, 'message');
      if (typeof path !== 'string' || typeof message !== 'string') continue;
      kept.push({
        path: redact(path).slice(0, MAX_TEXT),
        message: redact(message).slice(0, MAX_TEXT),
      });
    }
    out.errors = kept;
  }
  return Object.keys(out).length === 0 ? undefined : out;
};
