import type { PlmOperation } from './PlmOperation.js';

/**
 * One place where a message breaks the contract: a JSON Pointer prefixed with the message part
 * (`/body/items/0/revision/effectiveFrom`, `/headers/PLM-Schema-Version`), as in the contract's
 * own `ValidationError`, and what is wrong there.
 */
export interface PlmContractIssue {
  readonly path: string;
  readonly message: string;
}

/** What {@link PlmContractError} is built from. */
export interface PlmContractErrorInit {
  readonly operation: PlmOperation;
  readonly source: 'request' | 'response';
  readonly correlationId: string;
  readonly status: number | undefined;
  readonly schemaVersion: string | undefined;
  readonly issues: ReadonlyArray<PlmContractIssue>;
  readonly cause?: unknown;
}

/**
 * A message does not match the PLM v1 contract, so the client refuses to hand it over:
 * - `source: 'response'`: PLM's successful response is not what the contract promises (its body is
 *   not JSON, is empty, or fails the generated zod schema; or a required header is missing or
 *   malformed), or it is too large or too deeply nested to validate. `issues` lists every failing
 *   path (server-provided text redacted), `schemaVersion` the version PLM claimed when it has the
 *   contract's format. The zod or JSON error is not kept as `cause`: it quotes the server's data.
 * - `source: 'request'`: a value the caller passed breaks the contract, so it is not sent: a model
 *   or trim id, `limit`, `cursor`, `updatedSince` or `ifNoneMatch` outside its schema (an id such
 *   as `..` would otherwise change the route), or a correlation id or idempotency key outside the
 *   allowed characters. `issues` points at `/path/…`, `/query/…` or `/headers/…`; nothing was sent.
 *
 * Never `retryable`: the same exchange gives the same result. It means PLM and this SDK disagree
 * about the contract (or the caller has a bug), which a person has to look at.
 *
 * @example
 * ```ts
 * if (error instanceof PlmContractError) {
 *   logger.error({ issues: error.issues, schemaVersion: error.schemaVersion }, error.message);
 * }
 * ```
 */
export class PlmContractError extends Error {
  /** Discriminant, so `Effect.catchTag('PlmContractError', …)` and `switch (error._tag)` work. */
  readonly _tag = 'PlmContractError' as const;
  override readonly name = 'PlmContractError';
  /** The client method (or the token request) whose message broke the contract. */
  readonly operation: PlmOperation;
  /** Whether PLM's response or the caller's input broke the contract. */
  readonly source: 'request' | 'response';
  /** The `X-Request-Id` the client sent (or would have sent). */
  readonly correlationId: string;
  /** The HTTP status of the offending response; `undefined` for `source: 'request'`. */
  readonly status: number | undefined;
  /** The `PLM-Schema-Version` the response claimed, if it carried one. */
  readonly schemaVersion: string | undefined;
  /** Every failing path, with what is wrong there. Never empty. */
  readonly issues: ReadonlyArray<PlmContractIssue>;
  /** Always `false`: the same exchange would break the contract again. */
  readonly retryable = false as const;

  constructor(init: PlmContractErrorInit) {
    const where = init.source === 'response' ? 'response' : 'request';
    const version = init.schemaVersion === undefined ? 'none' : init.schemaVersion;
    const lines = init.issues.map((issue) => `  ${issue.path}: ${issue.message}`).join('\n');
    super(
      `PLM ${init.operation} ${where} does not match the contract ` +
        `(${init.issues.length} issue${init.issues.length === 1 ? '' : 's'}, ` +
        `PLM-Schema-Version ${version}, correlation id ${init.correlationId}):\n${lines}`,
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    this.operation = init.operation;
    this.source = init.source;
    this.correlationId = init.correlationId;
    this.status = init.status;
    this.schemaVersion = init.schemaVersion;
    this.issues = init.issues;
  }
}
