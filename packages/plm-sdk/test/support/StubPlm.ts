/**
 * A `fetch` stub playing PLM for unit tests: a token endpoint and per-route handlers, recording
 * every request. Integration tests use the real plm-mock over HTTP instead.
 */
export interface RecordedRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
  readonly body: string;
}

export type Handler = (request: RecordedRequest) => Response | Promise<Response>;

export const SCHEMA_VERSION = '1.0.0';

/** A JSON response with the headers the contract requires. */
export function jsonResponse(
  body: unknown,
  init: { status?: number; headers?: Record<string, string>; requestId?: string } = {},
): Response {
  const status = init.status ?? 200;
  const contentType = status >= 400 ? 'application/problem+json' : 'application/json';
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: {
      'Content-Type': contentType,
      'X-Request-Id': init.requestId ?? 'stub-request-id',
      'PLM-Schema-Version': SCHEMA_VERSION,
      ...init.headers,
    },
  });
}

/** Problem details for `status` with `code`. */
export function problemResponse(
  status: number,
  code: string,
  headers: Record<string, string> = {},
  detail = `stub ${code}`,
): Response {
  return jsonResponse(
    {
      type: `https://plm.example.com/problems/${code.toLowerCase()}`,
      title: code,
      status,
      detail,
      code,
    },
    { status, headers },
  );
}

export class StubPlm {
  readonly requests: RecordedRequest[] = [];
  readonly routes = new Map<string, Handler>();
  tokenHandler: Handler;
  #issued = 0;
  expiresIn = 3600;

  constructor() {
    this.tokenHandler = () => {
      this.#issued += 1;
      return jsonResponse({
        access_token: `stub-token-${this.#issued}-abcdefghij`,
        token_type: 'Bearer',
        expires_in: this.expiresIn,
      });
    };
  }

  /** Registers a handler for `METHOD /path` (path without query). */
  on(method: string, path: string, handler: Handler): this {
    this.routes.set(`${method} ${path}`, handler);
    return this;
  }

  /** Requests to the token endpoint. */
  get tokenRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.url.pathname === '/oauth/token');
  }

  /** Requests to the PLM API. */
  get apiRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.url.pathname !== '/oauth/token');
  }

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const recorded: RecordedRequest = {
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      body: await request.text(),
    };
    this.requests.push(recorded);
    const handler =
      recorded.url.pathname === '/oauth/token'
        ? this.tokenHandler
        : (this.routes.get(`${recorded.method} ${recorded.url.pathname}`) ??
          (() => problemResponse(404, 'NOT_FOUND')));
    // Like a real fetch, reject as soon as the request's signal aborts.
    const signal = request.signal;
    signal.throwIfAborted();
    return await new Promise<Response>((resolve, reject) => {
      const onAbort = () => reject(signal.reason as Error);
      signal.addEventListener('abort', onAbort, { once: true });
      Promise.resolve(handler(recorded)).then(resolve, reject);
    });
  };
}
