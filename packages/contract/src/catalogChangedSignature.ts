import { createHmac, timingSafeEqual } from 'node:crypto';

/** Default tolerance between the delivery's timestamp and the receiver's clock (the contract's 300 s). */
export const CATALOG_CHANGED_SIGNATURE_TOLERANCE_MS = 300_000;

const TIMESTAMP = /^[0-9]{1,12}$/;
const HEX_SHA256 = /^[0-9a-f]{64}$/;

/**
 * The exact bytes a `catalog.changed` delivery's `PLM-Signature` is computed over, as the contract
 * defines them: the ASCII decimal timestamp `t`, a single `.`, then the raw request body bytes
 * exactly as received (`"<t>.<raw body>"`). Signer and verifier both use this function.
 */
export function catalogChangedSigningInput(
  timestamp: string | number,
  body: string | Uint8Array,
): Buffer {
  const t = typeof timestamp === 'number' ? String(Math.floor(timestamp)) : timestamp;
  return Buffer.concat([Buffer.from(`${t}.`, 'utf8'), Buffer.from(body)]);
}

/** The lowercase hex HMAC-SHA256 of {@link catalogChangedSigningInput}, keyed with `secret`. */
export function catalogChangedSignature(
  secret: string,
  timestamp: string | number,
  body: string | Uint8Array,
): string {
  return createHmac('sha256', secret)
    .update(catalogChangedSigningInput(timestamp, body))
    .digest('hex');
}

/** What a `PLM-Signature` header holds: the timestamp and one or two `v1` signatures. */
export interface CatalogChangedSignatureHeader {
  readonly timestamp: string;
  readonly signatures: readonly string[];
}

/**
 * A `catalog.changed` delivery's signature is missing, malformed, or matches none of the expected
 * values: the body may not come from PLM. Answer `401`; never retryable on this side.
 */
export class PlmSignatureInvalidError extends Error {
  readonly _tag = 'PlmSignatureInvalidError' as const;
  override readonly name = 'PlmSignatureInvalidError';
  /** `malformed`: not the contract's format; `mismatch`: well-formed but no signature matches. */
  readonly reason: 'malformed' | 'mismatch';
  readonly retryable = false as const;

  constructor(reason: 'malformed' | 'mismatch', message: string) {
    super(message);
    this.reason = reason;
  }
}

/**
 * A `catalog.changed` delivery's timestamp is further from the receiver's clock than the tolerance
 * (a replay, or a clock out of sync). Answer `401`; PLM retries with a fresh timestamp.
 */
export class PlmSignatureExpiredError extends Error {
  readonly _tag = 'PlmSignatureExpiredError' as const;
  override readonly name = 'PlmSignatureExpiredError';
  /** The delivery's timestamp, in Unix milliseconds. */
  readonly timestampMs: number;
  /** The receiver's clock when it checked, in Unix milliseconds. */
  readonly nowMs: number;
  readonly toleranceMs: number;
  readonly retryable = false as const;

  constructor(timestampMs: number, nowMs: number, toleranceMs: number) {
    super(
      `PLM-Signature timestamp is ${Math.abs(nowMs - timestampMs)} ms from the receiver's clock ` +
        `(tolerance ${toleranceMs} ms)`,
    );
    this.timestampMs = timestampMs;
    this.nowMs = nowMs;
    this.toleranceMs = toleranceMs;
  }
}

/**
 * Splits a `PLM-Signature` header (`t=<unix seconds>,v1=<hex>[,v1=<hex>]`) into its parts.
 *
 * @throws {@link PlmSignatureInvalidError} (`reason: 'malformed'`) when it is not in that format.
 */
export function parseCatalogChangedSignatureHeader(header: string): CatalogChangedSignatureHeader {
  const parts = header.split(',');
  const [first, ...rest] = parts;
  const malformed = () =>
    new PlmSignatureInvalidError('malformed', 'PLM-Signature is not t=<seconds>,v1=<hex>');
  if (first === undefined || !first.startsWith('t=')) throw malformed();
  const timestamp = first.slice(2);
  if (!TIMESTAMP.test(timestamp) || rest.length < 1 || rest.length > 2) throw malformed();
  const signatures = rest.map((part) => {
    if (!part.startsWith('v1=') || !HEX_SHA256.test(part.slice(3))) throw malformed();
    return part.slice(3);
  });
  return { timestamp, signatures };
}

/** What {@link verifyCatalogChangedSignature} checks. */
export interface VerifyCatalogChangedSignatureInput {
  /** The webhook secret shared at subscription. */
  readonly secret: string;
  /** The delivery's `t`: Unix seconds, as in the header (decimal string) or as a number. */
  readonly timestamp: string | number;
  /** The delivery's `v1` value, or all of them (two while PLM rotates the secret). */
  readonly signature: string | readonly string[];
  /** The raw request body, exactly as received (before any JSON parsing). */
  readonly body: string | Uint8Array;
  /** The receiver's clock, in Unix milliseconds (`Date.now()`, or a test clock's `now()`). */
  readonly now: number;
  /** Largest accepted `|now - t|`, in milliseconds. Default 300,000 (the contract's 300 s). */
  readonly toleranceMs?: number;
}

/**
 * Verifies a `catalog.changed` webhook delivery as the contract prescribes: the expected HMAC-SHA256
 * over `"<t>.<raw body>"` is compared with every given `v1` in constant time, and the timestamp must
 * be within `toleranceMs` of `now`. Returns normally when the delivery is authentic.
 *
 * @throws {@link PlmSignatureInvalidError} when a value is malformed or no signature matches.
 * @throws {@link PlmSignatureExpiredError} when the timestamp is outside the tolerance.
 * @example
 * ```ts
 * import {
 *   catalogChangedSignature,
 *   parseCatalogChangedSignatureHeader,
 *   verifyCatalogChangedSignature,
 * } from '@mrp-plm/contract';
 *
 * const body = '{"id":"7c9e6679-7425-40de-944b-e07fc1f90ae7","type":"catalog.changed"}';
 * const t = Math.floor(Date.now() / 1000);
 * const header = `t=${t},v1=${catalogChangedSignature('whsec-dev', t, body)}`;
 *
 * const { timestamp, signatures } = parseCatalogChangedSignatureHeader(header);
 * verifyCatalogChangedSignature({
 *   secret: 'whsec-dev',
 *   timestamp,
 *   signature: signatures,
 *   body,
 *   now: Date.now(),
 * });
 * ```
 */
export function verifyCatalogChangedSignature(input: VerifyCatalogChangedSignatureInput): void {
  const toleranceMs = input.toleranceMs ?? CATALOG_CHANGED_SIGNATURE_TOLERANCE_MS;
  const t = typeof input.timestamp === 'number' ? String(input.timestamp) : input.timestamp;
  if (!TIMESTAMP.test(t)) {
    throw new PlmSignatureInvalidError('malformed', 'PLM-Signature timestamp is not Unix seconds');
  }
  const given = typeof input.signature === 'string' ? [input.signature] : input.signature;
  if (given.length === 0 || !given.every((s) => HEX_SHA256.test(s))) {
    throw new PlmSignatureInvalidError(
      'malformed',
      'PLM-Signature v1 is not a lowercase hex SHA-256',
    );
  }
  const expected = Buffer.from(catalogChangedSignature(input.secret, t, input.body), 'hex');
  // Every given value is compared (no early exit), each comparison in constant time.
  let matched = false;
  for (const signature of given) {
    if (timingSafeEqual(expected, Buffer.from(signature, 'hex'))) matched = true;
  }
  if (!matched) {
    throw new PlmSignatureInvalidError('mismatch', 'PLM-Signature does not match the body');
  }
  const timestampMs = Number(t) * 1000;
  if (!Number.isFinite(input.now) || Math.abs(input.now - timestampMs) > toleranceMs) {
    throw new PlmSignatureExpiredError(timestampMs, input.now, toleranceMs);
  }
}
