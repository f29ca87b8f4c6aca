import { createIdTranslator, idTablesFromRows } from '@mrp-plm/adapter';
import { createMemoryOutboxStore } from '@mrp-plm/metrics';
import {
  createPlmIntegration,
  definePlmConfig,
  type PlmConfig,
  type PlmIntegration,
} from '@mrp-plm/mrp-integration';
import type { Clock } from '@mrp-plm/resilience';
import { sql } from 'kysely';
import { PRODUCT_TABLES } from '../db/HostTables.js';
import { refuseWritesSql } from '../db/migrations.js';
import type { HostDatabase } from '../db/openHostDatabase.js';
import { ProductsArchiveError } from '../errors/ProductsArchiveError.js';
import { writeAudit } from './AuditLog.js';
import { createMrpProductPort, readIdTranslation } from './ProductTables.js';

/** Whether and when the product tables were archived. */
export interface ProductArchiveState {
  readonly archived: boolean;
  readonly archivedAt: string | null;
  readonly archivedBy: string | null;
}

/** The archive's state. */
export async function productArchiveState(database: HostDatabase): Promise<ProductArchiveState> {
  const row = await database.db.selectFrom('product_archive').selectAll().executeTakeFirst();
  return row === undefined
    ? { archived: false, archivedAt: null, archivedBy: null }
    : { archived: true, archivedAt: row.archived_at, archivedBy: row.archived_by };
}

/**
 * The active MRP models PLM does not serve: reads PLM's catalog through an integration in
 * `enabled` mode for every model and without fallback (so an answer is PLM's or an error), and
 * lists the MRP models in production (`active`) missing from it. Planned and obsolete models are
 * not required: PLM's catalog lists only revisions effective today, and work orders are only
 * created for active models.
 *
 * @throws {PlmIntegrationError} when PLM cannot be read.
 */
export async function modelsMissingInPlm(
  database: HostDatabase,
  plmOnly: PlmIntegration,
): Promise<string[]> {
  const catalog = await plmOnly.getCatalog();
  if (catalog.provenance.dataSource !== 'plm') {
    throw new ProductsArchiveError('plm-incomplete', ['(the catalog did not come from PLM)']);
  }
  const inPlm = new Set(catalog.data.models.map((m) => m.id));
  const mrp = await database.db
    .selectFrom('mrp_models')
    .select('id')
    .where('status', '=', 'active')
    .orderBy('position')
    .execute();
  return mrp.map((m) => m.id).filter((id) => !inPlm.has(id));
}

/**
 * Phase 4 of the plan: copies every product table to `archive_<table>` and makes the product
 * tables read-only (the database refuses INSERT, UPDATE and DELETE by trigger), in one
 * transaction. Work orders keep their snapshots, so every historical work order stays readable
 * and replayable; the deprecated API still reads the (now frozen) tables until its sunset.
 *
 * @throws {ProductsArchiveError} `already-archived`, or `plm-incomplete` when `missingInPlm` is
 *   not empty (run {@link modelsMissingInPlm} first).
 */
export async function archiveProductTables(
  database: HostDatabase,
  options: { readonly by: string; readonly missingInPlm: readonly string[]; readonly now: Date },
): Promise<ProductArchiveState> {
  if ((await productArchiveState(database)).archived) {
    throw new ProductsArchiveError('already-archived');
  }
  if (options.missingInPlm.length > 0) {
    throw new ProductsArchiveError('plm-incomplete', options.missingInPlm);
  }
  await database.transaction(async ({ db }) => {
    for (const table of PRODUCT_TABLES) {
      await sql.raw(`CREATE TABLE archive_${table} AS SELECT * FROM ${table}`).execute(db);
      for (const statement of refuseWritesSql(
        database.engine,
        table,
        ['INSERT', 'UPDATE', 'DELETE'],
        'is archived (read-only)',
      )) {
        await sql.raw(statement).execute(db);
      }
    }
    await db
      .insertInto('product_archive')
      .values({ id: 1, archived_at: options.now.toISOString(), archived_by: options.by })
      .execute();
    await writeAudit(
      db,
      {
        actor: options.by,
        action: 'products.archived',
        subject: null,
        details: { tables: PRODUCT_TABLES },
      },
      options.now,
    );
  });
  return productArchiveState(database);
}

/**
 * What `npm run archive-products` does: asks PLM (through a PLM-only integration: `enabled` for
 * every model, no fallback, no cache) whether it serves every MRP model, then archives the
 * product tables, or refuses listing the models PLM lacks.
 *
 * @throws {ProductsArchiveError} when refused; {PlmIntegrationError} when PLM cannot be read.
 * @example
 * ```ts
 * await archiveProducts(database, config.plm, { by: 'ops@example.com' });
 * ```
 */
export async function archiveProducts(
  database: HostDatabase,
  plm: PlmConfig,
  options: {
    readonly by: string;
    readonly now?: Date | undefined;
    readonly clock?: Clock | undefined;
  },
): Promise<ProductArchiveState> {
  if ((await productArchiveState(database)).archived) {
    throw new ProductsArchiveError('already-archived');
  }
  const plmOnly = createPlmIntegration({
    config: definePlmConfig({
      ...plm,
      mode: 'enabled',
      enabledForModels: [],
      fallbackEnabled: false,
      cacheEnabled: false,
    }),
    mrp: createMrpProductPort(database.db),
    ids: createIdTranslator(idTablesFromRows(await readIdTranslation(database.db))),
    usage: { store: createMemoryOutboxStore() },
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
  let missing: string[];
  try {
    missing = await modelsMissingInPlm(database, plmOnly);
  } finally {
    await plmOnly.close();
  }
  return archiveProductTables(database, {
    by: options.by,
    missingInPlm: missing,
    now: options.now ?? new Date(),
  });
}
