import type { MappingResult } from './MappingOptions.js';

/**
 * The result of a `parse...` function: the mapping, plus the validated PLM payload (timestamps
 * still ISO strings) so it can be mapped further (e.g. by `mapBom`) without validating it again.
 */
export interface ParseResult<T, P> extends MappingResult<T> {
  /**
   * The validated payload, with unknown fields removed. When the input had none, this is the input
   * object itself (not a copy): mutating one mutates the other.
   */
  readonly payload: P;
}
