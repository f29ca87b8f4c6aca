import {
  mrpFeaturesFromRows,
  mrpModelConfigFromRows,
  mrpModelFromRows,
  mrpTrimFromRow,
  type MrpBomLineRow,
  type MrpFeatureCondition,
  type MrpIdTranslationRow,
  type MrpModelRow,
  type MrpProductTables,
} from '@mrp-plm/adapter';
import type { MrpProductPort } from '@mrp-plm/mrp-integration';
import type { Fixtures } from '@mrp-plm/plm-mock';
import { sql, type Kysely } from 'kysely';
import type { HostTables, MrpBomLinesTable } from '../db/HostTables.js';

type Db = Kysely<HostTables>;

const CHUNK = 400;

async function insertChunked<T extends keyof HostTables>(
  db: Db,
  table: T,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    // The rows are built from the typed fixture rows above; Kysely cannot follow a generic table.
    await db
      .insertInto(table)
      .values(rows.slice(i, i + CHUNK) as never)
      .execute();
  }
}

/**
 * The id pairs the host translates with: the MRP-side translation table of the fixtures, plus
 * the pairs PLM's own payloads name in `externalIds.mrp` (so every MRP id of a seeded model has
 * its PLM id, which usage events need).
 */
export function idPairsOf(fixtures: Fixtures): MrpIdTranslationRow[] {
  const pairs = new Map<string, MrpIdTranslationRow>();
  const add = (row: MrpIdTranslationRow) => pairs.set(`${row.kind}\u0000${row.plmId}`, row);
  for (const m of fixtures.models) {
    if (m.externalIds?.mrp) add({ kind: 'model', plmId: m.id, mrpId: m.externalIds.mrp });
    for (const t of m.trims)
      if (t.externalIds?.mrp) add({ kind: 'trim', plmId: t.id, mrpId: t.externalIds.mrp });
    for (const f of m.features)
      if (f.externalIds?.mrp) add({ kind: 'feature', plmId: f.id, mrpId: f.externalIds.mrp });
  }
  for (const row of fixtures.mrp.idTranslation) add(row);
  return [...pairs.values()];
}

/**
 * Writes MRP's product tables (the adapter's row shapes) into the database. BOM line ids are
 * assigned here so nested lines can name their parent without a round trip per line.
 */
export async function writeProductTables(db: Db, tables: MrpProductTables): Promise<void> {
  const models: Record<string, unknown>[] = [];
  const trims: Record<string, unknown>[] = [];
  const features: Record<string, unknown>[] = [];
  const availability: Record<string, unknown>[] = [];
  const rules: Record<string, unknown>[] = [];
  const lines: MrpBomLinesTable[] = [];
  const maxId = await db
    .selectFrom('mrp_bom_lines')
    .select((eb) => eb.fn.max('id').as('max'))
    .executeTakeFirst();
  let nextLineId = Number(maxId?.max ?? 0) + 1;
  tables.models.forEach((m, mi) => {
    models.push({
      id: m.id,
      name: m.name,
      model_year: m.modelYear,
      product_line: m.productLine,
      status: m.status,
      position: mi,
    });
    m.trims.forEach((t, ti) =>
      trims.push({
        model_id: m.id,
        id: t.id,
        code: t.code,
        name: t.name,
        base_price: t.basePrice ?? null,
        currency: t.currency ?? null,
        position: ti,
      }),
    );
    m.features.forEach((f, fi) => {
      features.push({
        model_id: m.id,
        id: f.id,
        code: f.code,
        name: f.name,
        category: f.category,
        position: fi,
      });
      for (const [trimId, value] of Object.entries(f.availability)) {
        availability.push({
          model_id: m.id,
          feature_id: f.id,
          trim_id: trimId,
          availability: value,
        });
      }
      for (const kind of ['requires', 'excludes'] as const) {
        f[kind].forEach((other, position) =>
          rules.push({ model_id: m.id, feature_id: f.id, kind, other_feature_id: other, position }),
        );
      }
    });
    m.boms.forEach((bom, bomIndex) => {
      // Iterative walk: BOMs may be deep.
      const stack: { line: MrpBomLineRow; parent: number | null; position: number }[] = bom.lines
        .map((line, position) => ({ line, parent: null, position }))
        .reverse();
      while (stack.length > 0) {
        const { line, parent, position } = stack.pop()!;
        const id = nextLineId++;
        lines.push({
          id: id as never,
          model_id: m.id,
          bom_index: bomIndex,
          bom_trim_id: bom.trimId,
          parent_id: parent,
          position,
          line_no: line.lineNo,
          part_number: line.partNumber,
          description: line.description,
          quantity: line.quantity,
          unit: line.unit,
          reference_designators: JSON.stringify(line.referenceDesignators),
          condition: line.when === undefined ? null : JSON.stringify(line.when),
        });
        line.children.forEach((child, i) => stack.push({ line: child, parent: id, position: i }));
      }
    });
  });
  await insertChunked(db, 'mrp_models', models);
  await insertChunked(db, 'mrp_trims', trims);
  await insertChunked(db, 'mrp_features', features);
  await insertChunked(db, 'mrp_feature_availability', availability);
  await insertChunked(db, 'mrp_feature_rules', rules);
  await insertChunked(db, 'mrp_bom_lines', lines as unknown as Record<string, unknown>[]);
  await insertChunked(
    db,
    'mrp_id_translation',
    tables.idTranslation.map((r) => ({ kind: r.kind, plm_id: r.plmId, mrp_id: r.mrpId })),
  );
}

/**
 * Reads models back as the adapter's {@link MrpModelRow}s (all of them, or those in `ids`), in
 * seeding order. Six queries whatever the number of models.
 */
export async function readModelRows(db: Db, ids?: readonly string[]): Promise<MrpModelRow[]> {
  if (ids !== undefined && ids.length === 0) return [];
  let modelsQ = db.selectFrom('mrp_models').selectAll().orderBy('position');
  let trimsQ = db.selectFrom('mrp_trims').selectAll().orderBy('model_id').orderBy('position');
  let featuresQ = db.selectFrom('mrp_features').selectAll().orderBy('model_id').orderBy('position');
  let availQ = db.selectFrom('mrp_feature_availability').selectAll();
  let rulesQ = db.selectFrom('mrp_feature_rules').selectAll().orderBy('position');
  let linesQ = db.selectFrom('mrp_bom_lines').selectAll().orderBy('id');
  if (ids !== undefined) {
    modelsQ = modelsQ.where('id', 'in', ids);
    trimsQ = trimsQ.where('model_id', 'in', ids);
    featuresQ = featuresQ.where('model_id', 'in', ids);
    availQ = availQ.where('model_id', 'in', ids);
    rulesQ = rulesQ.where('model_id', 'in', ids);
    linesQ = linesQ.where('model_id', 'in', ids);
  }
  const [models, trims, features, avail, rules, lines] = await Promise.all([
    modelsQ.execute(),
    trimsQ.execute(),
    featuresQ.execute(),
    availQ.execute(),
    rulesQ.execute(),
    linesQ.execute(),
  ]);
  const group = <R extends { model_id: string }>(rows: readonly R[]) => {
    const map = new Map<string, R[]>();
    for (const r of rows) {
      const list = map.get(r.model_id) ?? [];
      list.push(r);
      map.set(r.model_id, list);
    }
    return map;
  };
  const trimsBy = group(trims);
  const featuresBy = group(features);
  const availBy = group(avail);
  const rulesBy = group(rules);
  const linesBy = group(lines);
  return models.map((m): MrpModelRow => {
    const modelAvail = availBy.get(m.id) ?? [];
    const modelRules = rulesBy.get(m.id) ?? [];
    const modelLines = linesBy.get(m.id) ?? [];
    // Rebuild the BOM trees: children in position order under their parent.
    type Built = { row: (typeof modelLines)[number]; children: Built[] };
    const built = new Map<number, Built>();
    for (const row of modelLines) built.set(Number(row.id), { row, children: [] });
    const roots = new Map<number, Built[]>();
    for (const b of built.values()) {
      if (b.row.parent_id === null) {
        const list = roots.get(b.row.bom_index) ?? [];
        list.push(b);
        roots.set(b.row.bom_index, list);
      } else built.get(Number(b.row.parent_id))?.children.push(b);
    }
    const toLine = (b: Built): MrpBomLineRow => ({
      lineNo: Number(b.row.line_no),
      partNumber: b.row.part_number,
      description: b.row.description,
      quantity: Number(b.row.quantity),
      unit: b.row.unit as MrpBomLineRow['unit'],
      referenceDesignators: JSON.parse(b.row.reference_designators) as string[],
      ...(b.row.condition === null
        ? {}
        : { when: JSON.parse(b.row.condition) as MrpFeatureCondition }),
      children: b.children.sort((x, y) => x.row.position - y.row.position).map(toLine),
    });
    const boms = [...roots.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, list]) => ({
        trimId: list[0]!.row.bom_trim_id,
        lines: list.sort((x, y) => x.row.position - y.row.position).map(toLine),
      }));
    return {
      id: m.id,
      name: m.name,
      modelYear: Number(m.model_year),
      productLine: m.product_line,
      status: m.status,
      trims: (trimsBy.get(m.id) ?? []).map((t) => ({
        id: t.id,
        code: t.code,
        name: t.name,
        ...(t.base_price === null ? {} : { basePrice: Number(t.base_price) }),
        ...(t.currency === null ? {} : { currency: t.currency }),
      })),
      features: (featuresBy.get(m.id) ?? []).map((f) => ({
        id: f.id,
        code: f.code,
        name: f.name,
        category: f.category,
        availability: Object.fromEntries(
          modelAvail.filter((a) => a.feature_id === f.id).map((a) => [a.trim_id, a.availability]),
        ),
        requires: modelRules
          .filter((r) => r.feature_id === f.id && r.kind === 'requires')
          .map((r) => r.other_feature_id),
        excludes: modelRules
          .filter((r) => r.feature_id === f.id && r.kind === 'excludes')
          .map((r) => r.other_feature_id),
      })),
      boms,
    };
  });
}

/** The id translation table's rows. */
export async function readIdTranslation(db: Db): Promise<MrpIdTranslationRow[]> {
  const rows = await db.selectFrom('mrp_id_translation').selectAll().execute();
  return rows.map((r) => ({ kind: r.kind, plmId: r.plm_id, mrpId: r.mrp_id }));
}

/**
 * mrp-integration's MRP product port over the host's product tables, through the adapter's
 * row → DTO conversion.
 *
 * @example
 * ```ts
 * const integration = createPlmIntegration({ config, mrp: createMrpProductPort(database.db) });
 * ```
 */
export function createMrpProductPort(db: Db): MrpProductPort {
  const one = async (id: string) => (await readModelRows(db, [id]))[0];
  return {
    async getModelConfig(id) {
      const row = await one(id);
      return row === undefined ? undefined : mrpModelConfigFromRows(row);
    },
    async listModels() {
      return (await readModelRows(db)).map(mrpModelFromRows);
    },
    async getTrim(id) {
      const row = await db
        .selectFrom('mrp_trims')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      if (row === undefined) return undefined;
      return mrpTrimFromRow({
        id: row.id,
        code: row.code,
        name: row.name,
        ...(row.base_price === null ? {} : { basePrice: Number(row.base_price) }),
        ...(row.currency === null ? {} : { currency: row.currency }),
      });
    },
    async listFeatures({ modelId, trimId }) {
      const row = await one(modelId);
      if (row === undefined) return undefined;
      return mrpFeaturesFromRows(row, trimId === undefined ? {} : { trimId });
    },
  };
}

/** Whether the product tables hold any model (the host seeds on first start when not). */
export async function productTablesSeeded(db: Db): Promise<boolean> {
  const row = await db
    .selectFrom('mrp_models')
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0) > 0;
}
