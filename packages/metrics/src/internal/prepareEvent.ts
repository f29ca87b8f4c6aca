import type { StandardSchemaV1 } from '@standard-schema/spec';
import { AsyncValidatorError } from '../AsyncValidatorError.js';
import type { UsageEventIssue } from '../InvalidUsageEventError.js';
import { InvalidUsageEventError } from '../InvalidUsageEventError.js';

/** An event ready for the outbox: its id and its exact JSON. */
export interface PreparedEvent {
  readonly eventId: string;
  readonly payload: string;
}

const pathOf = (issue: StandardSchemaV1.Issue): string =>
  (issue.path ?? [])
    .map((segment) => String(typeof segment === 'object' ? segment.key : segment))
    .join('.');

/**
 * Validates an event with the Standard Schema, reads its id and serialises the validated value,
 * returning the error instead of throwing so that `recordInTransaction` can reject without an
 * `await` (SQLite must insert synchronously). A promise from the validator is refused, and its
 * eventual rejection observed so it never surfaces as an unhandled rejection.
 */
export const prepareEvent = <E>(
  schema: StandardSchemaV1<unknown, E>,
  eventIdOf: (event: E) => string,
  event: unknown,
): PreparedEvent | InvalidUsageEventError | AsyncValidatorError => {
  let result: StandardSchemaV1.Result<E> | Promise<StandardSchemaV1.Result<E>>;
  try {
    result = schema['~standard'].validate(event);
  } catch (cause) {
    return new InvalidUsageEventError(
      [{ path: '', message: `the validator threw: ${String(cause)}` }],
      { cause },
    );
  }
  if (typeof (result as Partial<PromiseLike<unknown>>).then === 'function') {
    Promise.resolve(result).catch(() => undefined);
    return new AsyncValidatorError(schema['~standard'].vendor);
  }
  const outcome = result as StandardSchemaV1.Result<E>;
  if (outcome.issues !== undefined) {
    const issues: UsageEventIssue[] = outcome.issues.map((issue) => ({
      path: pathOf(issue),
      message: issue.message,
    }));
    return new InvalidUsageEventError(issues, { cause: outcome.issues });
  }
  const value = outcome.value;
  let eventId: unknown;
  try {
    eventId = eventIdOf(value);
  } catch (cause) {
    return new InvalidUsageEventError([{ path: '', message: 'the event id could not be read' }], {
      cause,
    });
  }
  if (typeof eventId !== 'string' || eventId === '') {
    return new InvalidUsageEventError([
      { path: 'eventId', message: 'the event id must be a non-empty string' },
    ]);
  }
  let payload: string | undefined;
  try {
    payload = JSON.stringify(value);
  } catch (cause) {
    return new InvalidUsageEventError(
      [{ path: '', message: 'the event cannot be stored as JSON' }],
      { cause },
    );
  }
  if (typeof payload !== 'string') {
    return new InvalidUsageEventError([
      { path: '', message: 'the event cannot be stored as JSON' },
    ]);
  }
  return { eventId, payload };
};
