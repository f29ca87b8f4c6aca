const REDACTED = '[REDACTED]';
/** Tokens are remembered for a while after they are replaced: errors about them may still arrive. */
const MAX_SECRETS = 8;

/**
 * Remembers the secrets the client handles (client secret, access tokens) and removes them from any
 * text the client puts into an error. The client never builds a message from a secret on purpose;
 * this catches a server that echoes one back (e.g. in a problem `detail`).
 */
export class SecretRedactor {
  /** Each secret with the forms it travels in; the first group (the client secret) is kept. */
  readonly #groups: string[][] = [];

  add(secret: string): void {
    // Very short strings would redact ordinary words; real secrets and tokens are long.
    if (secret.length < 6 || this.#groups.some((group) => group[0] === secret)) return;
    // The client secret is sent form-encoded: a token endpoint echoing the request body shows it
    // percent-encoded (`+` or `%20` for a space). Longest first, so no form is redacted half-way.
    const forms = new Set([
      secret,
      encodeURIComponent(secret),
      new URLSearchParams({ s: secret }).toString().slice(2),
    ]);
    this.#groups.push([...forms].sort((a, b) => b.length - a.length));
    if (this.#groups.length > MAX_SECRETS) this.#groups.splice(1, 1); // keep the client secret
  }

  redact(text: string): string {
    let out = text;
    for (const group of this.#groups) {
      for (const form of group) {
        if (out.includes(form)) out = out.split(form).join(REDACTED);
      }
    }
    return out;
  }

  /** A copy of a JSON-like value with every string redacted. */
  redactDeep<T>(value: T): T {
    if (typeof value === 'string') return this.redact(value) as T;
    if (Array.isArray(value)) return value.map((item: unknown) => this.redactDeep(item)) as T;
    if (typeof value === 'object' && value !== null) {
      const out: Record<string, unknown> = {};
      // Keys too: a problem may carry extension members named by the server.
      for (const [key, item] of Object.entries(value))
        out[this.redact(key)] = this.redactDeep(item);
      return out as T;
    }
    return value;
  }

  /** Never show the secrets when the redactor itself is inspected or serialised. */
  toJSON(): string {
    return `SecretRedactor(${this.#groups.length} secrets)`;
  }
}
