import { sql, type Kysely, type Migration } from 'kysely';

/** The two engines the host runs on. */
export type Engine = 'sqlite' | 'postgres';

/**
 * SQL that makes the database itself refuse the given statements on a table: a trigger per
 * statement kind in SQLite, one trigger function in PostgreSQL (TRUNCATE included).
 */
export function refuseWritesSql(
  engine: Engine,
  table: string,
  kinds: readonly ('INSERT' | 'UPDATE' | 'DELETE')[],
  why: string,
): string[] {
  if (engine === 'sqlite') {
    return kinds.map(
      (kind) =>
        `CREATE TRIGGER ${table}_refuse_${kind.toLowerCase()} BEFORE ${kind} ON ${table} ` +
        `BEGIN SELECT RAISE(ABORT, '${table} ${why}'); END`,
    );
  }
  return [
    `CREATE TRIGGER ${table}_refuse_rows BEFORE ${kinds.join(' OR ')} ON ${table} ` +
      `FOR EACH ROW EXECUTE FUNCTION mrp_refuse_write('${why}')`,
    `CREATE TRIGGER ${table}_refuse_truncate BEFORE TRUNCATE ON ${table} ` +
      `FOR EACH STATEMENT EXECUTE FUNCTION mrp_refuse_write('${why}')`,
  ];
}

async function exec(db: Kysely<unknown>, statements: readonly string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

/**
 * The host's versioned migrations, in order. The same list runs on both engines; where the
 * dialects differ (auto-increment keys, trigger syntax) the migration asks which engine it runs on.
 * A migration once released is never edited: add a new one.
 */
export function hostMigrations(engine: Engine): Record<string, Migration> {
  const autoId = engine === 'sqlite' ? 'integer' : 'serial';
  const real = engine === 'sqlite' ? 'real' : 'double precision';
  return {
    '0001_people_and_audit': {
      async up(db) {
        await db.schema
          .createTable('departments')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('users')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('username', 'text', (c) => c.notNull().unique())
          .addColumn('display_name', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) =>
            c.notNull().check(sql`role in ('operator', 'supervisor', 'admin')`),
          )
          .addColumn('department_id', 'text', (c) => c.notNull().references('departments.id'))
          .addColumn('password_hash', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('sessions')
          .addColumn('token_sha256', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('csrf_token', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('audit_log')
          .addColumn('id', autoId, (c) =>
            engine === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
          )
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('actor', 'text', (c) => c.notNull())
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('subject', 'text')
          .addColumn('details', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
      },
    },
    '0002_product_tables': {
      async up(db) {
        await db.schema
          .createTable('mrp_models')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('model_year', 'integer', (c) => c.notNull())
          .addColumn('product_line', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('position', 'integer', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('mrp_trims')
          .addColumn('model_id', 'text', (c) => c.notNull().references('mrp_models.id'))
          .addColumn('id', 'text', (c) => c.notNull())
          .addColumn('code', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('base_price', real)
          .addColumn('currency', 'text')
          .addColumn('position', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('mrp_trims_pk', ['model_id', 'id'])
          .execute();
        await db.schema.createIndex('mrp_trims_id').on('mrp_trims').column('id').execute();
        await db.schema
          .createTable('mrp_features')
          .addColumn('model_id', 'text', (c) => c.notNull().references('mrp_models.id'))
          .addColumn('id', 'text', (c) => c.notNull())
          .addColumn('code', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('category', 'text', (c) => c.notNull())
          .addColumn('position', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('mrp_features_pk', ['model_id', 'id'])
          .execute();
        await db.schema
          .createTable('mrp_feature_availability')
          .addColumn('model_id', 'text', (c) => c.notNull())
          .addColumn('feature_id', 'text', (c) => c.notNull())
          .addColumn('trim_id', 'text', (c) => c.notNull())
          .addColumn('availability', 'text', (c) =>
            c.notNull().check(sql`availability in ('standard', 'optional', 'unavailable')`),
          )
          .addPrimaryKeyConstraint('mrp_feature_availability_pk', [
            'model_id',
            'feature_id',
            'trim_id',
          ])
          .execute();
        await db.schema
          .createTable('mrp_feature_rules')
          .addColumn('model_id', 'text', (c) => c.notNull())
          .addColumn('feature_id', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) =>
            c.notNull().check(sql`kind in ('requires', 'excludes')`),
          )
          .addColumn('other_feature_id', 'text', (c) => c.notNull())
          .addColumn('position', 'integer', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('mrp_feature_rules_model')
          .on('mrp_feature_rules')
          .column('model_id')
          .execute();
        await db.schema
          .createTable('mrp_bom_lines')
          .addColumn('id', autoId, (c) =>
            engine === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
          )
          .addColumn('model_id', 'text', (c) => c.notNull())
          .addColumn('bom_index', 'integer', (c) => c.notNull())
          .addColumn('bom_trim_id', 'text')
          .addColumn('parent_id', 'integer')
          .addColumn('position', 'integer', (c) => c.notNull())
          .addColumn('line_no', 'integer', (c) => c.notNull())
          .addColumn('part_number', 'text', (c) => c.notNull())
          .addColumn('description', 'text', (c) => c.notNull())
          .addColumn('quantity', real, (c) => c.notNull())
          .addColumn('unit', 'text', (c) => c.notNull())
          .addColumn('reference_designators', 'text', (c) => c.notNull())
          .addColumn('condition', 'text')
          .execute();
        await db.schema
          .createIndex('mrp_bom_lines_model')
          .on('mrp_bom_lines')
          .column('model_id')
          .execute();
        await db.schema
          .createTable('mrp_id_translation')
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('plm_id', 'text', (c) => c.notNull())
          .addColumn('mrp_id', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('mrp_id_translation_pk', ['kind', 'plm_id'])
          .execute();
        await db.schema
          .createTable('product_archive')
          .addColumn('id', 'integer', (c) => c.primaryKey())
          .addColumn('archived_at', 'text', (c) => c.notNull())
          .addColumn('archived_by', 'text', (c) => c.notNull())
          .execute();
      },
    },
    '0003_work_orders': {
      async up(db) {
        await db.schema
          .createTable('work_orders')
          .addColumn('id', autoId, (c) =>
            engine === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
          )
          .addColumn('department_id', 'text', (c) => c.notNull().references('departments.id'))
          .addColumn('model_id', 'text', (c) => c.notNull())
          .addColumn('data_source', 'text', (c) =>
            c.notNull().check(sql`data_source in ('mrp', 'plm')`),
          )
          .addColumn('status', 'text', (c) =>
            c.notNull().check(sql`status in ('open', 'cancelled')`),
          )
          .addColumn('current_version', 'integer', (c) => c.notNull())
          .addColumn('trim_id', 'text', (c) => c.notNull())
          .addColumn('feature_ids', 'text', (c) => c.notNull())
          .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity > 0`))
          .addColumn('due_date', 'text', (c) => c.notNull())
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('work_orders_department_status')
          .on('work_orders')
          .columns(['department_id', 'status'])
          .execute();
        await db.schema
          .createTable('work_order_versions')
          .addColumn('work_order_id', 'integer', (c) => c.notNull().references('work_orders.id'))
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('change', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('trim_id', 'text', (c) => c.notNull())
          .addColumn('feature_ids', 'text', (c) => c.notNull())
          .addColumn('quantity', 'integer', (c) => c.notNull())
          .addColumn('due_date', 'text', (c) => c.notNull())
          .addColumn('snapshot', 'text', (c) => c.notNull())
          .addColumn('bom', 'text', (c) => c.notNull())
          .addColumn('provenance', 'text', (c) => c.notNull())
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('work_order_versions_pk', ['work_order_id', 'version'])
          .execute();
        if (engine === 'postgres') {
          // One function for every refusing trigger; the message names the table and the rule.
          await exec(db, [
            `CREATE OR REPLACE FUNCTION mrp_refuse_write() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN
               RAISE EXCEPTION '% %', TG_TABLE_NAME, TG_ARGV[0] USING ERRCODE = 'restrict_violation';
             END $$`,
          ]);
        }
        await exec(
          db,
          refuseWritesSql(engine, 'work_order_versions', ['UPDATE', 'DELETE'], 'is append-only'),
        );
      },
    },
  };
}
