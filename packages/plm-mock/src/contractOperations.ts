import { contractModel } from './internal/ContractModel.js';

/** One operation of the contract, as listed by {@link contractOperations}. */
export interface ContractOperation {
  readonly operationId: string;
  /** Upper-case HTTP method. */
  readonly method: string;
  /** Path template, e.g. `/plm/models/{modelId}/config`. */
  readonly path: string;
  /** Statuses declared for the operation, e.g. `['200', '304', '400', …]`. */
  readonly statuses: readonly string[];
  /** OAuth scopes the operation requires (empty for `requestToken`). */
  readonly scopes: readonly string[];
}

/**
 * Lists every operation of the contract (paths only; webhooks are not served by the mock, they are
 * sent by it). The conformance suite iterates this list so a new operation cannot go untested.
 *
 * @throws {@link ContractLoadError} when the contract cannot be loaded.
 * @example
 * ```ts
 * contractOperations().map((o) => o.operationId);
 * // ['requestToken', 'getCatalog', 'getModelConfig', 'getTrim', 'listFeatures', 'submitUsageMetrics']
 * ```
 */
export function contractOperations(): ContractOperation[] {
  return contractModel().operations.map((op) => ({
    operationId: op.operationId,
    method: op.method,
    path: op.path,
    statuses: [...op.responses.keys()],
    scopes: op.scopes,
  }));
}

/** The contract version (`info.version`), which the mock sends as `PLM-Schema-Version`. */
export function contractVersion(): string {
  return contractModel().version;
}
