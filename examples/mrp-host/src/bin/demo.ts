/*
 * `npm run demo`: the narrated tour against the pair `npm start` runs. Exits 0 when every step
 * behaved as narrated, 1 otherwise, 2 on a bad argument.
 *
 *   npm run demo [-- --host http://127.0.0.1:3000 --mock http://127.0.0.1:4010]
 *
 * MRP_HOST_URL and PLM_MOCK_URL work too.
 */
import { parseArgs } from 'node:util';
import { runDemo } from '../demo/runDemo.js';

let values: { host?: string | undefined; mock?: string | undefined };
try {
  ({ values } = parseArgs({
    options: { host: { type: 'string' }, mock: { type: 'string' } },
    strict: true,
  }));
} catch (error) {
  process.stderr.write(
    `demo: ${(error as Error).message}\nusage: npm run demo -- [--host URL] [--mock URL]\n`,
  );
  process.exit(2);
}
const hostUrl = values.host ?? process.env['MRP_HOST_URL'] ?? 'http://127.0.0.1:3000';
const mockUrl = values.mock ?? process.env['PLM_MOCK_URL'] ?? 'http://127.0.0.1:4010';
for (const [name, url] of [
  ['--host', hostUrl],
  ['--mock', mockUrl],
] as const) {
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    process.stderr.write(`demo: ${name} must be an http(s) URL\n`);
    process.exit(2);
  }
}
const result = await runDemo({ hostUrl, mockUrl });
process.exit(result.ok ? 0 : 1);
