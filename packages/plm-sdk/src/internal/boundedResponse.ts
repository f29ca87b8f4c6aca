/**
 * The largest response body the client reads: far above any contract-valid page or model (a
 * 10,000-feature model is about 3.3 MB), far below what would exhaust memory.
 */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

/**
 * The deepest JSON nesting the client validates. Contract-valid payloads nest about a dozen levels
 * (feature conditions a few more); validators, transformers and the redactor recurse per level and
 * overflow the stack somewhere past 700, so a deeper body is refused before any of them runs.
 */
export const MAX_JSON_DEPTH = 128;

/** Why a response body was not handed to the validator. */
export type BodyLimit = 'size' | 'depth';

/**
 * A response body beyond {@link MAX_BODY_BYTES} or {@link MAX_JSON_DEPTH}. Internal: classified as
 * a `PlmContractError` (or, for an error status, as the HTTP error without problem details). Its
 * message never quotes the body.
 */
export class BodyLimitError extends Error {
  readonly _tag = 'PlmSdkBodyLimitError' as const;
  override readonly name = 'BodyLimitError';

  constructor(
    readonly limit: BodyLimit,
    readonly issue: string,
  ) {
    super(`the response body ${issue}`);
  }
}

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether `text`, read as JSON, nests deeper than `limit`, stopping as soon as it does: one pass, no
 * recursion and no parse. Not a validator: malformed JSON is left for `JSON.parse` to reject.
 *
 * A body cannot nest deeper than it has opening brackets, counted with a native `indexOf` (a
 * bracket inside a string only counts one too many), so a body with at most `limit` of them (a
 * 6 kB model config has about a hundred) needs no scan. Otherwise most of a JSON body is string
 * content (keys, ids, names), so a string is skipped with a native `indexOf` for its closing quote
 * rather than character by character: on a contract payload this visits a few characters in ten,
 * where a plain character loop cost half as much as the `JSON.parse` that follows it.
 */
export function exceedsJsonDepth(text: string, limit: number): boolean {
  if (!hasMoreOpenings(text, limit)) return false;
  let depth = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = closingQuote(text, i);
      if (i < 0) return false;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

/** Whether `text` holds more than `limit` of `{` and `[` together, stopping once it does. */
function hasMoreOpenings(text: string, limit: number): boolean {
  let count = 0;
  for (const opening of ['{', '[']) {
    for (let at = text.indexOf(opening); at >= 0; at = text.indexOf(opening, at + 1)) {
      if (++count > limit) return true;
    }
  }
  return false;
}

/**
 * The index of the quote that closes the string opened at `open`, or -1 when the string never
 * closes (malformed JSON: nothing after it can nest). A quote preceded by an odd number of
 * backslashes is escaped and does not close the string.
 */
function closingQuote(text: string, open: number): number {
  let at = text.indexOf('"', open + 1);
  while (at > 0) {
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return at;
    at = text.indexOf('"', at + 1);
  }
  return -1;
}

/** Statuses whose responses have no body (`new Response` refuses one for them). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** Stateless without `{ stream: true }`, so one decoder serves every call. */
const utf8 = new TextDecoder();

/** Where {@link readResponse} keeps the text it read, for the readers below. */
const BODY_TEXT = Symbol('plm-sdk body text');

interface ReadResponse extends Response {
  readonly [BODY_TEXT]: string;
}

function textOf(response: Response): string {
  return (response as ReadResponse)[BODY_TEXT];
}

function reader<T>(read: (text: string, response: Response) => T): PropertyDescriptor {
  return {
    value(this: Response) {
      return Promise.resolve(textOf(this)).then((text) => read(text, this));
    },
    writable: true,
    configurable: true,
  };
}

const encode = (text: string) => new TextEncoder().encode(text);

/**
 * The body readers of a response whose body {@link boundedResponse} read: they answer from the
 * text already read (kept on the response) instead of the stream, which is gone. One set shared by
 * every response: a call defines them in one step and allocates no reader of its own.
 */
const READERS: PropertyDescriptorMap = {
  text: reader((text) => text),
  json: reader((text): unknown => JSON.parse(text)),
  arrayBuffer: reader((text) => encode(text).buffer),
  bytes: reader(encode),
  blob: reader(
    (text, response) => new Blob([text], { type: response.headers.get('Content-Type') ?? '' }),
  ),
  clone: {
    value(this: Response) {
      const copy = new Response(null, {
        status: this.status,
        statusText: this.statusText,
        headers: this.headers,
      });
      return readResponse(textOf(this), copy);
    },
    writable: true,
    configurable: true,
  },
};

/**
 * `response`, whose body was read to its end and decoded by {@link boundedResponse}, with body
 * readers that answer from that text instead of encoding it into a new stream only for the
 * generated client to read and decode it again (a copy and a stream per call, on a 6 kB model
 * about a tenth of the client's own time). The readers go on the response fetch returned rather
 * than on a copy: building a `Response` (and copying its headers) per call cost as much again.
 *
 * The readers are defined on the instance rather than overridden in a subclass: DOM's `lib`
 * declares them as methods, `undici-types` (Node's `Response` without DOM) as properties, and an
 * override type-checks against only one of the two. Defined, not assigned: a `Response` whose
 * prototype holds the readers as read-only properties (@hono/node-server's lightweight `Response`,
 * installed as the global one in a Hono server) refuses an assignment but not an own property.
 */
function readResponse(text: string, response: Response): Response {
  Object.defineProperty(response, BODY_TEXT, { value: text });
  return Object.defineProperties(response, READERS);
}

/**
 * `response` with its body read to the end and checked against the limits, as a `Response` that
 * answers `text()` (and the other body readers) with the text already read; rejects with
 * {@link BodyLimitError} beyond a limit, and with the read's own error when the body cannot be read
 * (a dropped connection stays a transport failure).
 */
export async function boundedResponse(response: Response): Promise<Response> {
  if (response.body === null || NULL_BODY_STATUSES.has(response.status)) return response;
  const declared = Number(response.headers.get('Content-Length') ?? Number.NaN);
  if (declared > MAX_BODY_BYTES) {
    await response.body.cancel().catch(() => undefined);
    throw new BodyLimitError('size', `declares ${declared} bytes, more than ${MAX_BODY_BYTES}`);
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw new BodyLimitError('size', `is larger than ${MAX_BODY_BYTES} bytes`);
    }
    chunks.push(value);
  }
  const text = utf8.decode(concat(chunks, size));
  if (exceedsJsonDepth(text, MAX_JSON_DEPTH)) {
    throw new BodyLimitError('depth', `nests deeper than ${MAX_JSON_DEPTH} levels`);
  }
  return readResponse(text, response);
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
