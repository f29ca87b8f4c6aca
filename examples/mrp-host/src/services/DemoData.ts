import { generateFixtures } from '@mrp-plm/plm-mock';
import type { Kysely } from 'kysely';
import type { HostTables } from '../db/HostTables.js';
import type { HostDatabase } from '../db/openHostDatabase.js';
import { writeAudit } from './AuditLog.js';
import { idPairsOf, writeProductTables } from './ProductTables.js';
import { hashPassword, type Role } from './Users.js';

/** The demo departments. */
export const DEMO_DEPARTMENTS = [
  { id: 'assembly', name: 'Final assembly' },
  { id: 'paint', name: 'Paint shop' },
] as const;

/**
 * The demo users `npm start` prints. Demo credentials only: a real installation creates its own
 * users and never seeds these.
 */
export const DEMO_USERS: readonly {
  readonly username: string;
  readonly password: string;
  readonly displayName: string;
  readonly role: Role;
  readonly departmentId: string;
}[] = [
  {
    username: 'ada',
    password: 'ada-demo',
    displayName: 'Ada Admin',
    role: 'admin',
    departmentId: 'assembly',
  },
  {
    username: 'sam',
    password: 'sam-demo',
    displayName: 'Sam Supervisor',
    role: 'supervisor',
    departmentId: 'assembly',
  },
  {
    username: 'olga',
    password: 'olga-demo',
    displayName: 'Olga Operator',
    role: 'operator',
    departmentId: 'assembly',
  },
  {
    username: 'pete',
    password: 'pete-demo',
    displayName: 'Pete Supervisor',
    role: 'supervisor',
    departmentId: 'paint',
  },
  {
    username: 'otto',
    password: 'otto-demo',
    displayName: 'Otto Operator',
    role: 'operator',
    departmentId: 'paint',
  },
];

/** Seed settings: the same as the plm-mock started beside the host, so both sides correspond. */
export interface SeedSettings {
  readonly seed: number;
  readonly models: number;
  readonly drift: number;
}

/**
 * Loads MRP's product tables from plm-mock's MRP-side fixtures (same seed, model count and drift
 * as the mock, so MRP and PLM correspond, drift included), the id translation table, and the demo
 * departments and users, in one transaction. Demo work orders are created afterwards through the
 * work-order service (they need the integration).
 */
export async function seedProductsAndUsers(
  database: HostDatabase,
  settings: SeedSettings,
  now: Date,
): Promise<{ readonly models: number; readonly drifted: readonly string[] }> {
  const fixtures = generateFixtures({
    seed: settings.seed,
    models: settings.models,
    drift: settings.drift,
  });
  const hashes = await Promise.all(DEMO_USERS.map((u) => hashPassword(u.password)));
  await database.transaction(async ({ db }) => {
    await writeProductTables(db, {
      models: fixtures.mrp.models,
      idTranslation: idPairsOf(fixtures),
    });
    await seedPeople(db, hashes, now);
    await writeAudit(
      db,
      {
        actor: 'system',
        action: 'seed',
        subject: null,
        details: { ...settings, drifted: fixtures.drift.map((d) => d.mrpModelId) },
      },
      now,
    );
  });
  return { models: fixtures.mrp.models.length, drifted: fixtures.drift.map((d) => d.mrpModelId) };
}

async function seedPeople(
  db: Kysely<HostTables>,
  hashes: readonly string[],
  now: Date,
): Promise<void> {
  await db
    .insertInto('departments')
    .values([...DEMO_DEPARTMENTS])
    .execute();
  await db
    .insertInto('users')
    .values(
      DEMO_USERS.map((u, i) => ({
        id: `u-${u.username}`,
        username: u.username,
        display_name: u.displayName,
        role: u.role,
        department_id: u.departmentId,
        password_hash: hashes[i]!,
        created_at: now.toISOString(),
      })),
    )
    .execute();
}
