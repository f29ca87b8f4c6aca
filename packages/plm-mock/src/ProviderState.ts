/** A provider state the mock can set up for Pact verification. */
export interface ProviderStateInfo {
  /** The state's name as a Pact interaction writes it; `{param}` placeholders name its params. */
  readonly name: string;
  /** Parameter names (`params` of the interaction, or values written into the name). */
  readonly params: readonly string[];
  /** What setting it does. */
  readonly description: string;
}

/**
 * Every provider state `setProviderState` / `POST /__admin/state` understands. A state may be sent
 * with the placeholders kept and the values in `params` (Pact V3), or with the values written into
 * the name (`a model with id MDL-000123 exists`).
 */
export const PROVIDER_STATES: readonly ProviderStateInfo[] = [
  {
    name: 'a model with id {modelId} exists',
    params: ['modelId'],
    description:
      'Ensures the model exists; when it does not, the model is generated as fixtures of the same seed would hold it (MDL-000123 is the 123rd generated model; any other id gets a generated model renamed after it: trims TRM-<suffix>-01…, features FTR-<suffix>-01…).',
  },
  {
    name: 'a trim with id {trimId} exists',
    params: ['trimId', 'modelId?'],
    description:
      'Ensures the trim exists. A trim id TRM-<x>-<nn> belongs to model MDL-<x> (or params.modelId); that model is created as above if needed, and the trim is added to it.',
  },
  {
    name: 'no model with id {modelId} exists',
    params: ['modelId'],
    description: 'Removes the model (and its trims) if present.',
  },
  {
    name: 'the catalog is unchanged since {etag}',
    params: ['etag'],
    description:
      'Every catalog page answers with this ETag until the catalog changes, so If-None-Match with it gets 304. Without etag, nothing is forced (read the current one from GET /__admin/catalog/etag). Provides { etag } as the injected value.',
  },
  {
    name: 'the catalog has a current ETag',
    params: [],
    description:
      'Provides { etag }: the current ETag of GET /plm/catalog, for an interaction that sends it back (fromProviderState) and expects 304. Nothing is forced, so a real PLM can implement it.',
  },
  {
    name: 'the access token is expired',
    params: [],
    description:
      'Every token, issued or not, gets 401 AUTH_EXPIRED until teardown or reset; afterwards the issued tokens work again (so a verifier that injects a real token can go on).',
  },
  {
    name: 'PLM is rate limiting',
    params: ['retryAfterSeconds?', 'retryAfterFormat?', 'count?'],
    description:
      'The next /plm/** request (or `count` requests) answers 429 RATE_LIMITED with Retry-After (default 30 seconds).',
  },
  {
    name: 'PLM is under maintenance',
    params: ['retryAfterSeconds?', 'retryAfterFormat?', 'count?'],
    description:
      'The next /plm/** request (or `count` requests) answers 503 MAINTENANCE with Retry-After (default 30 seconds).',
  },
  {
    name: 'usage metrics are accepted',
    params: ['modelId?'],
    description:
      'Forgets every applied event and idempotency key, and accepts events for any model id (so fixed ids in a pact are accepted), until teardown or reset. With modelId, that model is also created.',
  },
  {
    name: 'a valid access token {accessToken} exists',
    params: ['accessToken', 'scope?'],
    description:
      'Registers that exact bearer token as valid (both scopes unless scope is given), so replayed Authorization headers are accepted.',
  },
];

/** Whether to set a state up or tear it down (Pact's `action`). */
export type ProviderStateAction = 'setup' | 'teardown';

/** What `setProviderState` answers. */
export interface ProviderStateResult {
  /** The state's name as listed in `PROVIDER_STATES`. */
  readonly state: string;
  /** Its parameters, as strings (from `params` or written into the name). */
  readonly params: Readonly<Record<string, string>>;
  /**
   * Values for the interaction's provider-state injected values (Pact's `fromProviderState`),
   * e.g. `{ etag }`; empty for most states. `POST /__admin/state` answers them at the top level of
   * its JSON body, which is where the Pact verifier reads them.
   */
  readonly values: Readonly<Record<string, string>>;
}

/** Values for a provider state's placeholders. */
export type ProviderStateParams = Readonly<Record<string, unknown>>;
