import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runDemo } from '../src/demo/runDemo.js';
import { startHostHarness, type HostHarness } from './support/hostHarness.js';

describe('npm run demo against a host and plm-mock on random ports', () => {
  let pair: HostHarness;
  beforeAll(async () => {
    // The host's integration runs on the test clock: the demo's waits advance it, so the
    // breaker's open period passes without anyone sleeping. One attempt per PLM call: no
    // retry backoff waits on the test clock either.
    pair = await startHostHarness(
      'sqlite',
      { PLM_MODE: 'shadow', MRP_SEED_MODELS: '20', MRP_SEED_DRIFT: '0.1' },
      { mockModels: 20 },
    );
  });
  afterAll(async () => {
    await pair?.close();
  });

  test('every step behaves as narrated, and the pair is left as it was found', async () => {
    const lines: string[] = [];
    const result = await runDemo({
      hostUrl: pair.server.url,
      mockUrl: pair.mock.url,
      print: (line) => lines.push(line),
      wait: (ms) => pair.clock.advance(ms),
    });
    const text = lines.join('\n');
    expect(result.ok, text).toBe(true);
    expect(result.steps.map((s) => s.ok)).toEqual([true, true, true, true, true, true, true]);
    expect(text).toMatch(/created: WO-\d{6} on M-\d{4} → data from MRP/);
    expect(text).toMatch(/created: WO-\d{6} on M-\d{4} → data from PLM rev /);
    expect(text).toMatch(/during the outage: WO-\d{6} .* fallback: plm-/);
    expect(text).toContain('circuit is now OPEN');
    expect(text).toMatch(/with the circuit open: WO-\d{6} .* fallback: circuit-open/);
    expect(text).toMatch(/served by PLM again; circuit closed/);
    expect(text).toMatch(/still reads as PLM data; replayed from its snapshot: equal/);
    expect(text).toContain('Restored PLM_MODE shadow.');
    // What the demo narrates is what happened at the mock and in the host.
    expect(pair.host.integration.mode).toBe('shadow');
    expect(pair.mock.faults.list()).toEqual([]);
    const stats = pair.host.integration.stats();
    expect(stats.fallbacks['circuit-open']).toBeGreaterThanOrEqual(1);
    expect(stats.circuit).toBe('closed');
  });

  test('a step that does not behave as narrated fails the demo', async () => {
    // Nothing listens on this port: the first step cannot reach the mock.
    const closed = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as { port: number }).port;
        s.close(() => resolve(port));
      });
    });
    const lines: string[] = [];
    const result = await runDemo({
      hostUrl: pair.server.url,
      mockUrl: `http://127.0.0.1:${closed}`,
      print: (line) => lines.push(line),
    });
    expect(result.ok).toBe(false);
    expect(result.steps[0]!.ok).toBe(false);
    expect(lines.join('\n')).toContain('cannot reach');
    expect(lines.join('\n')).toContain('Demo FAILED');
  });

  test('the CLI exits non-zero when a step fails and 2 on a bad argument', async () => {
    const run = (args: string[]) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', '--conditions=@mrp-plm/source', 'src/bin/demo.ts', ...args],
          { cwd: new URL('..', import.meta.url), stdio: ['ignore', 'pipe', 'pipe'] },
        );
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (out += d.toString()));
        child.on('close', (code) => resolve({ code, out }));
      });
    const bad = await run(['--host', 'ftp://x']);
    expect(bad.code, bad.out).toBe(2);
    // The mock's admin API answers on the host's port with 404: the first step fails.
    const failed = await run(['--host', pair.server.url, '--mock', pair.server.url]);
    expect(failed.code, failed.out).toBe(1);
    expect(failed.out).toContain('✘');
  }, 60_000);
});
