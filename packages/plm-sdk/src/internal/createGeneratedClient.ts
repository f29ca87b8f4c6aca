import { createClient, createConfig } from '../generated/client/index.js';
import type { Client } from '../generated/client/index.js';
import { boundedResponse } from './boundedResponse.js';
import { SDK_VERSION } from './sdkVersion.js';

/** What the generated client is configured with. */
export interface GeneratedClientSettings {
  readonly baseUrl: string;
  readonly userAgent: string | undefined;
  readonly fetch: typeof globalThis.fetch | undefined;
}

/**
 * The generated ky client as `createPlmClient` uses it: JSON bodies always parsed (so a wrong body
 * reaches the response validator), errors returned rather than thrown, and neither a ky timeout nor
 * ky retries (the deadline and the retry policy are not ky's). Every body is read through
 * {@link boundedResponse} before it is parsed, so a body too large or too deeply nested never
 * reaches `JSON.parse`, a validator or a transformer.
 */
export function createGeneratedClient(settings: GeneratedClientSettings): Client {
  const client = createClient(
    createConfig({
      baseUrl: settings.baseUrl,
      headers: {
        Accept: 'application/json, application/problem+json',
        'User-Agent': settings.userAgent ?? `@mrp-plm/plm-sdk/${SDK_VERSION}`,
      },
      // Parse every body as JSON whatever its Content-Type, so that a wrong body always reaches the
      // response validator (with `auto`, a missing Content-Type skips validation).
      parseAs: 'json',
      throwOnError: false,
      // The deadline (timeoutMs) is the client's own; ky must neither time out nor retry.
      timeout: false,
      retry: 0,
      kyOptions: {
        retry: 0,
        timeout: false,
        ...(settings.fetch === undefined ? {} : { fetch: settings.fetch }),
      },
    }),
  );
  client.interceptors.response.use(boundedResponse);
  return client;
}
