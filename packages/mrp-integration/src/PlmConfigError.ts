/** One invalid setting found by {@link loadPlmConfig} or {@link definePlmConfig}. */
export interface PlmConfigProblem {
  /** The environment variable, e.g. `PLM_CACHE_TTL`. */
  readonly variable: string;
  /** The `PlmConfig` key of the same setting, e.g. `cacheTTL`. */
  readonly key: string;
  /** The value as given (`[redacted]` for secrets; `undefined` when it was missing). */
  readonly value: string | undefined;
  /** What is allowed, e.g. `an integer from 300 to 900 (seconds)`. */
  readonly allowed: string;
}

/**
 * The PLM configuration is invalid. Lists every problem at once, so one start-up shows
 * everything to fix; secret values are never included.
 */
export class PlmConfigError extends Error {
  readonly _tag = 'PlmConfigError' as const;
  override readonly name = 'PlmConfigError';
  readonly problems: readonly PlmConfigProblem[];

  constructor(problems: readonly PlmConfigProblem[]) {
    const lines = problems.map(
      (p) =>
        `  ${p.variable} (${p.key}): ${p.value === undefined ? 'missing' : JSON.stringify(p.value)}; allowed: ${p.allowed}`,
    );
    super(
      `Invalid PLM configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`,
    );
    this.problems = problems;
  }
}
