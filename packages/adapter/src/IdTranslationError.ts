import type { IdKind } from './IdTranslator.js';

/**
 * An id could not be translated between PLM and MRP: the PLM item has no `externalIds.mrp` and the
 * caller's translation table does not know it (or, for `mrp-to-plm`, no PLM id is known for the
 * MRP id), or, for `mrp-to-plm`, several PLM items map to the MRP id (`candidates` lists them).
 * Never a silent pass-through of the untranslated id, nor an arbitrary pick among candidates.
 *
 * Never retry: add the id to the translation table (or ask PLM to set `externalIds.mrp`), or
 * remove the duplicate MRP id.
 */
export class IdTranslationError extends Error {
  readonly _tag = 'IdTranslationError' as const;
  override readonly name = 'IdTranslationError';
  /** The id that could not be translated. */
  readonly id: string;
  /** What the id identifies. */
  readonly kind: IdKind;
  /** Which way the translation was asked for. */
  readonly direction: 'plm-to-mrp' | 'mrp-to-plm';
  /**
   * For an ambiguous `mrp-to-plm` translation, the PLM ids that all map to `id`; empty when the
   * id is simply unknown.
   */
  readonly candidates: readonly string[];

  constructor(args: {
    id: string;
    kind: IdKind;
    direction: 'plm-to-mrp' | 'mrp-to-plm';
    candidates?: readonly string[];
    cause?: unknown;
  }) {
    const candidates = args.candidates ?? [];
    super(
      args.direction === 'plm-to-mrp'
        ? `No MRP id for PLM ${args.kind} ${JSON.stringify(args.id)}: it has no externalIds.mrp and the translation table does not know it`
        : candidates.length > 0
          ? `Ambiguous MRP ${args.kind} ${JSON.stringify(args.id)}: PLM ids ${candidates.map((c) => JSON.stringify(c)).join(', ')} all map to it`
          : `No PLM id for MRP ${args.kind} ${JSON.stringify(args.id)}: the translation table does not know it`,
      args.cause === undefined ? undefined : { cause: args.cause },
    );
    this.candidates = candidates;
    this.id = args.id;
    this.kind = args.kind;
    this.direction = args.direction;
  }
}
