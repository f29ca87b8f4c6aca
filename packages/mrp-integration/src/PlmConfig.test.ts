import { inspect } from 'node:util';
import { describe, expect, test } from 'vitest';
import { definePlmConfig, loadPlmConfig, plmConfigVariables } from './PlmConfig.js';
import { PlmConfigError } from './PlmConfigError.js';

const connection = {
  PLM_BASE_URL: 'http://127.0.0.1:4010',
  PLM_CLIENT_ID: 'mrp-app',
  PLM_CLIENT_SECRET: 'super-secret-value',
};

function problemsOf(run: () => unknown): PlmConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PlmConfigError);
    return error as PlmConfigError;
  }
  throw new Error('expected a PlmConfigError');
}

describe('loadPlmConfig', () => {
  test('defaults: disabled, no connection needed, frozen', () => {
    const config = loadPlmConfig({});
    expect(config).toMatchObject({
      mode: 'disabled',
      fallbackEnabled: true,
      cacheEnabled: true,
      cacheTTL: 600,
      circuitBreakerThreshold: 5,
      circuitBreakerWindow: 30,
      enabledForModels: [],
      timeoutMs: 2000,
      maxConcurrent: 8,
      shadowSampleRate: 0.1,
      baseUrl: undefined,
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.enabledForModels)).toBe(true);
  });

  test('parses every variable', () => {
    const config = loadPlmConfig({
      ...connection,
      PLM_MODE: 'enabled',
      PLM_FALLBACK_ENABLED: 'false',
      PLM_CACHE_ENABLED: '0',
      PLM_CACHE_TTL: '300',
      PLM_CACHE_STALE_WHILE_REVALIDATE: '0',
      PLM_CACHE_STALE_IF_ERROR: '3600',
      PLM_CIRCUIT_BREAKER_THRESHOLD: '3',
      PLM_CIRCUIT_BREAKER_WINDOW: '10',
      PLM_CIRCUIT_BREAKER_OPEN: '5',
      PLM_ENABLED_FOR_MODELS: ' M-1001, M-1004 ,',
      PLM_TOKEN_URL: 'http://127.0.0.1:4010/oauth/token',
      PLM_TIMEOUT_MS: '500',
      PLM_MAX_CONCURRENT: '2',
      PLM_RETRY_MAX_ATTEMPTS: '1',
      PLM_SHADOW_SAMPLE_RATE: '0.25',
      PLM_WEBHOOK_SECRET: 'whsec',
      PLM_USAGE_OUTBOX_PATH: '/tmp/x.sqlite',
    });
    expect(config).toMatchObject({
      mode: 'enabled',
      fallbackEnabled: false,
      cacheEnabled: false,
      cacheTTL: 300,
      cacheStaleWhileRevalidate: 0,
      cacheStaleIfError: 3600,
      circuitBreakerThreshold: 3,
      circuitBreakerWindow: 10,
      circuitBreakerOpen: 5,
      enabledForModels: ['M-1001', 'M-1004'],
      baseUrl: 'http://127.0.0.1:4010',
      tokenUrl: 'http://127.0.0.1:4010/oauth/token',
      clientId: 'mrp-app',
      timeoutMs: 500,
      maxConcurrent: 2,
      retryMaxAttempts: 1,
      shadowSampleRate: 0.25,
      usageOutboxPath: '/tmp/x.sqlite',
    });
    expect(config.clientSecret?.reveal()).toBe('super-secret-value');
    expect(config.webhookSecret?.reveal()).toBe('whsec');
  });

  const bad: Record<string, readonly string[]> = {
    PLM_MODE: ['on', 'ENABLED', 'shadowy'],
    PLM_FALLBACK_ENABLED: ['yes', 'TRUE', '2'],
    PLM_CACHE_ENABLED: ['no', 'off'],
    PLM_CACHE_TTL: ['299', '901', '600.5', 'ten', '-600'],
    PLM_CACHE_STALE_WHILE_REVALIDATE: ['-1', '3601', 'x'],
    PLM_CACHE_STALE_IF_ERROR: ['-1', '604801', '1e3'],
    PLM_CIRCUIT_BREAKER_THRESHOLD: ['0', '1001', 'five'],
    PLM_CIRCUIT_BREAKER_WINDOW: ['0', '3601', '30s'],
    PLM_CIRCUIT_BREAKER_OPEN: ['0', '3601'],
    PLM_ENABLED_FOR_MODELS: ['M 1001', 'M-1001,<script>'],
    PLM_BASE_URL: ['127.0.0.1:4010', 'ftp://plm.example', 'not a url'],
    PLM_TOKEN_URL: ['/oauth/token', 'file:///etc/passwd'],
    PLM_CLIENT_ID: ['mrp app'],
    PLM_TIMEOUT_MS: ['49', '60001', 'fast'],
    PLM_MAX_CONCURRENT: ['0', '257'],
    PLM_RETRY_MAX_ATTEMPTS: ['0', '11'],
    PLM_SHADOW_SAMPLE_RATE: ['1.5', '-0.1', '10%', 'half'],
  };

  for (const [variable, values] of Object.entries(bad)) {
    for (const value of values) {
      test(`${variable}=${JSON.stringify(value)} is rejected with what is allowed`, () => {
        const error = problemsOf(() =>
          loadPlmConfig({ ...connection, PLM_MODE: 'enabled', [variable]: value }),
        );
        const problem = error.problems.find((p) => p.variable === variable);
        expect(problem).toBeDefined();
        expect(problem!.value).toBe(value);
        const documented = plmConfigVariables.find((v) => v.variable === variable)!;
        expect(problem!.allowed).toBe(documented.allowed);
        expect(error.message).toContain(variable);
      });
    }
  }

  test('one error lists every problem at once', () => {
    const error = problemsOf(() =>
      loadPlmConfig({
        PLM_MODE: 'shadow',
        PLM_CACHE_TTL: '5',
        PLM_MAX_CONCURRENT: 'many',
        PLM_SHADOW_SAMPLE_RATE: '2',
      }),
    );
    expect(error.problems.map((p) => p.variable).sort()).toEqual([
      'PLM_BASE_URL',
      'PLM_CACHE_TTL',
      'PLM_CLIENT_ID',
      'PLM_CLIENT_SECRET',
      'PLM_MAX_CONCURRENT',
      'PLM_SHADOW_SAMPLE_RATE',
    ]);
    expect(error._tag).toBe('PlmConfigError');
  });

  test('connection settings are required only in modes that call PLM', () => {
    expect(loadPlmConfig({ PLM_MODE: 'disabled' }).mode).toBe('disabled');
    for (const mode of ['shadow', 'enabled']) {
      const error = problemsOf(() => loadPlmConfig({ PLM_MODE: mode }));
      expect(error.problems.map((p) => p.variable)).toEqual([
        'PLM_BASE_URL',
        'PLM_CLIENT_ID',
        'PLM_CLIENT_SECRET',
      ]);
      expect(error.problems[0]!.allowed).toContain(`required when PLM_MODE is ${mode}`);
    }
  });

  test('an empty variable counts as unset', () => {
    expect(loadPlmConfig({ PLM_CACHE_TTL: '', PLM_MODE: ' ' }).cacheTTL).toBe(600);
  });

  test('secrets never appear in toString, JSON, inspect or errors', () => {
    const config = loadPlmConfig({
      ...connection,
      PLM_MODE: 'enabled',
      PLM_WEBHOOK_SECRET: 'whsec-hidden',
    });
    const printed = [
      String(config.clientSecret),
      `${String(config.webhookSecret)}`,
      JSON.stringify(config),
      inspect(config, { depth: 10 }),
      inspect(config.clientSecret),
    ];
    for (const text of printed) {
      expect(text).not.toContain('super-secret-value');
      expect(text).not.toContain('whsec-hidden');
    }
    expect(JSON.stringify(config)).toContain('"clientSecret":"[redacted]"');
    const error = problemsOf(() =>
      definePlmConfig({ mode: 'enabled', baseUrl: 'nope', clientId: 'a', clientSecret: '' }),
    );
    const secretProblem = error.problems.find((p) => p.variable === 'PLM_CLIENT_SECRET')!;
    expect(secretProblem.value).toBe('[redacted]');
    expect(inspect(error)).not.toContain('super-secret-value');
  });
});

describe('definePlmConfig', () => {
  test('accepts the plan PLM_CONFIG object form with the same defaults', () => {
    const config = definePlmConfig({
      mode: 'enabled',
      fallbackEnabled: true,
      cacheEnabled: true,
      cacheTTL: 900,
      circuitBreakerThreshold: 5,
      enabledForModels: ['M-1001'],
      baseUrl: 'http://127.0.0.1:4010/',
      clientId: 'mrp-app',
      clientSecret: 'mrp-secret',
    });
    expect(config.cacheTTL).toBe(900);
    expect(config.baseUrl).toBe('http://127.0.0.1:4010');
    expect(config.clientSecret?.reveal()).toBe('mrp-secret');
    expect(config).toEqual(
      loadPlmConfig({
        PLM_MODE: 'enabled',
        PLM_CACHE_TTL: '900',
        PLM_ENABLED_FOR_MODELS: 'M-1001',
        PLM_BASE_URL: 'http://127.0.0.1:4010',
        PLM_CLIENT_ID: 'mrp-app',
        PLM_CLIENT_SECRET: 'mrp-secret',
      }),
    );
  });

  test('reports wrong types with the variable name', () => {
    const error = problemsOf(() =>
      definePlmConfig({ cacheTTL: 1, circuitBreakerThreshold: 0, shadowSampleRate: 3 }),
    );
    expect(error.problems.map((p) => [p.variable, p.key, p.value])).toEqual([
      ['PLM_CACHE_TTL', 'cacheTTL', '1'],
      ['PLM_CIRCUIT_BREAKER_THRESHOLD', 'circuitBreakerThreshold', '0'],
      ['PLM_SHADOW_SAMPLE_RATE', 'shadowSampleRate', '3'],
    ]);
  });
});

describe('migration guard settings', () => {
  test('off by default with the plan thresholds; parsed from the environment', () => {
    expect(loadPlmConfig({})).toMatchObject({
      autoRollback: false,
      autoRollbackErrorRate: 0.1,
      autoRollbackSustain: 900,
      autoRollbackP95Ms: 2_000,
      autoRollbackOnCriticalDiffs: true,
      autoRollbackToDisabled: false,
    });
    expect(
      loadPlmConfig({
        PLM_AUTO_ROLLBACK: 'true',
        PLM_AUTO_ROLLBACK_ERROR_RATE: '0.25',
        PLM_AUTO_ROLLBACK_SUSTAIN: '600',
        PLM_AUTO_ROLLBACK_P95_MS: '1500',
        PLM_AUTO_ROLLBACK_CRITICAL_DIFFS: 'false',
        PLM_AUTO_ROLLBACK_TO_DISABLED: '1',
      }),
    ).toMatchObject({
      autoRollback: true,
      autoRollbackErrorRate: 0.25,
      autoRollbackSustain: 600,
      autoRollbackP95Ms: 1_500,
      autoRollbackOnCriticalDiffs: false,
      autoRollbackToDisabled: true,
    });
  });

  test('bad values are listed together', () => {
    const error = problemsOf(() =>
      loadPlmConfig({
        PLM_AUTO_ROLLBACK: 'yes',
        PLM_AUTO_ROLLBACK_ERROR_RATE: '10%',
        PLM_AUTO_ROLLBACK_SUSTAIN: '5',
      }),
    );
    expect(error.problems.map((p) => p.variable)).toEqual([
      'PLM_AUTO_ROLLBACK',
      'PLM_AUTO_ROLLBACK_ERROR_RATE',
      'PLM_AUTO_ROLLBACK_SUSTAIN',
    ]);
  });
});
