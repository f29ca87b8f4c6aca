import { randomUUID } from 'node:crypto';
import type * as z from 'zod';
import type { Client } from '../generated/client/index.js';
import {
  idempotencyKeySchema as zIdempotencyKey,
  PlmContractError,
  requestIdSchema as zRequestId,
} from '@mrp-plm/contract';
import type { PlmContractIssue } from '@mrp-plm/contract';
import { TRACEPARENT } from '../correlationIdFromTraceparent.js';
import type { PlmCallOptions } from '../PlmClient.js';
import type { PlmClock } from '../PlmClock.js';
import { PlmAbortError } from '../PlmAbortError.js';
import { PlmAuthError } from '../PlmAuthError.js';
import { isPlmError } from '../PlmError.js';
import type { PlmError } from '../PlmError.js';
import { PlmHttpError } from '../PlmHttpError.js';
import type { PlmOperation } from '../PlmOperation.js';
import type { PlmResponseMeta } from '../PlmResponse.js';
import { PlmTimeoutError } from '../PlmTimeoutError.js';
import { classifyResult } from './classifyResult.js';
import type { ExchangeOutcome, GeneratedResult } from './classifyResult.js';
import { Deadline } from './Deadline.js';
import type { SecretRedactor } from './SecretRedactor.js';
import { toContractIssues } from './toContractIssues.js';
import type { TokenFailure, TokenSource } from './TokenSource.js';

/** What a call sends through the generated SDK function of its operation. */
export interface SendInit {
  readonly client: Client;
  readonly headers: Record<string, string>;
  readonly signal: AbortSignal;
  /**
   * Replaces the SDK function's `security` (bearer): the runner sets `Authorization` itself, and
   * with a `security` the generated client awaits two async functions per call to find that it
   * has nothing to add (it has no `auth` of its own).
   */
  readonly security: undefined;
}

/**
 * A value the caller passed, checked against its contract schema before anything is sent: an id
 * that is not one (`..`, an empty string) would change the route, and an out-of-range query is a
 * caller bug, not a transient failure.
 */
export interface CallInput {
  /** Where the value goes, as in `PlmContractIssue.path` without the leading `/` (`path/modelId`). */
  readonly part: string;
  readonly schema: z.ZodType;
  readonly value: unknown;
}

/** One operation as the runner sees it. */
export interface CallSpec {
  readonly operation: Exclude<PlmOperation, 'requestToken'>;
  readonly send: (init: SendInit) => Promise<GeneratedResult>;
  readonly requireEtag?: boolean;
  readonly allowNotModified?: boolean;
  readonly idempotencyKey?: string;
  /** The contract schema of the success body, validated once (see `ClassifyContext.schema`). */
  readonly schema?: z.ZodType;
  /** Path, query and header values to check against the contract before sending. */
  readonly inputs?: readonly CallInput[];
}

/** A call's result before it is typed per operation. */
export type CallResult =
  | { readonly notModified: false; readonly data: unknown; readonly meta: PlmResponseMeta }
  | { readonly notModified: true; readonly data: undefined; readonly meta: PlmResponseMeta };

export interface CallRunnerSettings {
  readonly client: Client;
  readonly tokens: TokenSource;
  readonly clock: PlmClock;
  readonly timeoutMs: number;
  readonly redactor: SecretRedactor;
}

/**
 * Runs one client call: correlation id, deadline, token, the request, and the single replay after a
 * `401`. Every failure leaves as a {@link PlmError}.
 */
export class CallRunner {
  readonly #settings: CallRunnerSettings;

  constructor(settings: CallRunnerSettings) {
    this.#settings = settings;
  }

  async run(spec: CallSpec, options: PlmCallOptions | undefined): Promise<CallResult> {
    const { clock, tokens, timeoutMs } = this.#settings;
    const started = clock.now();
    const callerId = options?.correlationId;
    const correlationId = callerId ?? randomUUID();
    // A generated UUID always matches the contract's X-Request-Id; only the caller's input is checked.
    const traceparent = options?.traceparent;
    const inputIssues =
      callerId === undefined &&
      spec.idempotencyKey === undefined &&
      spec.inputs === undefined &&
      traceparent === undefined
        ? NO_ISSUES
        : checkInput(callerId, spec.idempotencyKey, spec.inputs ?? NO_INPUTS, traceparent);
    if (inputIssues.length > 0) {
      throw new PlmContractError({
        operation: spec.operation,
        where: 'request',
        correlationId: zRequestId.safeParse(correlationId).success ? correlationId : '(invalid)',
        status: undefined,
        schemaVersion: undefined,
        issues: inputIssues,
      });
    }
    const deadline = new Deadline(timeoutMs, clock, options?.signal);
    try {
      // A signal aborted before the call starts no token request and sends nothing.
      if (deadline.aborted) throw deadline.toError(spec.operation, correlationId);
      const first = this.#token(spec, correlationId, deadline);
      let token = typeof first === 'string' ? first : await first;
      let outcome = await this.#exchange(spec, correlationId, token, deadline, traceparent);
      if (outcome.kind === 'httpError' && outcome.error.status === 401) {
        if (!tokens.refreshable) throw this.#rejected(spec, correlationId, outcome.error, false);
        tokens.invalidate(token);
        token = await this.#token(spec, correlationId, deadline);
        outcome = await this.#exchange(spec, correlationId, token, deadline, traceparent);
        if (outcome.kind === 'httpError' && outcome.error.status === 401) {
          throw this.#rejected(spec, correlationId, outcome.error, true);
        }
      }
      switch (outcome.kind) {
        case 'httpError':
        case 'failed':
          throw outcome.error;
        case 'ok':
        case 'notModified': {
          const meta: PlmResponseMeta = {
            correlationId,
            schemaVersion: outcome.schemaVersion,
            status: outcome.status,
            etag: outcome.etag,
            durationMs: clock.now() - started,
          };
          return outcome.kind === 'ok'
            ? { notModified: false, data: outcome.data, meta }
            : { notModified: true, data: undefined, meta };
        }
      }
    } finally {
      deadline.dispose();
    }
  }

  /**
   * The call's token: a cached one without waiting on a promise (it needs no race against the
   * deadline, only the check `race` starts with), otherwise from the token source.
   */
  #token(spec: CallSpec, correlationId: string, deadline: Deadline): string | Promise<string> {
    const ready = this.#settings.tokens.peek();
    if (ready === undefined) return this.#awaitToken(spec, correlationId, deadline);
    if (deadline.aborted) throw deadline.toError(spec.operation, correlationId);
    return ready;
  }

  async #awaitToken(spec: CallSpec, correlationId: string, deadline: Deadline): Promise<string> {
    try {
      return await deadline.race(
        this.#settings.tokens.getToken(deadline.signal),
        spec.operation,
        correlationId,
      );
    } catch (error) {
      if (isDeadlineError(error, spec.operation)) throw error;
      // A bug is not a token failure: it leaves as it is (see classifyResult).
      if (!isPlmError(error)) throw error;
      const failure = error as TokenFailure;
      throw new PlmAuthError({
        operation: spec.operation,
        reason: 'token_request_failed',
        correlationId,
        retryable: failure.retryable,
        retryAfterMs: failure instanceof PlmHttpError ? failure.retryAfterMs : undefined,
        message: this.#settings.redactor.redact(
          `PLM ${spec.operation} could not be authenticated: the token request failed ` +
            `(${failure._tag}: ${failure.message}) (correlation id ${correlationId})`,
        ),
        cause: failure,
      });
    }
  }

  async #exchange(
    spec: CallSpec,
    correlationId: string,
    token: string,
    deadline: Deadline,
    traceparent: string | undefined,
  ): Promise<ExchangeOutcome> {
    const { client, redactor, clock } = this.#settings;
    const headers: Record<string, string> = {
      'X-Request-Id': correlationId,
      Authorization: `Bearer ${token}`,
    };
    if (spec.idempotencyKey !== undefined) headers['Idempotency-Key'] = spec.idempotencyKey;
    if (traceparent !== undefined) headers['traceparent'] = traceparent;
    const result = await spec.send({
      client,
      headers,
      signal: deadline.signal,
      security: undefined,
    });
    return classifyResult(result, {
      operation: spec.operation,
      correlationId,
      deadline,
      redactor,
      now: clock.now(),
      requirePlmHeaders: true,
      requireEtag: spec.requireEtag === true,
      allowNotModified: spec.allowNotModified === true,
      keepBodyErrors: true,
      schema: spec.schema,
    });
  }

  #rejected(
    spec: CallSpec,
    correlationId: string,
    cause: PlmHttpError,
    replayed: boolean,
  ): PlmAuthError {
    const why = replayed
      ? 'PLM rejected a freshly issued token'
      : 'PLM rejected the pre-issued access token (it cannot be refreshed)';
    return new PlmAuthError({
      operation: spec.operation,
      reason: 'token_rejected',
      correlationId,
      retryable: false,
      message: `PLM ${spec.operation} could not be authenticated: ${why} (HTTP 401 ${
        cause.code ?? ''
      }; correlation id ${correlationId})`,
      cause,
    });
  }
}

const NO_ISSUES: readonly PlmContractIssue[] = [];
const NO_INPUTS: readonly CallInput[] = [];

function checkInput(
  correlationId: string | undefined,
  idempotencyKey: string | undefined,
  inputs: readonly CallInput[],
  traceparent: string | undefined,
): PlmContractIssue[] {
  const issues: PlmContractIssue[] = [];
  for (const input of inputs) {
    const parsed = input.schema.safeParse(input.value);
    if (!parsed.success) issues.push(...toContractIssues(parsed.error, input.part));
  }
  if (correlationId !== undefined) {
    const id = zRequestId.safeParse(correlationId);
    if (!id.success) issues.push(...toContractIssues(id.error, 'headers/X-Request-Id'));
  }
  if (traceparent !== undefined && !isSendableTraceparent(traceparent)) {
    issues.push({
      path: '/headers/traceparent',
      message: 'not a W3C traceparent (lowercase version-traceid-parentid-flags, non-zero ids)',
      code: 'invalid_format',
    });
  }
  if (idempotencyKey !== undefined) {
    const key = zIdempotencyKey.safeParse(idempotencyKey);
    if (!key.success) issues.push(...toContractIssues(key.error, 'headers/Idempotency-Key'));
  }
  return issues;
}

/** A W3C `traceparent` PLM can join: the format, version not `ff`, and non-zero trace and parent ids. */
function isSendableTraceparent(value: string): boolean {
  const match = TRACEPARENT.exec(value);
  if (match === null || value.startsWith('ff-')) return false;
  const [, traceId] = match;
  const parentId = value.slice(36, 52);
  return !/^0+$/.test(traceId!) && !/^0+$/.test(parentId);
}

/** Whether `error` is this call's own deadline firing (not the token request's timeout). */
function isDeadlineError(error: unknown, operation: PlmOperation): error is PlmError {
  return (
    (error instanceof PlmTimeoutError || error instanceof PlmAbortError) &&
    error.operation === operation
  );
}
