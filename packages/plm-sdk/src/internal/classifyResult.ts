import {
  entityTagSchema as zEntityTag,
  PlmContractError,
  problemSchema as zProblem,
  requestIdSchema as zRequestId,
  schemaVersionSchema as zSchemaVersion,
  validateWire,
} from '@mrp-plm/contract';
import type { PlmContractIssue, Problem } from '@mrp-plm/contract';
import * as z from 'zod';
import { PlmHttpError } from '../PlmHttpError.js';
import { PlmNetworkError } from '../PlmNetworkError.js';
import type { PlmOperation } from '../PlmOperation.js';
import { BodyLimitError } from './boundedResponse.js';
import type { Deadline } from './Deadline.js';
import { parseRetryAfter } from './parseRetryAfter.js';
import type { SecretRedactor } from './SecretRedactor.js';
import { toContractIssues } from './toContractIssues.js';
import { isTransportFailure } from './isTransportFailure.js';

/** The fields the generated client resolves to (it never throws: `throwOnError` is off). */
export interface GeneratedResult {
  readonly data?: unknown;
  readonly error?: unknown;
  readonly response?: Response;
}

/** How one HTTP exchange ended. */
export type ExchangeOutcome =
  | {
      readonly kind: 'ok';
      readonly data: unknown;
      readonly status: number;
      readonly schemaVersion: string;
      readonly etag: string | undefined;
    }
  | {
      readonly kind: 'notModified';
      readonly status: number;
      readonly schemaVersion: string;
      readonly etag: string | undefined;
    }
  | { readonly kind: 'httpError'; readonly error: PlmHttpError }
  | {
      readonly kind: 'failed';
      readonly error: PlmContractError | PlmNetworkError | ReturnType<Deadline['toError']>;
    };

export interface ClassifyContext {
  readonly operation: PlmOperation;
  /** The `X-Request-Id` the request carried: a caller's id checked against the contract, or a UUID. */
  readonly correlationId: string;
  readonly deadline: Deadline;
  readonly redactor: SecretRedactor;
  readonly now: number;
  /**
   * Whether responses must carry PLM's `X-Request-Id` and `PLM-Schema-Version`. Off for the token
   * request: `tokenUrl` may point at a separate identity provider.
   */
  readonly requirePlmHeaders: boolean;
  /** Operations whose `200` must carry an `ETag` (the catalog). */
  readonly requireEtag: boolean;
  /** Whether `304` is an expected answer (the catalog with `If-None-Match`). */
  readonly allowNotModified: boolean;
  /**
   * Whether errors thrown while reading the body may be kept as `cause`. Off for the token request:
   * a JSON parse error quotes the body, and that body holds the access token.
   */
  readonly keepBodyErrors: boolean;
  /**
   * The contract schema of the success body. The body is validated once, here, with the contract's
   * compiled validator (zod only explains a failure), and `data` is the validated wire JSON with
   * unknown fields dropped.
   */
  readonly schema?: z.ZodType | undefined;
}

/** The response headers PLM sends, with their schema; `required` decides per call. */
const PLM_HEADERS = [
  {
    name: 'X-Request-Id',
    schema: zRequestId,
    required: (c: ClassifyContext) => c.requirePlmHeaders,
  },
  {
    name: 'PLM-Schema-Version',
    schema: zSchemaVersion,
    required: (c: ClassifyContext) => c.requirePlmHeaders,
  },
  { name: 'ETag', schema: zEntityTag, required: (c: ClassifyContext) => c.requireEtag },
] as const satisfies readonly {
  name: string;
  schema: z.ZodType;
  required: (c: ClassifyContext) => boolean;
}[];

/**
 * The last value each header schema accepted. The schemas are pure, and PLM sends the same
 * `PLM-Schema-Version` on every response, so that value is checked once, not per response.
 */
const lastAccepted = new Map<z.ZodType, string>();

/** Why `value` fails `schema`, or `undefined` when it conforms. */
function headerError(schema: z.ZodType, value: string): z.ZodError | undefined {
  if (lastAccepted.get(schema) === value) return undefined;
  const parsed = schema.safeParse(value);
  if (!parsed.success) return parsed.error;
  lastAccepted.set(schema, value);
  return undefined;
}

function headerIssues(response: Response, context: ClassifyContext): PlmContractIssue[] {
  const issues: PlmContractIssue[] = [];
  for (const { name, schema, required } of PLM_HEADERS) {
    const value = response.headers.get(name);
    if (value === null) {
      if (required(context)) {
        issues.push({ path: `/headers/${name}`, message: 'required header is missing' });
      }
      continue;
    }
    // PLM echoes the request's id, which conforms (see `ClassifyContext.correlationId`).
    if (name === 'X-Request-Id' && value === context.correlationId) continue;
    const error = headerError(schema, value);
    if (error !== undefined) issues.push(...toContractIssues(error, `headers/${name}`));
  }
  return issues;
}

/**
 * The response's `PLM-Schema-Version` when it has the contract's format, else `undefined`: a value
 * that is not a version (a server echoing a header or a secret) never reaches an error or `meta`.
 */
function schemaVersionOf(response: Response): string | undefined {
  const value = response.headers.get('PLM-Schema-Version');
  return value !== null && headerError(zSchemaVersion, value) === undefined ? value : undefined;
}

function contractError(
  context: ClassifyContext,
  response: Response,
  issues: PlmContractIssue[],
  cause: unknown,
): ExchangeOutcome {
  return {
    kind: 'failed',
    error: new PlmContractError({
      operation: context.operation,
      where: 'response',
      correlationId: context.correlationId,
      status: response.status,
      schemaVersion: schemaVersionOf(response),
      // A path holds the server's own keys (a record's), a message may quote its values.
      issues: issues.map((issue) => ({
        path: context.redactor.redact(issue.path),
        message: context.redactor.redact(issue.message),
      })),
      cause: context.keepBodyErrors ? cause : undefined,
    }),
  };
}

function networkError(context: ClassifyContext, cause: unknown, what: string): ExchangeOutcome {
  return {
    kind: 'failed',
    error: new PlmNetworkError({
      operation: context.operation,
      correlationId: context.correlationId,
      message: `PLM ${context.operation} failed: ${what} (correlation id ${context.correlationId})`,
      cause,
    }),
  };
}

function describeProblem(problem: Problem | undefined, body: unknown): string {
  if (problem !== undefined) {
    return `${problem.code}${problem.detail === undefined ? '' : `: ${problem.detail}`}`;
  }
  // The token endpoint answers 400/401 with an OAuth 2.0 error body, not problem details.
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const oauth = body as { error: unknown; error_description?: unknown };
    if (typeof oauth.error === 'string') {
      return typeof oauth.error_description === 'string'
        ? `${oauth.error}: ${oauth.error_description}`
        : oauth.error;
    }
  }
  return 'no problem details';
}

function httpError(
  context: ClassifyContext,
  response: Response,
  body: unknown,
  cause: unknown,
): ExchangeOutcome {
  const parsed = zProblem.safeParse(body);
  const problem = parsed.success ? context.redactor.redactDeep<Problem>(parsed.data) : undefined;
  const description = context.redactor.redact(describeProblem(problem, body));
  return {
    kind: 'httpError',
    error: new PlmHttpError({
      operation: context.operation,
      status: response.status,
      problem,
      retryAfterMs: parseRetryAfter(response.headers.get('Retry-After'), context.now),
      correlationId: context.correlationId,
      schemaVersion: schemaVersionOf(response),
      message:
        `PLM ${context.operation} failed with HTTP ${response.status} ` +
        `(${description}; correlation id ${context.correlationId})`,
      cause: context.keepBodyErrors ? cause : undefined,
    }),
  };
}

/** The deadline's error when it cut the exchange short, else `undefined`. */
function deadlineFailure(context: ClassifyContext): ExchangeOutcome | undefined {
  if (!context.deadline.aborted) return undefined;
  return {
    kind: 'failed',
    error: context.deadline.toError(context.operation, context.correlationId),
  };
}

/**
 * Turns what the generated client resolved to into an outcome, deciding between success, `304`,
 * an HTTP error, a contract error and a network failure.
 *
 * Only a transport failure ({@link isTransportFailure}: the connection refused, reset or closed, a
 * body that ends before its end) is a network failure: the exchange did not complete, and retrying
 * may work. A body that was read in full but is not JSON, is empty, is too large or too deeply
 * nested to validate, or fails the schema is a contract error: PLM said something the contract does
 * not allow, and will likely say it again. Anything else is a bug (a `TypeError` in the SDK or in
 * an injected `fetch`) and is thrown as it is, so that no retry policy mistakes it for PLM being
 * down.
 */
export function classifyResult(result: GeneratedResult, context: ClassifyContext): ExchangeOutcome {
  const { response, error } = result;
  if (response === undefined) {
    const cut = deadlineFailure(context);
    if (cut !== undefined) return cut;
    if (isTransportFailure(error)) {
      return networkError(context, error, 'no response (connection refused, reset or closed)');
    }
    throw error;
  }
  if (response.status === 304 && context.allowNotModified) {
    const issues = headerIssues(response, context);
    if (issues.length > 0) return contractError(context, response, issues, undefined);
    return {
      kind: 'notModified',
      status: 304,
      schemaVersion: schemaVersionOf(response) ?? '',
      etag: response.headers.get('ETag') ?? undefined,
    };
  }
  if (!response.ok) {
    if (error instanceof Error) {
      // The status arrived but the error body could not be read (or was too large or deep to
      // look at): still an HTTP error, the status is what the caller decides on. Unless the
      // deadline cut the read short.
      const cut = deadlineFailure(context);
      if (cut !== undefined) return cut;
      if (!(error instanceof BodyLimitError) && !isTransportFailure(error)) throw error;
      return httpError(context, response, undefined, error);
    }
    return httpError(context, response, error, undefined);
  }
  if (error !== undefined) {
    if (error instanceof z.ZodError) {
      const issues = [...toContractIssues(error, 'body'), ...headerIssues(response, context)];
      // Not kept as `cause`: its issues hold the server's keys and, in messages, its values.
      return contractError(context, response, issues, undefined);
    }
    if (error instanceof SyntaxError) {
      const issues = [
        { path: '/body', message: 'is not valid JSON' },
        ...headerIssues(response, context),
      ];
      // Not kept as `cause`: V8's message quotes the body around the error, and a cut-off quote of a
      // secret the body echoes cannot be redacted.
      return contractError(context, response, issues, undefined);
    }
    if (error instanceof BodyLimitError) {
      const issues = [
        { path: '/body', message: `${error.issue}; it was not validated` },
        ...headerIssues(response, context),
      ];
      return contractError(context, response, issues, error);
    }
    const cut = deadlineFailure(context);
    if (cut !== undefined) return cut;
    if (isTransportFailure(error)) {
      return networkError(context, error, `the response body could not be read to its end`);
    }
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- a bug leaves as it was thrown (see above), whatever its type
    throw error;
  }
  // The generated client skips validation and yields `{}` for `204` and `Content-Length: 0`.
  const empty = response.status === 204 || response.headers.get('Content-Length') === '0';
  const issues = headerIssues(response, context);
  if (empty)
    issues.unshift({ path: '/body', message: 'is empty; the contract requires a JSON body' });
  if (issues.length > 0) return contractError(context, response, issues, undefined);
  let data = result.data;
  if (context.schema !== undefined) {
    let checked: ReturnType<typeof validateWire>;
    try {
      checked = validateWire(context.schema, data);
    } catch {
      // A body the validators cannot walk (a stack overflow on hostile nesting) is still a body
      // that breaks the contract, never a network failure and never an untagged error.
      const issue = { path: '/body', message: 'could not be validated (nested too deeply?)' };
      return contractError(context, response, [issue], undefined);
    }
    if (!checked.success) {
      return contractError(
        context,
        response,
        toContractIssues(checked.error, 'body'),
        // Not kept as `cause`: the zod issues hold the server's keys and values unredacted.
        undefined,
      );
    }
    data = checked.data;
  }
  return {
    kind: 'ok',
    data,
    status: response.status,
    schemaVersion: schemaVersionOf(response) ?? '',
    etag: response.headers.get('ETag') ?? undefined,
  };
}
