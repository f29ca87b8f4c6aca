import { InvalidUsageEventError } from '../InvalidUsageEventError.js';
import type { UsageEvent } from '../UsageEvent.js';
import { usageEventSchema } from '../UsageEvent.js';

/**
 * Checks an event against the contract schema, returning the error instead of throwing so that
 * `recordInTransaction` can reject without an `await` (SQLite must insert synchronously).
 */
export const validateUsageEvent = (event: unknown): UsageEvent | InvalidUsageEventError => {
  const parsed = usageEventSchema.safeParse(event);
  if (parsed.success) return parsed.data;
  return new InvalidUsageEventError(
    parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    { cause: parsed.error },
  );
};
