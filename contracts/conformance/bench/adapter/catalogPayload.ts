import { generateFixtures, type Fixtures } from '@mrp-plm/plm-mock';
import { catalogPages } from '../../test/support/catalogPages.js';

/** The 5,000-model catalog from plm-mock's generator, as the JSON bytes of its 10 pages. */
export function catalogPayload(models = 5_000): { pages: string[]; idTable: [string, string][] } {
  const fx: Fixtures = generateFixtures({ models });
  const pages = catalogPages(fx.models).map((page) => JSON.stringify(page));
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
