import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HostConfigError, loadHostConfig } from '../src/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('configuration', () => {
  it('defaults to embedded SQLite, port 3000 and PLM disabled', () => {
    const config = loadHostConfig({});
    expect(config.database).toEqual({ engine: 'sqlite', path: './var/mrp.sqlite' });
    expect(config.port).toBe(3000);
    expect(config.plm.mode).toBe('disabled');
    expect(config.deprecatedApiSunset.toISOString()).toBe('2027-06-30T00:00:00.000Z');
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    const config = loadHostConfig({
      DATABASE_URL: 'postgres://u:p@127.0.0.1/db',
      MRP_DB_SCHEMA: 'mrp',
    });
    expect(config.database).toEqual({
      engine: 'postgres',
      url: 'postgres://u:p@127.0.0.1/db',
      schema: 'mrp',
    });
  });

  it('shares the PLM cache and mode through Redis when REDIS_URL is set', () => {
    expect(loadHostConfig({}).shared).toEqual({ engine: 'none' });
    expect(loadHostConfig({ REDIS_URL: 'redis://:pw@127.0.0.1:6379/0' }).shared).toEqual({
      engine: 'redis',
      url: 'redis://:pw@127.0.0.1:6379/0',
      namespace: 'mrp-host',
      cacheStore: 'redis',
    });
    expect(
      loadHostConfig({
        REDIS_URL: 'rediss://127.0.0.1:6380',
        MRP_REDIS_NAMESPACE: 'plant-7',
        PLM_CACHE_STORE: 'memory',
      }).shared,
    ).toMatchObject({ namespace: 'plant-7', cacheStore: 'memory' });
  });

  it('refuses a bad Redis setting, naming the variable and never the URL', () => {
    let error: unknown;
    try {
      loadHostConfig({
        REDIS_URL: 'http://user:redis-topsecret@cache',
        MRP_REDIS_NAMESPACE: 'has space',
        PLM_CACHE_STORE: 'disk',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HostConfigError);
    expect((error as HostConfigError).problems.map((p) => p.variable)).toEqual(
      expect.arrayContaining(['REDIS_URL', 'MRP_REDIS_NAMESPACE', 'PLM_CACHE_STORE']),
    );
    expect(`${(error as Error).message}${JSON.stringify(error)}`).not.toContain('redis-topsecret');
    // A Redis cache store needs Redis.
    expect(() => loadHostConfig({ PLM_CACHE_STORE: 'redis' })).toThrow(HostConfigError);
  });

  it("lists every problem, the host's and PLM's, at once, without secrets", () => {
    let error: unknown;
    try {
      loadHostConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://root:topsecret@db/x',
        MRP_PRODUCTS_API_SUNSET: 'someday',
        PLM_MODE: 'enabled',
        PLM_CACHE_TTL: '5',
        PLM_CLIENT_SECRET: 'plm-secret-value',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HostConfigError);
    const problems = (error as HostConfigError).problems.map((p) => p.variable);
    expect(problems).toEqual(
      expect.arrayContaining([
        'PORT',
        'DATABASE_URL',
        'MRP_PRODUCTS_API_SUNSET',
        'PLM_CACHE_TTL',
        'PLM_BASE_URL',
        'PLM_CLIENT_ID',
      ]),
    );
    const text = `${(error as Error).message}${JSON.stringify(error)}`;
    expect(text).not.toContain('topsecret');
    expect(text).not.toContain('plm-secret-value');
  });

  it('the server refuses to start with a bad PLM_* value: prints every problem and exits non-zero', () => {
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--conditions=@mrp-plm/source', 'src/bin/serve.ts'],
      {
        cwd: root,
        encoding: 'utf8',
        timeout: 60_000,
        env: {
          PATH: process.env.PATH,
          PLM_MODE: 'sometimes',
          PLM_SHADOW_SAMPLE_RATE: '7',
          PLM_CIRCUIT_BREAKER_THRESHOLD: '-1',
          PLM_CLIENT_SECRET: 'never-print-me',
          PORT: '99999',
        },
      },
    );
    expect(result.status).toBe(2);
    for (const variable of [
      'PLM_MODE',
      'PLM_SHADOW_SAMPLE_RATE',
      'PLM_CIRCUIT_BREAKER_THRESHOLD',
      'PORT',
    ]) {
      expect(result.stderr).toContain(variable);
    }
    expect(result.stderr + result.stdout).not.toContain('never-print-me');
  });
});
