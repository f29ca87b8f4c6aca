/** One benchmarked case: an async operation run in a tight loop. */
export interface Case {
  readonly name: string;
  readonly run: () => Promise<unknown>;
}

async function loop(run: () => Promise<unknown>, iterations: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await run();
  return Number(process.hrtime.bigint() - start) / iterations;
}

/**
 * Measures cases side by side: warm-up, then `rounds` interleaved rounds (so drift and GC hit every
 * case alike), reporting the median ns per call of each.
 */
export async function measure(
  cases: readonly Case[],
  iterations = 200_000,
  rounds = 7,
): Promise<Map<string, number>> {
  for (const c of cases) await loop(c.run, Math.min(iterations, 50_000));
  const samples = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  for (let r = 0; r < rounds; r++) {
    for (const c of cases) samples.get(c.name)!.push(await loop(c.run, iterations));
  }
  const medians = new Map<string, number>();
  for (const [name, values] of samples) {
    values.sort((a, b) => a - b);
    medians.set(name, values[Math.floor(values.length / 2)]!);
  }
  return medians;
}

export function ns(value: number): string {
  return `${value.toFixed(1).padStart(9)} ns`;
}

export function verdict(ok: boolean): string {
  return ok ? 'MET' : 'MISSED';
}
