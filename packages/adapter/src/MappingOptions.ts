import type { IdTranslator } from './IdTranslator.js';

/** Options shared by every PLM -> MRP mapper. */
export interface MappingOptions {
  /** Translates PLM ids to MRP ids (and back); see `createIdTranslator`. */
  readonly ids: IdTranslator;
  /**
   * The date effectivity is checked at: obsolete revisions, revisions not yet effective and
   * revisions past their `effectiveTo` are left out.
   *
   * @default the current time, read once per call
   */
  readonly asOf?: Date;
  /**
   * The `PLM-Schema-Version` the payload came with (from the SDK's response metadata or the
   * response header). A different major version is refused with `UnsupportedSchemaVersionError`;
   * it is also reported in `PlmContractError`.
   *
   * @default not checked
   */
  readonly schemaVersion?: string | undefined;
  /**
   * Deepest BOM nesting (levels of `children`) accepted; deeper BOMs fail with `PlmContractError`
   * (code `too_deep`) instead of exhausting memory or the stack.
   *
   * @default 64
   */
  readonly maxBomDepth?: number;
}

/** The result of every mapper. */
export interface MappingResult<T> {
  /** The MRP DTO. */
  readonly data: T;
  /**
   * JSON Pointers of fields the contract does not define (tolerated for forward compatibility,
   * reported so they can be added to the mapping). Always empty for payloads the SDK validated,
   * since its schemas have already dropped them. At most 1,000 are listed.
   */
  readonly unknownFields: readonly string[];
  /** PLM items left out because their revision is not effective at `asOf`. */
  readonly excluded: readonly ExcludedItem[];
}

/** An item left out of a mapping because its revision is not effective. */
export interface ExcludedItem {
  /** JSON Pointer of the item in the payload. */
  readonly path: string;
  /** PLM master id. */
  readonly id: string;
  readonly revision: string;
  readonly reason: 'obsolete' | 'not-yet-effective' | 'expired';
}
