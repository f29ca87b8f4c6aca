/**
 * One place where a message breaks the contract: a JSON Pointer (RFC 6901) and what is wrong there.
 * For an SDK exchange the pointer starts with the message part (`/body/items/0/revision/effectiveFrom`,
 * `/headers/PLM-Schema-Version`, `/query/limit`), as in the contract's own `ValidationError`; for a
 * payload it points into the payload (`''` is the payload itself).
 */
export interface PlmContractIssue {
  readonly path: string;
  /** Human-readable description. */
  readonly message: string;
  /** The kind of problem, when known: a zod issue code, or e.g. `too_deep` for hostile nesting. */
  readonly code?: string;
}

/** Where the violation was seen. */
export type PlmContractWhere = 'request' | 'response' | 'payload';

/** What {@link PlmContractError} is built from. */
export interface PlmContractErrorInit {
  /**
   * - `request`: a value a caller was about to send breaks the contract; nothing was sent.
   * - `response`: a response PLM sent breaks the contract.
   * - `payload`: a PLM payload handed over on its own (raw JSON given to the adapter, a webhook
   *   body) breaks the contract.
   */
  readonly where: PlmContractWhere;
  /** Every failing path. Never empty. */
  readonly issues: ReadonlyArray<PlmContractIssue>;
  /** The `PLM-Schema-Version` the message claimed, if known. */
  readonly schemaVersion?: string | undefined;
  /** The operation (contract operationId or client method) of the exchange, for `request`/`response`. */
  readonly operation?: string | undefined;
  /** The contract schema a payload was checked against, e.g. `ModelConfig`. */
  readonly resource?: string | undefined;
  /** The `X-Request-Id` of the exchange, if there was one. */
  readonly correlationId?: string | undefined;
  /** The HTTP status of the offending response. */
  readonly status?: number | undefined;
  readonly cause?: unknown;
}

/** How many issues a payload error's message spells out; `issues` always holds all of them. */
const MESSAGE_ISSUES = 10;

function describe(init: PlmContractErrorInit): string {
  if (init.where === 'payload') {
    const shown = init.issues
      .slice(0, MESSAGE_ISSUES)
      .map((issue) => `${issue.path === '' ? '/' : issue.path}: ${issue.message}`)
      .join('; ');
    const more =
      init.issues.length > MESSAGE_ISSUES
        ? ` (and ${init.issues.length - MESSAGE_ISSUES} more)`
        : '';
    return (
      `PLM ${init.resource ?? 'unknown'} payload (schema version ${init.schemaVersion ?? 'unknown'}) ` +
      `does not match the contract: ${shown}${more}`
    );
  }
  const version = init.schemaVersion ?? 'none';
  const lines = init.issues.map((issue) => `  ${issue.path}: ${issue.message}`).join('\n');
  return (
    `PLM ${init.operation ?? 'call'} ${init.where} does not match the contract ` +
    `(${init.issues.length} issue${init.issues.length === 1 ? '' : 's'}, ` +
    `PLM-Schema-Version ${version}, correlation id ${init.correlationId ?? 'none'}):\n${lines}`
  );
}

/**
 * A message does not match the PLM v1 contract. The one contract error of every `@mrp-plm` package:
 * the SDK throws it for a request it refuses to send (`where: 'request'`) and for a response that
 * breaks the contract (`where: 'response'`), the adapter for a raw payload (`where: 'payload'`).
 * `issues` lists every failing path, not only the first.
 *
 * Never `retryable`: the same message breaks the contract again. It means PLM and this side
 * disagree about the contract (or a caller has a bug), which a person has to look at.
 *
 * @example
 * ```ts
 * import { PlmContractError } from '@mrp-plm/contract';
 *
 * const error = new PlmContractError({
 *   where: 'payload',
 *   resource: 'ModelConfig',
 *   issues: [{ path: '/id', message: 'Invalid string: must match pattern' }],
 * });
 * if (error instanceof PlmContractError && error.where === 'payload') {
 *   console.error(error.issues, error.message);
 * }
 * ```
 */
export class PlmContractError extends Error {
  /** Discriminant, so `Effect.catchTag('PlmContractError', …)` and `switch (error._tag)` work. */
  readonly _tag = 'PlmContractError' as const;
  override readonly name = 'PlmContractError';
  /** Where the violation was seen: a request not sent, a response received, or a payload. */
  readonly where: PlmContractWhere;
  /** Every failing path, with what is wrong there. Never empty. */
  readonly issues: ReadonlyArray<PlmContractIssue>;
  /** The `PLM-Schema-Version` the message claimed, if known. */
  readonly schemaVersion: string | undefined;
  /** The operation of the exchange (`request` / `response`); `undefined` for a payload. */
  readonly operation: string | undefined;
  /** The contract schema a payload was checked against; `undefined` when not known. */
  readonly resource: string | undefined;
  /** The `X-Request-Id` the exchange used, if any. */
  readonly correlationId: string | undefined;
  /** The HTTP status of the offending response; `undefined` otherwise. */
  readonly status: number | undefined;
  /** Always `false`: the same message would break the contract again. */
  readonly retryable = false as const;

  constructor(init: PlmContractErrorInit) {
    super(describe(init), init.cause === undefined ? undefined : { cause: init.cause });
    this.where = init.where;
    this.issues = init.issues;
    this.schemaVersion = init.schemaVersion;
    this.operation = init.operation;
    this.resource = init.resource;
    this.correlationId = init.correlationId;
    this.status = init.status;
  }
}
