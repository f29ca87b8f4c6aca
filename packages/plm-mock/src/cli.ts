#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { startPlmMock } from './startPlmMock.js';

const HELP = `plm-mock — a PLM v1 server from deterministic fixtures, with fault injection

Usage: plm-mock [--port 4010] [--host 127.0.0.1] [--seed 1] [--models 50] [--drift 0.1]
                [--client-id mrp-app] [--client-secret mrp-secret] [--token-ttl 3600]
                [--webhook-url URL --webhook-secret SECRET]

Admin API (no auth; local development and tests only): GET <url>/__admin/stats, see the README.`;

function num(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) {
    process.stderr.write(`plm-mock: --${name} must be a non-negative number, got "${value}"\n`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        seed: { type: 'string' },
        models: { type: 'string' },
        drift: { type: 'string' },
        'client-id': { type: 'string' },
        'client-secret': { type: 'string' },
        'token-ttl': { type: 'string' },
        'webhook-url': { type: 'string' },
        'webhook-secret': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    process.stderr.write(
      `plm-mock: ${err instanceof Error ? err.message : String(err)}\n${HELP}\n`,
    );
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const clientId = values['client-id'] ?? 'mrp-app';
  const clientSecret = values['client-secret'] ?? 'mrp-secret';
  const webhookUrl = values['webhook-url'];
  const mock = await startPlmMock({
    port: num('port', values.port, 4010),
    host: values.host ?? '127.0.0.1',
    seed: num('seed', values.seed, 1),
    models: num('models', values.models, 50),
    drift: num('drift', values.drift, 0),
    clientId,
    clientSecret,
    tokenTtlSeconds: num('token-ttl', values['token-ttl'], 3600),
    ...(webhookUrl ? { webhook: { url: webhookUrl, secret: values['webhook-secret'] ?? '' } } : {}),
  });
  const u = mock.url;
  process.stdout.write(
    [
      `plm-mock listening on ${u}`,
      `  fixtures: seed ${mock.fixtures.seed}, ${mock.fixtures.models.length} models, ${mock.fixtures.drift.length} drifted on the MRP side`,
      `  dev credentials (local only): client_id=${clientId} client_secret=${clientSecret} scopes="plm.read plm.metrics.write"`,
      `  admin API (no auth): ${u}/__admin/stats`,
      '',
      'Try it:',
      `  TOKEN=$(curl -s -X POST ${u}/oauth/token -d grant_type=client_credentials -d client_id=${clientId} -d client_secret=${clientSecret} | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')`,
      `  curl -s -H "Authorization: Bearer $TOKEN" '${u}/plm/catalog?limit=2'`,
      '',
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`plm-mock: ${signal}, closing\n`);
    mock.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`plm-mock: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
