import type { MockStats } from '../MockStats.js';
import type { MockState } from './MockState.js';

/** The current counters. */
export function mockStats(state: MockState): MockStats {
  return state.stats.snapshot({ events: state.ledger.counts(), tokensIssued: state.tokens.issued });
}
