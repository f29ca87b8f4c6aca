/** `setProviderState` was given a state the mock does not know (see `PROVIDER_STATES`). */
export class UnknownProviderStateError extends Error {
  readonly _tag = 'UnknownProviderStateError' as const;
  override readonly name = 'UnknownProviderStateError';
  readonly state: string;

  constructor(state: string, options?: { cause?: unknown }) {
    super(`Unknown provider state "${state}"`, options);
    this.state = state;
  }
}
