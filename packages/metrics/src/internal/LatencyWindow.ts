/** Percentiles of delivery latency over the most recent samples (fixed memory). */
export class LatencyWindow {
  readonly #samples: Float64Array;
  #count = 0;
  #next = 0;

  constructor(size: number) {
    this.#samples = new Float64Array(size);
  }

  add(value: number): void {
    this.#samples[this.#next] = value;
    this.#next = (this.#next + 1) % this.#samples.length;
    this.#count = Math.min(this.#count + 1, this.#samples.length);
  }

  /** Nearest-rank percentiles, or `undefined` before the first sample. */
  percentiles():
    { p50: number; p90: number; p99: number; max: number; samples: number } | undefined {
    if (this.#count === 0) return undefined;
    const sorted = this.#samples.slice(0, this.#count).sort();
    const rank = (p: number): number =>
      sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
    return {
      p50: rank(0.5),
      p90: rank(0.9),
      p99: rank(0.99),
      max: sorted[sorted.length - 1]!,
      samples: this.#count,
    };
  }
}
