import { ResilienceTimeoutError } from './ResilienceTimeoutError.js';

/** Options of {@link createRetryBudget}; defaults follow the AWS SDK standard retry mode. */
export interface RetryBudgetOptions {
  /**
   * Maximum (and initial) number of tokens.
   * @default 500
   */
  readonly capacity?: number;
  /**
   * Tokens a retry costs.
   * @default 5
   */
  readonly retryCost?: number;
  /**
   * Tokens a retry after a timeout costs (timeouts are the costliest failures to repeat).
   * @default 10
   */
  readonly timeoutCost?: number;
  /**
   * Tokens returned by a success that needed no retry.
   * @default 1
   */
  readonly successRefill?: number;
}

/**
 * A token bucket shared by retry loops so an outage does not multiply load: each retry spends
 * tokens, successes refill them, and when the bucket is empty, failures are returned without retry.
 */
export interface RetryBudget {
  /** Tokens currently available. */
  readonly available: number;
  /** Spends the cost of retrying after `error`; returns the tokens taken, or 0 when spent. */
  tryAcquire(error: unknown): number;
  /**
   * Records a success. `refund` is the cost paid for the retry that succeeded (0 when the first
   * attempt succeeded, which refills `successRefill`).
   */
  onSuccess(refund: number): void;
}

class TokenBudget implements RetryBudget {
  private tokens: number;
  private readonly capacity: number;
  private readonly retryCost: number;
  private readonly timeoutCost: number;
  private readonly successRefill: number;

  constructor(options: RetryBudgetOptions) {
    this.capacity = options.capacity ?? 500;
    this.retryCost = options.retryCost ?? 5;
    this.timeoutCost = options.timeoutCost ?? 10;
    this.successRefill = options.successRefill ?? 1;
    this.tokens = this.capacity;
  }

  get available(): number {
    return this.tokens;
  }

  tryAcquire(error: unknown): number {
    const cost =
      error instanceof ResilienceTimeoutError ||
      (error as { _tag?: unknown } | null)?._tag === 'ResilienceTimeoutError'
        ? this.timeoutCost
        : this.retryCost;
    if (this.tokens < cost) return 0;
    this.tokens -= cost;
    return cost;
  }

  onSuccess(refund: number): void {
    if (this.tokens >= this.capacity) return;
    this.tokens = Math.min(this.capacity, this.tokens + (refund > 0 ? refund : this.successRefill));
  }
}

/**
 * Creates a {@link RetryBudget}. Share one budget between the retry policies that call the same
 * upstream.
 *
 * @example
 * ```ts
 * import { createRetry, createRetryBudget } from '@mrp-plm/resilience';
 *
 * const budget = createRetryBudget({ capacity: 100 });
 * const reads = createRetry({ budget, idempotent: true });
 * ```
 */
export function createRetryBudget(options: RetryBudgetOptions = {}): RetryBudget {
  return new TokenBudget(options);
}
