import { generateFixtures, type Fixtures } from '@mrp-plm/plm-mock';

/** The 5,000-model catalog from plm-mock's generator, as the JSON bytes of its 10 pages. */
export function catalogPayload(models = 5_000): { pages: string[]; idTable: [string, string][] } {
  const fx: Fixtures = generateFixtures({ models });
  const pages: string[] = [];
  for (let start = 0; start < fx.models.length; start += 500) {
    const slice = fx.models.slice(start, start + 500);
    pages.push(
      JSON.stringify({
        items: slice.map((m) => ({
          id: m.id,
          revision: m.revision,
          name: m.name,
          modelYear: m.modelYear,
          productLine: m.productLine,
          ...(m.externalIds ? { externalIds: m.externalIds } : {}),
          updatedAt: m.updatedAt,
          trims: m.trims.map((t) => ({
            id: t.id,
            revision: t.revision,
            name: t.name,
            code: t.code,
          })),
          features: m.features.map((f) => ({
            id: f.id,
            name: f.name,
            code: f.code,
            category: f.category,
          })),
        })),
        nextCursor: start + 500 < fx.models.length ? `page-${start + 500}` : null,
        totalCount: fx.models.length,
      }),
    );
  }
  // Catalog trims carry no externalIds, so the table holds every PLM id -> MRP id pair.
  const idTable = new Map(fx.mrp.idTranslation.map((e) => [e.plmId, e.mrpId]));
  fx.models.forEach((m, i) => {
    const mrp = fx.mrp.models[i]!;
    idTable.set(m.id, mrp.id);
    m.trims.forEach((t, j) => idTable.set(t.id, mrp.trims[j]!.id));
    m.features.forEach((f, j) => idTable.set(f.id, mrp.features[j]!.id));
  });
  return { pages, idTable: [...idTable] };
}
