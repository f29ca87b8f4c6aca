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
 * The deepest nesting of `text` read as JSON, stopping as soon as it passes `limit`: one pass over
 * the characters, skipping strings, no recursion and no parse. Not a validator: malformed JSON is
 * left for `JSON.parse` to reject.
 */
export function exceedsJsonDepth(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

/** Statuses whose responses have no body (`new Response` refuses one for them). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * `response` with its body read to the end and checked against the limits, as a new `Response`
 * holding the same text; rejects with {@link BodyLimitError} beyond a limit, and with the read's
 * own error when the body cannot be read (a dropped connection stays a transport failure).
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
  const text = new TextDecoder().decode(concat(chunks, size));
  if (exceedsJsonDepth(text, MAX_JSON_DEPTH)) {
    throw new BodyLimitError('depth', `nests deeper than ${MAX_JSON_DEPTH} levels`);
  }
  return new Response(text, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
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
