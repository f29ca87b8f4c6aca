import type { PlmConfigProblem } from '@mrp-plm/mrp-integration';

/**
 * The host's configuration (its own variables and the `PLM_*` ones) is invalid. `problems` lists
 * every invalid or missing setting, in mrp-integration's problem shape; secret values appear as
 * `[redacted]` or not at all.
 */
export class HostConfigError extends Error {
  readonly _tag = 'HostConfigError' as const;
  override readonly name = 'HostConfigError';
  /** Every problem found. */
  readonly problems: readonly PlmConfigProblem[];

  constructor(problems: readonly PlmConfigProblem[], options?: { cause?: unknown }) {
    const lines = problems.map(
      (p) =>
        `  ${p.variable}: ${p.value === undefined ? 'missing' : JSON.stringify(p.value)}; allowed: ${p.allowed}`,
    );
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`,
      options,
    );
    this.problems = problems;
  }
}
