import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'tsup';
import { describe, expect, it } from 'vitest';
import { openPostgresOutboxStore } from '../src/createPostgresOutboxStore.js';
import { openSqliteOutboxStore } from '../src/createSqliteOutboxStore.js';
import { MissingPeerDependencyError } from '../src/MissingPeerDependencyError.js';
import { OutboxStoreError } from '../src/OutboxStoreError.js';

/** What Node's ESM loader throws for a package that is not installed. */
const notInstalled = (name: string) => () =>
  Promise.reject(
    Object.assign(new Error(`Cannot find package '${name}' imported from /app/index.js`), {
      code: 'ERR_MODULE_NOT_FOUND',
    }),
  );

describe('better-sqlite3 and pg are optional peers', () => {
  it('a SQLite store given a path names better-sqlite3 when it is not installed', async () => {
    const store = openSqliteOutboxStore({ path: 'unused.db' }, notInstalled('better-sqlite3'));
    const error = await store.init().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboxStoreError);
    const cause = (error as OutboxStoreError).cause;
    expect(cause).toBeInstanceOf(MissingPeerDependencyError);
    expect(cause).toMatchObject({
      _tag: 'MissingPeerDependencyError',
      packageName: 'better-sqlite3',
    });
    expect((error as Error).message).toContain('npm install better-sqlite3');
    // Every operation says the same, not only init.
    await expect(store.counts(0)).rejects.toMatchObject({
      cause: { _tag: 'MissingPeerDependencyError' },
    });
  });

  it('a Postgres store given a connection string names pg when it is not installed', async () => {
    const store = openPostgresOutboxStore(
      { connectionString: 'postgres://127.0.0.1:1/none' },
      notInstalled('pg'),
    );
    const error = await store.init().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboxStoreError);
    expect((error as OutboxStoreError).cause).toMatchObject({
      _tag: 'MissingPeerDependencyError',
      packageName: 'pg',
    });
    expect((error as Error).message).toContain('npm install pg');
  });

  it('does not mistake another failure of the driver for a missing package', async () => {
    const broken = new Error("Cannot find module 'bindings'");
    Object.assign(broken, { code: 'MODULE_NOT_FOUND' });
    const store = openSqliteOutboxStore({ path: 'unused.db' }, () => Promise.reject(broken));
    const error = await store.init().catch((e: unknown) => e);
    expect((error as OutboxStoreError).cause).toBe(broken);
  });

  it('a store given the handle or pool the application created never loads a driver', async () => {
    const pool = {
      query: () => Promise.resolve({ rows: [], rowCount: 0 }),
      connect: () => Promise.reject(new Error('not in this test')),
      end: () => Promise.resolve(),
    };
    const store = openPostgresOutboxStore({ pool, migrate: false }, () => {
      throw new Error('the driver was loaded');
    });
    await expect(store.init()).resolves.toBeUndefined();
  });

  it(
    'the published declarations import neither driver nor their @types',
    { timeout: 120_000 },
    async () => {
      const outDir = mkdtempSync(join(tmpdir(), 'metrics-dts-'));
      try {
        await build({
          entry: { index: 'src/index.ts' },
          format: ['esm'],
          dts: { only: true },
          outDir,
          silent: true,
          config: false,
        });
        // The CommonJS declarations are generated from the same program (tsup), so one suffices.
        const dts = readFileSync(join(outDir, 'index.d.ts'), 'utf8');
        expect(dts).toContain('createSqliteOutboxStore');
        // Statements only: the TSDoc @examples do show `import pg from 'pg'` to users.
        const code = dts.replace(/\/\*\*[\s\S]*?\*\//g, '');
        expect(code).toMatch(/^import .* from '@mrp-plm\/resilience';$/m);
        expect(code).not.toMatch(/from ['"](better-sqlite3|pg|@types\/[^'"]+)['"]/);
        expect(code).not.toMatch(/import\(['"](better-sqlite3|pg)['"]\)/);
        expect(code).not.toMatch(/require\(['"](better-sqlite3|pg)['"]\)/);
      } finally {
        rmSync(outDir, { recursive: true, force: true });
      }
    },
  );
});
