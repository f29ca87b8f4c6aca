import type { MockState } from './MockState.js';

/** Back to the state right after start: fixtures reloaded; faults, tokens, events, stats cleared. */
export function resetState(state: MockState): void {
  state.catalog.load(state.fixtures.models);
  state.tokens.reset();
  state.ledger.reset();
  state.faults.clear();
  state.stats.reset();
  state.acceptUnknownModels = false;
}
