import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * A secret value (client secret, webhook secret) that never prints: `toString`, `toJSON`,
 * template literals and `util.inspect` all show `[redacted]`. Read the value with
 * {@link PlmSecret.reveal} only where it is handed to the code that needs it.
 *
 * @example
 * ```ts
 * import { PlmSecret } from '@mrp-plm/mrp-integration';
 *
 * const secret = new PlmSecret('mrp-secret');
 * console.log(`${secret}`); // [redacted]
 * secret.reveal(); // 'mrp-secret'
 * ```
 */
export class PlmSecret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
    Object.freeze(this);
  }

  /** The secret itself. */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
