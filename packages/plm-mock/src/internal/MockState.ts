import type { Fixtures } from '../generateFixtures.js';
import type { Faults } from '../Faults.js';
import type { CatalogStore } from './CatalogStore.js';
import type { ContractModel } from './ContractModel.js';
import type { StatsRecorder } from './StatsRecorder.js';
import type { TokenStore } from './TokenStore.js';
import type { UsageLedger } from './UsageLedger.js';

/** Everything the request handlers share; one per running mock. */
export interface MockState {
  readonly contract: ContractModel;
  readonly fixtures: Fixtures;
  readonly catalog: CatalogStore;
  readonly tokens: TokenStore;
  readonly ledger: UsageLedger;
  readonly faults: Faults;
  readonly stats: StatsRecorder;
  readonly now: () => number;
  /** Aborted by `close()`: pending latencies and webhook deliveries stop waiting. */
  readonly closing: AbortSignal;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly tokenTtlSeconds: number;
  webhook: { url: string; secret: string } | undefined;
  /** Provider state "usage metrics are accepted": events for unknown models are accepted too. */
  acceptUnknownModels: boolean;
}
