import type { FailureWindowState } from '../FailureWindowState.js';

/** Verdict after recording a failure. */
export type WindowVerdict = 'ok' | 'failureThreshold' | 'failureRate';

/** Rolling window of outcomes deciding when a closed breaker trips. O(1) per call. */
export interface FailureWindow {
  /** Whether successes matter (rate mode); lets the happy path skip the call otherwise. */
  readonly countsSuccesses: boolean;
  recordSuccess(now: number): void;
  recordFailure(now: number): WindowVerdict;
  reset(): void;
  toJSON(): FailureWindowState;
}

/**
 * Absolute count in a time window: trips when `threshold` failures happened within the last
 * `windowMs`. Only the last `threshold` failure times are kept (a ring), so the check is O(1) and
 * memory is bounded however many calls fail.
 */
export class CountWindow implements FailureWindow {
  readonly countsSuccesses = false;
  private readonly ring: number[];
  /** Index the next failure is written to; once the ring is full, also the oldest failure. */
  private next = 0;
  private size = 0;

  constructor(
    private readonly threshold: number,
    private readonly windowMs: number,
    state?: readonly number[],
  ) {
    this.ring = new Array<number>(threshold).fill(0);
    for (const at of state?.slice(-threshold) ?? []) this.push(at);
  }

  recordSuccess(): void {}

  recordFailure(now: number): WindowVerdict {
    this.push(now);
    if (this.size < this.threshold) return 'ok';
    return now - this.ring[this.next]! < this.windowMs ? 'failureThreshold' : 'ok';
  }

  reset(): void {
    this.next = 0;
    this.size = 0;
  }

  toJSON(): FailureWindowState {
    const failures: number[] = [];
    const start = this.size < this.threshold ? 0 : this.next;
    for (let i = 0; i < this.size; i++) failures.push(this.ring[(start + i) % this.threshold]!);
    return { kind: 'count', failures };
  }

  private push(at: number): void {
    this.ring[this.next] = at;
    this.next = (this.next + 1) % this.threshold;
    if (this.size < this.threshold) this.size++;
  }
}

/**
 * Failure rate over a window split into buckets: trips when at least `minimumThroughput` calls
 * ended in the window and the failed share reaches `failureRateThreshold`.
 */
export class RateWindow implements FailureWindow {
  readonly countsSuccesses = true;
  private readonly bucketMs: number;
  private readonly epochs: number[];
  private readonly successes: number[];
  private readonly failures: number[];

  constructor(
    private readonly failureRateThreshold: number,
    private readonly minimumThroughput: number,
    windowMs: number,
    private readonly bucketCount: number,
    state?: FailureWindowState,
  ) {
    this.bucketMs = Math.max(1, windowMs / bucketCount);
    this.epochs = new Array<number>(bucketCount).fill(-1);
    this.successes = new Array<number>(bucketCount).fill(0);
    this.failures = new Array<number>(bucketCount).fill(0);
    if (state?.kind === 'rate') {
      state.buckets.forEach(([epoch, ok, failed], i) => {
        if (i >= bucketCount) return;
        this.epochs[i] = epoch;
        this.successes[i] = ok;
        this.failures[i] = failed;
      });
    }
  }

  recordSuccess(now: number): void {
    this.successes[this.slot(now)]!++;
  }

  recordFailure(now: number): WindowVerdict {
    this.failures[this.slot(now)]!++;
    const current = Math.floor(now / this.bucketMs);
    let ok = 0;
    let failed = 0;
    for (let i = 0; i < this.bucketCount; i++) {
      if (current - this.epochs[i]! < this.bucketCount) {
        ok += this.successes[i]!;
        failed += this.failures[i]!;
      }
    }
    const total = ok + failed;
    return total >= this.minimumThroughput && failed / total >= this.failureRateThreshold
      ? 'failureRate'
      : 'ok';
  }

  reset(): void {
    this.epochs.fill(-1);
    this.successes.fill(0);
    this.failures.fill(0);
  }

  toJSON(): FailureWindowState {
    return {
      kind: 'rate',
      buckets: this.epochs.map(
        (epoch, i) => [epoch, this.successes[i]!, this.failures[i]!] as const,
      ),
    };
  }

  private slot(now: number): number {
    const epoch = Math.floor(now / this.bucketMs);
    const index = epoch % this.bucketCount;
    if (this.epochs[index] !== epoch) {
      this.epochs[index] = epoch;
      this.successes[index] = 0;
      this.failures[index] = 0;
    }
    return index;
  }
}
