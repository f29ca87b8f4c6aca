/*
 * `npm run archive-products`: once PLM serves every model, copies MRP's product tables to
 * `archive_*` tables and makes them read-only (plan phase 4). Refuses, listing what is missing,
 * while PLM lacks a model. Uses the host's configuration (DATABASE_URL / MRP_SQLITE_PATH, PLM_*).
 */
import { PlmIntegrationError } from '@mrp-plm/mrp-integration';
import { ProductsArchiveError } from '../errors/ProductsArchiveError.js';
import { HostConfigError } from '../HostConfigError.js';
import { loadHostConfig } from '../HostConfig.js';
import { openHostDatabase } from '../db/openHostDatabase.js';
import { archiveProducts } from '../services/ProductArchive.js';

const by = process.env['USER'] ?? 'archive-products';
try {
  const config = loadHostConfig();
  const database = await openHostDatabase(config.database);
  try {
    await database.migrate();
    const state = await archiveProducts(database, config.plm, { by });
    process.stdout.write(
      `Archived the product tables at ${state.archivedAt}: they are read-only now, copies are in archive_*.\n`,
    );
  } finally {
    await database.close();
  }
} catch (error) {
  if (error instanceof HostConfigError || error instanceof ProductsArchiveError) {
    process.stderr.write(`archive-products: ${error.message}\n`);
    process.exit(error instanceof HostConfigError ? 2 : 1);
  }
  if (error instanceof PlmIntegrationError) {
    process.stderr.write(`archive-products: ${error.userMessage} (${error.code})\n`);
    process.exit(1);
  }
  throw error;
}
