import type { PlmModelConfig } from '@mrp-plm/plm-mock';

/**
 * Catalog pages (contract `CatalogPage`, at most 500 items) for plm-mock's model configurations,
 * as `GET /plm/catalog` would list them.
 */
export function catalogPages(models: readonly PlmModelConfig[], limit = 500): unknown[] {
  const pages: unknown[] = [];
  for (let start = 0; start === 0 || start < models.length; start += limit) {
    const slice = models.slice(start, start + limit);
    pages.push({
      items: slice.map((m) => ({
        id: m.id,
        revision: m.revision,
        name: m.name,
        modelYear: m.modelYear,
        productLine: m.productLine,
        ...(m.externalIds ? { externalIds: m.externalIds } : {}),
        updatedAt: m.updatedAt,
        trims: m.trims.map((t) => ({ id: t.id, revision: t.revision, name: t.name, code: t.code })),
        features: m.features.map((f) => ({
          id: f.id,
          name: f.name,
          code: f.code,
          category: f.category,
        })),
      })),
      nextCursor: start + limit < models.length ? `page-${start + limit}` : null,
      totalCount: models.length,
    });
  }
  return pages;
}
