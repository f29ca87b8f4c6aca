const REDACTED = '[REDACTED]';
/** Tokens are remembered for a while after they are replaced: errors about them may still arrive. */
const MAX_SECRETS = 8;

/**
 * Remembers the secrets the client handles (client secret, access tokens) and removes them from any
 * text the client puts into an error. The client never builds a message from a secret on purpose;
 * this catches a server that echoes one back (e.g. in a problem `detail`).
 */
export class SecretRedactor {
  readonly #secrets: string[] = [];

  add(secret: string): void {
    // Very short strings would redact ordinary words; real secrets and tokens are long.
    if (secret.length < 6 || this.#secrets.includes(secret)) return;
    this.#secrets.push(secret);
    if (this.#secrets.length > MAX_SECRETS) this.#secrets.splice(1, 1); // keep the client secret
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.#secrets) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    return out;
  }

  /** A copy of a JSON-like value with every string redacted. */
  redactDeep<T>(value: T): T {
    if (typeof value === 'string') return this.redact(value) as T;
    if (Array.isArray(value)) return value.map((item: unknown) => this.redactDeep(item)) as T;
    if (typeof value === 'object' && value !== null) {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) out[key] = this.redactDeep(item);
      return out as T;
    }
    return value;
  }

  /** Never show the secrets when the redactor itself is inspected or serialised. */
  toJSON(): string {
    return `SecretRedactor(${this.#secrets.length} secrets)`;
  }
}
