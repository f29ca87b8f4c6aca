import type { MappingResult } from './MappingOptions.js';

/**
 * The result of a `parse...` function: the mapping, plus the validated PLM payload (timestamps
 * still ISO strings) so it can be mapped further (e.g. by `mapBom`) without validating it again.
 */
export interface ParseResult<T, P> extends MappingResult<T> {
  /** The payload as the contract's zod schema returned it (unknown fields removed). */
  readonly payload: P;
}
