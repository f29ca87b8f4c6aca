import { IdTranslationError } from './IdTranslationError.js';

/** What an id identifies. */
export type IdKind = 'model' | 'trim' | 'feature';

/**
 * A caller-supplied translation table: a map from one system's id to the other's, or a function
 * returning `undefined` for an id it does not know.
 */
export type IdTable =
  ReadonlyMap<string, string> | ((id: string, kind: IdKind) => string | undefined);

/**
 * Translates master ids between PLM and MRP. `externalIds.mrp` on a PLM item always wins; the
 * translator remembers every pair it saw that way (one entry per item, so memory grows with the
 * catalog, not with calls), so payloads without `externalIds` and the reverse direction (MRP ->
 * PLM, used for selections and usage events) work for them too.
 */
export interface IdTranslator {
  /**
   * The MRP id of a PLM item: `externalMrpId` when PLM sent one, else the caller's table, else a
   * pair learned earlier from `externalIds.mrp` (payloads such as catalog trim summaries carry no
   * `externalIds`).
   *
   * @throws {@link IdTranslationError} when neither knows the id.
   */
  toMrp(plmId: string, kind: IdKind, externalMrpId?: string): string;
  /**
   * The PLM id of an MRP item: a pair learned from `externalIds.mrp`, else the caller's reverse
   * table (or the inverse of a `toMrp` map).
   *
   * @throws {@link IdTranslationError} when the id is unknown, or ambiguous: several PLM items
   * carry it in `externalIds.mrp` (currently), or several keys of a `toMrp` map map to it and no
   * `toPlm` table was given (`candidates` lists them). Never an arbitrary pick of one of them.
   */
  toPlm(mrpId: string, kind: IdKind): string;
}

/** Options of {@link createIdTranslator}. */
export interface IdTranslatorOptions {
  /**
   * PLM id -> MRP id for items without `externalIds.mrp`.
   *
   * @default no table: every item must carry `externalIds.mrp`
   */
  readonly toMrp?: IdTable;
  /**
   * MRP id -> PLM id. When omitted and `toMrp` is a map, its inverse is used.
   *
   * @default the inverse of a `toMrp` map, else pairs learned from `externalIds.mrp` only
   */
  readonly toPlm?: IdTable;
}

type Lookup = (id: string, kind: IdKind) => string | undefined;

/** A table returning something other than a non-empty string means "unknown". */
function usable(found: unknown): string | undefined {
  // A loosely typed table can never smuggle `undefined` or an object into an MRP id.
  return typeof found === 'string' && found.length > 0 ? found : undefined;
}

/**
 * The lookup of a table, chosen once when the translator is built (a map or a function), so
 * that translating each of a catalog's thousands of ids costs one `Map#get` and no dispatch.
 */
function lookupOf(table: IdTable | undefined): Lookup | undefined {
  if (table === undefined) return undefined;
  if (typeof table === 'function') return (id, kind) => usable(table(id, kind));
  return (id) => usable(table.get(id));
}

/**
 * The reverse of a learned or inverted table: an MRP id maps to one PLM id, or (when several PLM
 * items claim the same MRP id) to all of them, which {@link createIdTranslator}'s `toPlm` refuses.
 */
type Reverse = Map<string, string | readonly string[]>;

/** Adds `plmId` to the PLM ids `mrpId` maps back to. */
function addReverse(reverse: Reverse, mrpId: string, plmId: string): void {
  const known = reverse.get(mrpId);
  if (known === undefined) reverse.set(mrpId, plmId);
  else if (typeof known === 'string') {
    if (known !== plmId) reverse.set(mrpId, [known, plmId]);
  } else if (!known.includes(plmId)) reverse.set(mrpId, [...known, plmId]);
}

/** Removes `plmId` from the PLM ids `mrpId` maps back to. */
function removeReverse(reverse: Reverse, mrpId: string, plmId: string): void {
  const known = reverse.get(mrpId);
  if (known === undefined) return;
  if (typeof known === 'string') {
    if (known === plmId) reverse.delete(mrpId);
    return;
  }
  const rest = known.filter((id) => id !== plmId);
  reverse.set(mrpId, rest.length === 1 ? rest[0]! : rest);
}

/** The PLM id `mrpId` maps back to, `undefined` when unknown; throws when it is ambiguous. */
function lookupReverse(reverse: Reverse, mrpId: string, kind: IdKind): string | undefined {
  const known = reverse.get(mrpId);
  if (known === undefined || typeof known === 'string') return known;
  throw new IdTranslationError({ id: mrpId, kind, direction: 'mrp-to-plm', candidates: known });
}

function invert(map: ReadonlyMap<string, string>): Reverse {
  const inverse: Reverse = new Map();
  for (const [plmId, mrpId] of map) {
    // As forwards, an entry that is not two non-empty strings is no translation.
    const from = usable(mrpId);
    const to = usable(plmId);
    if (from !== undefined && to !== undefined) addReverse(inverse, from, to);
  }
  return inverse;
}

/**
 * Creates an {@link IdTranslator}.
 *
 * @example
 * ```ts
 * const ids = createIdTranslator({
 *   toMrp: new Map([['TRM-000123-01', 'MRP-T-0001']]),
 * });
 * ids.toMrp('MDL-000123', 'model', 'MRP-M-4711'); // 'MRP-M-4711' (from externalIds.mrp)
 * ids.toMrp('TRM-000123-01', 'trim'); // 'MRP-T-0001' (from the table)
 * ids.toPlm('MRP-T-0001', 'trim'); // 'TRM-000123-01' (inverse of the map)
 * ids.toMrp('TRM-999', 'trim'); // throws IdTranslationError naming TRM-999
 * ```
 */
export function createIdTranslator(options: IdTranslatorOptions = {}): IdTranslator {
  const toMrpTable = options.toMrp;
  const fromTable = lookupOf(toMrpTable);
  // The inverse of a toMrp map is built on the first reverse lookup, not up front.
  let reverse: Lookup | undefined = lookupOf(options.toPlm);
  const reverseLookup = (): Lookup | undefined => {
    if (reverse === undefined && toMrpTable instanceof Map) {
      const inverse = invert(toMrpTable);
      reverse = (id, kind) => lookupReverse(inverse, id, kind);
    }
    return reverse;
  };
  // Pairs learned from externalIds.mrp, keyed by kind so equal ids of different kinds never mix.
  const learned: Record<IdKind, Reverse> = {
    model: new Map(),
    trim: new Map(),
    feature: new Map(),
  };
  const learnedToMrp: Record<IdKind, Map<string, string>> = {
    model: new Map(),
    trim: new Map(),
    feature: new Map(),
  };
  return {
    toMrp(plmId, kind, externalMrpId) {
      if (externalMrpId !== undefined && externalMrpId.length > 0) {
        const toMrp = learnedToMrp[kind];
        const previous = toMrp.get(plmId);
        // Mapping the same catalog again learns nothing new: one lookup, no writes.
        if (previous !== externalMrpId) {
          const toPlm = learned[kind];
          // An item whose MRP id changed no longer claims the old one.
          if (previous !== undefined) removeReverse(toPlm, previous, plmId);
          addReverse(toPlm, externalMrpId, plmId);
          toMrp.set(plmId, externalMrpId);
        }
        return externalMrpId;
      }
      const mrpId =
        (fromTable === undefined ? undefined : fromTable(plmId, kind)) ??
        learnedToMrp[kind].get(plmId);
      if (mrpId === undefined) {
        throw new IdTranslationError({ id: plmId, kind, direction: 'plm-to-mrp' });
      }
      return mrpId;
    },
    toPlm(mrpId, kind) {
      let plmId = lookupReverse(learned[kind], mrpId, kind);
      if (plmId === undefined) {
        const fromReverse = reverseLookup();
        if (fromReverse !== undefined) plmId = fromReverse(mrpId, kind);
      }
      if (plmId === undefined) {
        throw new IdTranslationError({ id: mrpId, kind, direction: 'mrp-to-plm' });
      }
      return plmId;
    },
  };
}
