import { randomBytes } from 'node:crypto';

/** Scopes the mock knows. */
export const ALL_SCOPES = ['plm.read', 'plm.metrics.write'] as const;

interface TokenRecord {
  readonly scopes: readonly string[];
  expiresAtMs: number;
  revoked: boolean;
}

export type TokenCheck =
  | { readonly ok: true; readonly scopes: readonly string[] }
  | { readonly ok: false; readonly code: 'AUTH_INVALID' | 'AUTH_EXPIRED'; readonly detail: string };

/** Whether `ms` is within the range of a JavaScript `Date` (so `toISOString` cannot throw). */
const validDate = (ms: number): boolean => Number.isFinite(ms) && Math.abs(ms) <= 8.64e15;

/** Issued access tokens. Expiry is judged with the injected clock. */
export class TokenStore {
  private readonly tokens = new Map<string, TokenRecord>();
  issued = 0;
  /**
   * Provider state "the access token is expired": every token, issued or not, counts as expired
   * while the state lasts. The tokens themselves keep their expiry, so they work again afterwards.
   */
  allTokensExpired = false;

  constructor(private readonly now: () => number) {}

  issue(scopes: readonly string[], ttlSeconds: number, token?: string): string {
    const value = token ?? `plm_${randomBytes(24).toString('base64url')}`;
    this.tokens.set(value, { scopes, expiresAtMs: this.now() + ttlSeconds * 1000, revoked: false });
    this.issued++;
    return value;
  }

  check(token: string | undefined): TokenCheck {
    if (!token)
      return { ok: false, code: 'AUTH_INVALID', detail: 'No bearer token was presented.' };
    if (this.allTokensExpired)
      return { ok: false, code: 'AUTH_EXPIRED', detail: 'The access token has expired.' };
    const rec = this.tokens.get(token);
    if (!rec) return { ok: false, code: 'AUTH_INVALID', detail: 'The access token is not known.' };
    if (rec.revoked)
      return { ok: false, code: 'AUTH_INVALID', detail: 'The access token has been revoked.' };
    if (this.now() >= rec.expiresAtMs)
      return {
        ok: false,
        code: 'AUTH_EXPIRED',
        detail: validDate(rec.expiresAtMs)
          ? `The access token expired at ${new Date(rec.expiresAtMs).toISOString()}.`
          : 'The access token has expired.',
      };
    return { ok: true, scopes: rec.scopes };
  }

  /** Expires every issued token now. Returns how many were affected. */
  expireAll(): number {
    const now = this.now();
    for (const rec of this.tokens.values()) rec.expiresAtMs = Math.min(rec.expiresAtMs, now);
    return this.tokens.size;
  }

  /** Revokes one token, or every issued token. Returns how many were revoked. */
  revoke(token?: string): number {
    if (token !== undefined) {
      const rec = this.tokens.get(token);
      if (!rec) return 0;
      rec.revoked = true;
      return 1;
    }
    for (const rec of this.tokens.values()) rec.revoked = true;
    return this.tokens.size;
  }

  reset(): void {
    this.tokens.clear();
    this.issued = 0;
    this.allTokensExpired = false;
  }
}
