/*
 * `npm run seed`: migrates the database and, when it is empty, loads MRP's product tables from
 * plm-mock's MRP-side fixtures (MRP_SEED / MRP_SEED_MODELS / MRP_SEED_DRIFT — use the values of
 * the mock you run beside the host), the demo users and a few work orders. The host does the same
 * on its first start.
 */
import { HostConfigError } from '../HostConfigError.js';
import { loadHostConfig } from '../HostConfig.js';
import { createHost } from '../createHost.js';

try {
  const config = loadHostConfig();
  const host = await createHost({ config });
  const { total } = await host.workOrders.list(
    { id: 'system', username: 'system', displayName: 'seed', role: 'admin', departmentId: '' },
    { pageSize: 1 },
  );
  process.stdout.write(
    host.seeded
      ? `Seeded ${config.seed.models} models (seed ${config.seed.seed}, drift ${config.seed.drift}), demo users and ${total} work orders.\n`
      : `The database is seeded already (${total} work orders); nothing to do.\n`,
  );
  await host.close();
} catch (error) {
  if (error instanceof HostConfigError) {
    process.stderr.write(`seed: ${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
