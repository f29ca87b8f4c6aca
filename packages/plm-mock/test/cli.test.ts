import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateResponse } from '../src/index.js';

const pkgDir = fileURLToPath(new URL('..', import.meta.url));
const hasCurl = await promisify(execFile)('curl', ['--version']).then(
  () => true,
  () => false,
);
if (!hasCurl) console.warn('cli.test: curl not found, skipping the printed-curl check');

let child: ChildProcess;
let output = '';
let url = '';

beforeAll(async () => {
  // Run the CLI from source (no build needed), exactly as `plm-mock` would run it.
  child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--conditions=@mrp-plm/source',
      'src/cli.ts',
      '--port',
      '0',
      '--seed',
      '3',
      '--models',
      '20',
      '--drift',
      '0.1',
    ],
    { cwd: pkgDir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`CLI did not start:\n${output}`)), 20_000);
    child.stdout?.on('data', (c: Buffer) => {
      output += c.toString();
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (m?.[1] && output.includes('Press Ctrl+C')) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`CLI exited with ${code}:\n${output}`)));
  });
});

afterAll(async () => {
  if (child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
});

describe('plm-mock CLI', () => {
  it('prints the URL, the dev credentials and a curl example', () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(output).toContain('client_id=mrp-app client_secret=mrp-secret');
    expect(output).toContain('20 models, 2 drifted');
    expect(output).toMatch(/TOKEN=\$\(curl/);
  });

  it('serves the contract', async () => {
    const tokenRes = await fetch(`${url}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'mrp-app',
        client_secret: 'mrp-secret',
      }),
    });
    const { access_token } = (await tokenRes.json()) as { access_token: string };
    const res = await fetch(`${url}/plm/catalog?limit=3`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    const body: unknown = await res.json();
    expect(
      validateResponse('getCatalog', res.status, body, Object.fromEntries(res.headers)),
    ).toEqual([]);
    expect((body as { totalCount: number }).totalCount).toBe(20);
  });

  it.skipIf(!hasCurl)('the printed curl snippet works', async () => {
    const snippet = output
      .split('\n')
      .filter((l) => /^\s+(TOKEN=|curl )/.test(l))
      .map((l) => l.trim())
      .join('\n');
    expect(snippet.split('\n')).toHaveLength(2);
    const { stdout } = await promisify(execFile)('sh', ['-c', snippet]);
    const body = JSON.parse(stdout) as { items: unknown[] };
    expect(body.items).toHaveLength(2);
  });

  it('closes on SIGTERM', async () => {
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await expect(fetch(`${url}/plm/catalog`)).rejects.toThrow();
  });
});
