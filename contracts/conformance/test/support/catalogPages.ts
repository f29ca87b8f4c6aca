import type { ModelConfig } from '@mrp-plm/contract';
import { toModelSummary } from '@mrp-plm/plm-mock';

/**
 * Catalog pages (contract `CatalogPage`, at most 500 items) for plm-mock's model configurations,
 * as `GET /plm/catalog` would list them.
 */
export function catalogPages(models: readonly ModelConfig[], limit = 500): unknown[] {
  const pages: unknown[] = [];
  for (let start = 0; start === 0 || start < models.length; start += limit) {
    pages.push({
      items: models.slice(start, start + limit).map(toModelSummary),
      nextCursor: start + limit < models.length ? `page-${start + limit}` : null,
      totalCount: models.length,
    });
  }
  return pages;
}
