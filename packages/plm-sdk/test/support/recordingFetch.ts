/**
 * A real `fetch` that also records what went over the wire: the bearer tokens sent (so tests can
 * check no error leaks one) and the `X-Request-Id` of each request and response.
 */
export interface Exchange {
  readonly path: string;
  readonly sentRequestId: string | null;
  readonly receivedRequestId: string | null;
  readonly status: number;
}

export interface RecordingFetch {
  readonly fetch: typeof globalThis.fetch;
  readonly tokens: Set<string>;
  readonly exchanges: Exchange[];
  /** Resolves when the next request has been handed to the network. */
  nextRequestSent(): Promise<void>;
}

export function recordingFetch(): RecordingFetch {
  const tokens = new Set<string>();
  const exchanges: Exchange[] = [];
  let waiters: Array<() => void> = [];
  const recorder: RecordingFetch = {
    tokens,
    exchanges,
    nextRequestSent: () => new Promise<void>((resolve) => waiters.push(resolve)),
    fetch: async (input, init) => {
      const request = input instanceof Request ? input : new Request(input, init);
      const auth = request.headers.get('Authorization');
      if (auth?.startsWith('Bearer ') === true) tokens.add(auth.slice('Bearer '.length));
      const pending = globalThis.fetch(input, init);
      const notify = waiters;
      waiters = [];
      for (const resolve of notify) resolve();
      const response = await pending;
      exchanges.push({
        path: new URL(request.url).pathname,
        sentRequestId: request.headers.get('X-Request-Id'),
        receivedRequestId: response.headers.get('X-Request-Id'),
        status: response.status,
      });
      if (new URL(request.url).pathname === '/oauth/token' && response.ok) {
        const body = (await response.clone().json()) as { access_token?: string };
        if (typeof body.access_token === 'string') tokens.add(body.access_token);
      }
      return response;
    },
  };
  return recorder;
}
