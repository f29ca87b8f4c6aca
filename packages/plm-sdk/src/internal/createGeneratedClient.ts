import ky from 'ky';
import type { Input, KyInstance, Options as KyOptions } from 'ky';
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
 * ky as the generated client calls it, minus per-call costs that buy nothing here:
 *
 * - The generated client builds a `Request` only to run request interceptors (this client has
 *   none) and hands it to ky, which copies it into a `Request` of its own. With no request
 *   interceptor, ky gets the URL instead: the method, headers and body the generated client built
 *   that `Request` from are all in the ky options it passes along, so ky builds the same request.
 * - Given a `signal` (the call's deadline), ky combines it with its own abort controller through
 *   `AbortSignal.any`, and every `Request` copy on the way follows the combined signal. ky's
 *   controller only serves ky's timeout and retries, both off here, so with the global `fetch` the
 *   deadline's signal goes straight to `fetch` instead: the request is aborted exactly as before,
 *   when the deadline fires or the caller aborts, body read included.
 * - Before every fetch, ky clones its `Request` for retries it may make (a copy of the headers, an
 *   abort controller, and a listener, `WeakRef` and finalizer to make the copy follow the
 *   original's signal), even with `retry: 0`. With the global `fetch`, the request is sent by a
 *   `beforeRequest` hook instead, which ky runs right before that clone: ky takes the `Response`
 *   the hook returns as the response (ky's documented way to answer without its own fetch), so it
 *   still builds the request and handles the response (hooks, `throwHttpErrors`), and `fetch` gets
 *   the same `Request` and signal it got before. About a tenth of the client's own time per call.
 */
function leanKy(client: () => Client, fetch: typeof globalThis.fetch | undefined): KyInstance {
  const send = (input: Input, options?: KyOptions) => {
    // An interceptor may have changed the Request: then ky gets that Request, as generated.
    const url =
      input instanceof Request && client().interceptors.request.fns.length === 0
        ? input.url
        : input;
    // A caller's own `fetch` may read the signal from the `Request` alone (and drop `init`): it
    // gets the signal there, through ky, as before.
    const signal = options?.signal;
    if (fetch !== undefined || signal === undefined || signal === null) {
      return ky(url, options);
    }
    // The generated client passes no hooks of its own (it runs its interceptors itself).
    return ky(url, {
      ...options,
      signal: undefined,
      hooks: { beforeRequest: [(request) => globalThis.fetch(request, { signal })] },
    });
  };
  return Object.assign(send, ky);
}

/**
 * The generated ky client as `createPlmClient` uses it: JSON bodies always parsed (so a wrong body
 * reaches the response validator), errors returned rather than thrown, and neither a ky timeout nor
 * ky retries (the deadline and the retry policy are not ky's). Every body is read through
 * {@link boundedResponse} before it is parsed, so a body too large or too deeply nested never
 * reaches `JSON.parse`, a validator or a transformer.
 */
export function createGeneratedClient(settings: GeneratedClientSettings): Client {
  const client: Client = createClient(
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
      ky: leanKy(() => client, settings.fetch),
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
