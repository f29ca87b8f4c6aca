/*
 * The one seam to @mrp-plm/adapter: the MRP DTO types, the id translator and the validated
 * mappings from PLM wire payloads to MRP DTOs.
 */
import {
  createIdTranslator,
  isEffective,
  mrpCatalogSchema,
  mrpFeatureSchema,
  mrpModelConfigSchema,
  mrpTrimSchema,
  normalizeQuantity,
  parseCatalogPage,
  parseFeatureList,
  parseModelConfig,
  parseTrim,
  unitConversions,
  type IdTranslator,
  type MrpCatalog,
  type MrpConfigurableModel,
  type MrpFeature,
  type MrpModel,
  type MrpModelConfig,
  type MrpTrim,
} from '@mrp-plm/adapter';

export type {
  IdTranslator,
  MrpCatalog,
  MrpConfigurableModel,
  MrpFeature,
  MrpModel,
  MrpModelConfig,
  MrpTrim,
};
export {
  createIdTranslator,
  isEffective,
  mrpCatalogSchema,
  mrpFeatureSchema,
  mrpModelConfigSchema,
  mrpTrimSchema,
  normalizeQuantity,
  unitConversions,
};

/** One mapped PLM answer. */
export interface Mapped<T> {
  readonly data: T;
  readonly revision: string | undefined;
}

interface MapOptions {
  readonly ids: IdTranslator;
  readonly schemaVersion: string;
  readonly asOf: Date;
}

const opts = (o: MapOptions) => ({ ids: o.ids, schemaVersion: o.schemaVersion, asOf: o.asOf });

export function mapModelConfigPayload(payload: unknown, o: MapOptions): Mapped<MrpModelConfig> {
  const result = parseModelConfig(payload, opts(o));
  return { data: result.data, revision: result.payload.revision.revision };
}

export function mapTrimPayload(payload: unknown, o: MapOptions): Mapped<MrpTrim> {
  const result = parseTrim(payload, opts(o));
  return { data: result.data, revision: result.payload.revision.revision };
}

export function mapFeatureListPayload(payload: unknown, o: MapOptions): Mapped<MrpFeature[]> {
  const result = parseFeatureList(payload, opts(o));
  return { data: result.data, revision: undefined };
}

export function mapCatalogPayload(payload: unknown, o: MapOptions): Mapped<MrpCatalog> {
  const result = parseCatalogPage(payload, opts(o));
  return { data: result.data, revision: undefined };
}

/**
 * Teaches the translator the model pairs a catalog page's `externalIds.mrp` carries, without
 * mapping (and so without failing on) anything else in the page.
 */
export function learnModelIds(ids: IdTranslator, catalogPayload: unknown): void {
  const items = (catalogPayload as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) return;
  for (const item of items as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const { id, externalIds } = item as { id?: unknown; externalIds?: { mrp?: unknown } };
    const mrp = externalIds?.mrp;
    if (typeof id === 'string' && typeof mrp === 'string' && mrp.length > 0) {
      ids.toMrp(id, 'model', mrp);
    }
  }
}

/** The next cursor of a catalog page payload. */
export function nextCursorOf(catalogPayload: unknown): string | undefined {
  const next = (catalogPayload as { nextCursor?: unknown } | null)?.nextCursor;
  return typeof next === 'string' && next.length > 0 ? next : undefined;
}
