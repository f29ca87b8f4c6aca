/**
 * The options of {@link createShadowComparison} or {@link createMemoryShadowMismatchStore} are
 * invalid. Lists every problem at once (`problems`), e.g. `queueSize: must be an integer ≥ 0`.
 */
export class ShadowOptionsError extends Error {
  readonly _tag = 'ShadowOptionsError' as const;
  override readonly name = 'ShadowOptionsError';
  readonly problems: readonly string[];

  constructor(problems: readonly string[], options?: { readonly cause?: unknown }) {
    super(`Invalid shadow comparison options: ${problems.join('; ')}`, options);
    this.problems = problems;
  }
}

/** Collects option problems; throws one {@link ShadowOptionsError} with all of them. */
export function checkShadowOptions(
  checks: readonly (readonly [name: string, value: unknown, ok: boolean, allowed: string])[],
): void {
  const problems = checks
    .filter(([, value, ok]) => value !== undefined && !ok)
    .map(([name, value, , allowed]) => `${name}: ${String(value)} is not ${allowed}`);
  if (problems.length > 0) throw new ShadowOptionsError(problems);
}
