/** The signed-in user's role or department does not allow this action. */
export class AccessDeniedError extends Error {
  readonly _tag = 'HostAccessDeniedError' as const;
  override readonly name = 'AccessDeniedError';
  /** What was refused, e.g. `edit work order WO-000003`. */
  readonly action: string;

  constructor(action: string, options?: { cause?: unknown }) {
    super(`You are not allowed to ${action}.`, options);
    this.action = action;
  }
}
