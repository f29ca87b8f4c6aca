import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '@mrp-plm/resilience';
import type { CatalogChangeResult } from './CatalogChangeResult.js';
import { Faults } from './Faults.js';
import type { DriftOption, Fixtures } from './generateFixtures.js';
import { generateFixtures } from './generateFixtures.js';
import type { MockStats } from './MockStats.js';
import type {
  ProviderStateAction,
  ProviderStateParams,
  ProviderStateResult,
} from './ProviderState.js';
import type { UsageEventLog } from './UsageEventRecord.js';
import { applyProviderState } from './internal/applyProviderState.js';
import { CatalogStore } from './internal/CatalogStore.js';
import { changeCatalog, currentCatalogEtag } from './internal/changeCatalog.js';
import { contractModel } from './internal/ContractModel.js';
import { createRequestHandler } from './internal/createRequestHandler.js';
import type { MockState } from './internal/MockState.js';
import { mockStats } from './internal/mockStats.js';
import { resetState } from './internal/resetState.js';
import { StatsRecorder } from './internal/StatsRecorder.js';
import { ALL_SCOPES, TokenStore } from './internal/TokenStore.js';
import { UsageLedger } from './internal/UsageLedger.js';

/**
 * The part of `@mrp-plm/resilience`'s `Clock` the mock reads.
 *
 * @deprecated Use `Pick<Clock, 'now'>` with `Clock` from `@mrp-plm/resilience` (the monorepo's one
 * clock type), or pass `systemClock` / `createTestClock()` as they are. Kept as an alias of it for
 * existing code; it will be removed in a future release.
 */
export type MockClock = Pick<Clock, 'now'>;

/** Options of {@link startPlmMock}. */
export interface PlmMockOptions {
  /**
   * TCP port; `0` picks a free one (read it back from `url`).
   * @default 0
   */
  readonly port?: number;
  /**
   * Interface to listen on.
   * @default '127.0.0.1'
   */
  readonly host?: string;
  /**
   * Fixture seed; also seeds the fault injector's random stream.
   * @default 1
   */
  readonly seed?: number;
  /**
   * Number of generated models.
   * @default 50
   */
  readonly models?: number;
  /**
   * Drift between the PLM fixtures and the MRP-side data in `fixtures.mrp` (see `generateFixtures`).
   * @default 0
   */
  readonly drift?: DriftOption;
  /**
   * Fixtures to serve instead of generating them (`seed`, `models` and `drift` are then ignored).
   */
  readonly fixtures?: Fixtures;
  /**
   * OAuth client id accepted by `POST /oauth/token`.
   * @default 'mrp-app'
   */
  readonly clientId?: string;
  /**
   * OAuth client secret accepted by `POST /oauth/token`. A development secret: never use a real one.
   * @default 'mrp-secret'
   */
  readonly clientSecret?: string;
  /**
   * Lifetime of issued tokens, judged with `clock`.
   * @default 3600
   */
  readonly tokenTtlSeconds?: number;
  /** Where to send signed `catalog.changed` webhooks, and the shared secret. */
  readonly webhook?: { readonly url: string; readonly secret: string };
  /**
   * Clock for token expiry, fault `durationMs` windows, `Retry-After` dates, `updatedAt` of catalog
   * changes and event receipt times: any `@mrp-plm/resilience` `Clock` (only its `now()` is read),
   * e.g. `createTestClock()` in tests. Latency faults use real timers.
   * @default Date
   */
  readonly clock?: Pick<Clock, 'now'>;
  /**
   * Path of `plm.v1.yaml`.
   * @default the copy shipped in `dist/`, else `contracts/openapi/plm.v1.yaml` in an ancestor directory
   */
  readonly contractPath?: string;
}

/** A running mock PLM server. */
export interface PlmMock {
  /** Base URL, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  readonly url: string;
  /** The faults set on the server; see {@link Faults}. */
  readonly faults: Faults;
  /** The fixtures served (PLM side) and the matching MRP-side data with its drift report. */
  readonly fixtures: Fixtures;
  /** Request counts per operation and status, events applied, tokens issued. */
  stats(): MockStats;
  /** Usage events received: applied ones, and every receipt. */
  events(): UsageEventLog;
  /**
   * Issues a token without the OAuth call (optionally with a fixed value, e.g. one a pact replays).
   * @default scopes both `plm.read` and `plm.metrics.write`
   */
  issueToken(options?: { token?: string; scopes?: readonly string[]; ttlSeconds?: number }): string;
  /** Expires every issued token now (next call: 401 AUTH_EXPIRED). Returns how many. */
  expireTokens(): number;
  /** Revokes one token, or all (next call: 401 AUTH_INVALID). Returns how many. */
  revokeTokens(token?: string): number;
  /**
   * Changes models (next revision, `updatedAt = clock.now()`, hence a new catalog ETag) and sends a
   * signed `catalog.changed` webhook when one is configured.
   * @default modelIds the first model of the catalog
   */
  changeCatalog(modelIds?: readonly string[]): Promise<CatalogChangeResult>;
  /** The ETag of the default first catalog page (`GET /plm/catalog`). */
  catalogEtag(): string;
  /** Configures (or with `undefined` removes) the webhook target. */
  setWebhook(webhook: { url: string; secret: string } | undefined): void;
  /**
   * Sets up (or tears down) a Pact provider state; see `PROVIDER_STATES`. Returns the state's
   * name, its params and the `values` it provides for provider-state injected values (a Pact
   * state handler returns them, e.g. `{ etag }` for `the catalog has a current ETag`).
   * @throws {@link UnknownProviderStateError} for an unknown state or a missing parameter.
   */
  setProviderState(
    state: string,
    params?: ProviderStateParams,
    action?: ProviderStateAction,
  ): ProviderStateResult;
  /** Back to the start: fixtures reloaded; faults, tokens, events and stats cleared. */
  reset(): void;
  /** Stops the server, closing open connections. */
  close(): Promise<void>;
}

/**
 * Starts a PLM server implementing the whole PLM v1 contract from deterministic fixtures, with
 * fault injection, an admin API under `/__admin` and Pact provider states.
 *
 * @throws {@link ContractLoadError} when the contract cannot be loaded.
 * @example
 * ```ts
 * const mock = await startPlmMock({ seed: 1, models: 50 });
 * mock.faults.set({ kind: 'rateLimit', route: 'getCatalog', count: 1, retryAfterSeconds: 2 });
 * const token = await fetch(`${mock.url}/oauth/token`, {
 *   method: 'POST',
 *   body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'mrp-app', client_secret: 'mrp-secret' }),
 * }).then((r) => r.json());
 * // … exercise the client under test …
 * await mock.close();
 * ```
 */
export async function startPlmMock(options: PlmMockOptions = {}): Promise<PlmMock> {
  const contract = contractModel(options.contractPath);
  const seed = options.seed ?? 1;
  const fixtures =
    options.fixtures ??
    generateFixtures({
      seed,
      models: options.models ?? 50,
      ...(options.drift !== undefined ? { drift: options.drift } : {}),
    });
  const clock = options.clock ?? Date;
  const now = (): number => clock.now();
  const faults = new Faults(seed, now);
  const closing = new AbortController();
  const state: MockState = {
    contract,
    fixtures,
    catalog: new CatalogStore(fixtures.models),
    tokens: new TokenStore(now),
    ledger: new UsageLedger(now),
    faults,
    stats: new StatsRecorder(),
    now,
    closing: closing.signal,
    clientId: options.clientId ?? 'mrp-app',
    clientSecret: options.clientSecret ?? 'mrp-secret',
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
    webhook: options.webhook ? { ...options.webhook } : undefined,
    acceptUnknownModels: false,
  };

  const server = createServer(createRequestHandler(state));
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closed: Promise<void> | undefined;

  return {
    url: `http://${host}:${address.port}`,
    faults,
    fixtures,
    stats: () => mockStats(state),
    events: () => state.ledger.log(),
    issueToken: (o = {}) =>
      state.tokens.issue(
        o.scopes ?? [...ALL_SCOPES],
        o.ttlSeconds ?? state.tokenTtlSeconds,
        o.token,
      ),
    expireTokens: () => state.tokens.expireAll(),
    revokeTokens: (token) => state.tokens.revoke(token),
    changeCatalog: (modelIds) => changeCatalog(state, modelIds),
    catalogEtag: () => currentCatalogEtag(state),
    setWebhook: (webhook) => {
      state.webhook = webhook ? { ...webhook } : undefined;
    },
    setProviderState: (name, params, action) => applyProviderState(state, name, params, action),
    reset: () => resetState(state),
    close: () =>
      (closed ??= new Promise<void>((resolve, reject) => {
        closing.abort();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      })),
  };
}
