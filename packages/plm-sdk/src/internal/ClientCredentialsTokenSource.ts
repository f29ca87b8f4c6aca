import { randomUUID } from 'node:crypto';
import type { Client } from '../generated/client/index.js';
import { urlSearchParamsBodySerializer } from '../generated/client/index.js';
import type { TokenResponse } from '../generated/types.gen.js';
import { zRequestTokenResponse } from '../generated/zod.gen.js';
import type { PlmClock } from '../PlmClock.js';
import { PlmContractError } from '../PlmContractError.js';
import { classifyResult } from './classifyResult.js';
import type { GeneratedResult } from './classifyResult.js';
import { Deadline } from './Deadline.js';
import type { SecretRedactor } from './SecretRedactor.js';
import type { TokenFailure, TokenSource } from './TokenSource.js';

export interface ClientCredentialsSettings {
  readonly client: Client;
  readonly tokenUrl: URL;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scope: string | undefined;
  readonly refreshSkewMs: number;
  readonly clock: PlmClock;
  readonly redactor: SecretRedactor;
}

interface CurrentToken {
  readonly token: string;
  /** When to stop using the token: its expiry minus the skew. */
  readonly refreshAt: number;
}

/** The token request in flight, shared by every call waiting for it. */
interface InflightToken {
  readonly promise: Promise<string>;
  readonly controller: AbortController;
  /** The calls still waiting; the request is aborted when the last one leaves. */
  waiters: number;
}

/**
 * OAuth2 client credentials (RFC 6749 §4.4): fetches a token on first use, reuses it until shortly
 * before it expires, and keeps at most one token request in flight however many calls wait for it.
 *
 * The token request has no timer of its own: it lasts while some call waits for it, and each call
 * is bounded by its own deadline (`timeoutMs`, its signal). When the last waiting call gives up,
 * the request is aborted (its socket closed), so nothing outlives the calls; and a hanging token
 * endpoint always ends a call the same way, with that call's `PlmTimeoutError` (or
 * `PlmAbortError`).
 */
export class ClientCredentialsTokenSource implements TokenSource {
  readonly refreshable = true;
  readonly #settings: ClientCredentialsSettings;
  #current: CurrentToken | undefined;
  #inflight: InflightToken | undefined;

  constructor(settings: ClientCredentialsSettings) {
    this.#settings = settings;
    settings.redactor.add(settings.clientSecret);
  }

  peek(): string | undefined {
    const current = this.#current;
    return current !== undefined && this.#settings.clock.now() < current.refreshAt
      ? current.token
      : undefined;
  }

  getToken(signal?: AbortSignal): Promise<string> {
    const ready = this.peek();
    if (ready !== undefined) return Promise.resolve(ready);
    if (signal?.aborted === true) return Promise.reject(signal.reason as Error);
    const inflight = this.#inflight ?? this.#startFetch();
    if (signal === undefined) {
      // A waiter that cannot leave keeps the request alive to its end.
      inflight.waiters = Number.POSITIVE_INFINITY;
      return inflight.promise;
    }
    inflight.waiters++;
    const leave = (): void => {
      if (--inflight.waiters > 0) return;
      // The last waiter left: stop the request, and let the next call start a fresh one.
      if (this.#inflight === inflight) this.#inflight = undefined;
      inflight.controller.abort(signal.reason);
    };
    signal.addEventListener('abort', leave, { once: true });
    const settled = (): void => signal.removeEventListener('abort', leave);
    inflight.promise.then(settled, settled);
    return inflight.promise;
  }

  #startFetch(): InflightToken {
    const controller = new AbortController();
    const promise = this.#fetchToken(controller.signal).finally(() => {
      if (this.#inflight?.promise === promise) this.#inflight = undefined;
    });
    // Every waiting call handles the rejection; this keeps an abandoned request from being reported
    // as an unhandled rejection when all of its waiters gave up first.
    promise.catch(() => undefined);
    const inflight: InflightToken = { promise, controller, waiters: 0 };
    this.#inflight = inflight;
    return inflight;
  }

  invalidate(token: string): void {
    if (this.#current?.token === token) this.#current = undefined;
  }

  async #fetchToken(signal: AbortSignal): Promise<string> {
    const { client, clock, redactor, tokenUrl } = this.#settings;
    const correlationId = randomUUID();
    const deadline = new Deadline(undefined, clock, signal);
    try {
      const result: GeneratedResult = await client.post({
        ...urlSearchParamsBodySerializer,
        baseUrl: tokenUrl.origin,
        url: `${tokenUrl.pathname}${tokenUrl.search}`,
        body: {
          grant_type: 'client_credentials',
          client_id: this.#settings.clientId,
          client_secret: this.#settings.clientSecret,
          ...(this.#settings.scope === undefined ? {} : { scope: this.#settings.scope }),
        },
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'X-Request-Id': correlationId,
        },
        responseValidator: async (data: unknown) => await zRequestTokenResponse.parseAsync(data),
        signal: deadline.signal,
      });
      const outcome = classifyResult(result, {
        operation: 'requestToken',
        correlationId,
        deadline,
        redactor,
        now: clock.now(),
        requirePlmHeaders: false,
        requireEtag: false,
        allowNotModified: false,
        keepBodyErrors: false,
      });
      if (outcome.kind === 'ok') {
        const issued = outcome.data as TokenResponse;
        redactor.add(issued.access_token);
        const lifetimeMs = issued.expires_in * 1000;
        // Never let the skew eat more than half of a short-lived token's life.
        const skewMs = Math.min(this.#settings.refreshSkewMs, lifetimeMs / 2);
        this.#current = {
          token: issued.access_token,
          refreshAt: clock.now() + lifetimeMs - skewMs,
        };
        return issued.access_token;
      }
      if (outcome.kind !== 'notModified') throw outcome.error satisfies TokenFailure;
      // Not reached: with `allowNotModified: false` a 304 is classified as an HTTP error.
      throw new PlmContractError({
        operation: 'requestToken',
        source: 'response',
        correlationId,
        status: outcome.status,
        schemaVersion: undefined,
        issues: [{ path: '/status', message: '304 is not a token response' }],
      });
    } finally {
      deadline.dispose();
    }
  }

  /** Never show credentials or tokens when the token source is inspected or serialised. */
  toJSON(): Record<string, string> {
    return { tokenUrl: this.#settings.tokenUrl.href, clientId: this.#settings.clientId };
  }
}
