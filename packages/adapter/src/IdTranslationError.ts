import type { IdKind } from './IdTranslator.js';

/**
 * An id could not be translated between PLM and MRP: the PLM item has no `externalIds.mrp` and the
 * caller's translation table does not know it (or, for `mrp-to-plm`, no PLM id is known for the
 * MRP id). Never a silent pass-through of the untranslated id.
 *
 * Never retry: add the id to the translation table (or ask PLM to set `externalIds.mrp`).
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

  constructor(args: {
    id: string;
    kind: IdKind;
    direction: 'plm-to-mrp' | 'mrp-to-plm';
    cause?: unknown;
  }) {
    super(
      args.direction === 'plm-to-mrp'
        ? `No MRP id for PLM ${args.kind} ${JSON.stringify(args.id)}: it has no externalIds.mrp and the translation table does not know it`
        : `No PLM id for MRP ${args.kind} ${JSON.stringify(args.id)}: the translation table does not know it`,
      args.cause === undefined ? undefined : { cause: args.cause },
    );
    this.id = args.id;
    this.kind = args.kind;
    this.direction = args.direction;
  }
}
