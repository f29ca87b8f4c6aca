/*
 * `npm start` (repo root): plm-mock on 127.0.0.1:4010 (seed 1, 50 models, 10 % drift) and the host
 * on 127.0.0.1:3000 with embedded SQLite (./var/mrp.sqlite, seeded on first start), PLM mode
 * `shadow`. Every setting can be overridden by its environment variable. Prints the URL, the demo
 * logins and curl lines that work as printed. Ctrl-C stops both gracefully.
 */
import { startPlmMock } from '@mrp-plm/plm-mock';
import { HostConfigError } from '../HostConfigError.js';
import { loadHostConfig, type HostConfig } from '../HostConfig.js';
import { createHost } from '../createHost.js';
import { DEMO_USERS } from '../services/DemoData.js';
import { closeOnSignals, startHostServer } from '../startHostServer.js';

const MOCK_PORT = Number(process.env['PLM_MOCK_PORT'] ?? 4010);
const env: Record<string, string | undefined> = {
  PORT: '3000',
  PLM_MODE: 'shadow',
  PLM_BASE_URL: `http://127.0.0.1:${MOCK_PORT}`,
  PLM_CLIENT_ID: 'mrp-app',
  PLM_CLIENT_SECRET: 'mrp-secret',
  ...process.env,
};

let config: HostConfig;
try {
  config = loadHostConfig(env);
} catch (error) {
  if (error instanceof HostConfigError) {
    process.stderr.write(`npm start: ${error.message}\n`);
    process.exit(2);
  }
  throw error;
}

/** A port in use is the one start-up problem a newcomer meets: say which setting moves it. */
const inUse = (error: unknown, port: number, variable: string): never => {
  if ((error as { code?: unknown }).code === 'EADDRINUSE') {
    process.stderr.write(`npm start: port ${port} is in use; set ${variable} to another port.\n`);
    process.exit(1);
  }
  throw error;
};
const mock = await startPlmMock({
  port: MOCK_PORT,
  seed: config.seed.seed,
  models: config.seed.models,
  drift: config.seed.drift,
}).catch((error: unknown) => inUse(error, MOCK_PORT, 'PLM_MOCK_PORT (and PLM_BASE_URL)'));
const host = await createHost({ config });
const server = await startHostServer(host).catch(async (error: unknown) => {
  await host.close();
  await mock.close();
  return inUse(error, config.port, 'PORT');
});
const url = server.url;
const demo = DEMO_USERS.map(
  (u) =>
    `    ${u.username.padEnd(5)} / ${u.password.padEnd(10)} ${u.role.padEnd(10)} ${u.departmentId}`,
).join('\n');
process.stdout.write(`
mrp-host is running: ${url}   (PLM mode: ${host.integration.mode}, database: ${config.database.engine}${config.database.engine === 'sqlite' ? ` ${config.database.path}` : ''})
plm-mock (the PLM side): ${mock.url}   (seed ${config.seed.seed}, ${config.seed.models} models, drift ${config.seed.drift})
${host.seeded ? 'First start: seeded the product tables from the mock fixtures, demo users and work orders.\n' : ''}
Demo logins (username / password, role, department):
${demo}

In a browser: ${url}/login   (sign in as olga, then sam, then ada)
  ${url}/work-orders        your department's work orders (admins: all), each with its data-source badge
  ${url}/work-orders/new    create one: trims and features as the product data allows, rules explained
  ${url}/admin              admins: PLM mode switch, circuit, fallbacks; ${url}/admin/audit for the audit log
Narrated tour (another terminal, while this runs): npm run demo${url === 'http://127.0.0.1:3000' && mock.url === 'http://127.0.0.1:4010' ? '' : ` -- --host ${url} --mock ${mock.url}`}

With curl:
  TOKEN=$(curl -s -X POST ${url}/api/login -H 'content-type: application/json' -d '{"username":"olga","password":"olga-demo"}' | sed -E 's/.*"token":"([^"]+)".*/\\1/')
  curl -s -H "Authorization: Bearer $TOKEN" '${url}/api/work-orders?pageSize=5'
  curl -s -X POST -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' ${url}/api/work-orders -d '{"modelId":"M-1002","trimId":"T-1002-1","quantity":2,"dueDate":"2027-01-31"}'
  curl -s -H "Authorization: Bearer $TOKEN" ${url}/api/work-orders/WO-000001/versions/1/replay
  curl -si -H "Authorization: Bearer $TOKEN" ${url}/api/products/models/M-1001 | grep -iE '^(deprecation|sunset|link):'
  ADMIN=$(curl -s -X POST ${url}/api/login -H 'content-type: application/json' -d '{"username":"ada","password":"ada-demo"}' | sed -E 's/.*"token":"([^"]+)".*/\\1/')
  curl -s -X POST -H "Authorization: Bearer $ADMIN" -H 'content-type: application/json' ${url}/api/admin/plm-mode -d '{"mode":"enabled","reason":"roll forward"}'
  curl -s -X POST ${mock.url}/__admin/faults -H 'content-type: application/json' -d '{"kind":"outage","durationMs":60000}'
  curl -s -H "Authorization: Bearer $ADMIN" ${url}/api/admin/plm
API reference: ${url}/api/openapi.json   Stop: Ctrl-C
`);

closeOnSignals(server, host.logger, () => mock.close());
