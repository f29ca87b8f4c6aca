import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Fault } from '@mrp-plm/plm-mock';
import { freePort, stopChild } from './hostProcess.js';

/** plm-mock's CLI (`plm-mock`) running in its own Node process, driven over its admin API. */
export interface MockProcess {
  readonly url: string;
  readonly pid: number;
  /** Replaces the faults (`POST /__admin/faults` after `DELETE`). */
  setFaults(faults: readonly Fault[]): Promise<void>;
  /** `DELETE /__admin/faults`. */
  clearFaults(): Promise<void>;
  /** SIGTERM, then SIGKILL after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>;
}

const mockCli = join(
  dirname(createRequire(import.meta.url).resolve('@mrp-plm/plm-mock/package.json')),
  'src/cli.ts',
);

/**
 * Starts plm-mock's CLI from its workspace sources in a child process (so its work does not
 * share an event loop with whoever measures through it) and resolves once it listens.
 *
 * @throws when it exits first or does not listen within `startTimeoutMs`.
 */
export async function startMockProcess(
  options: {
    readonly seed?: number;
    readonly models?: number;
    readonly startTimeoutMs?: number;
  } = {},
): Promise<MockProcess> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      '--conditions=@mrp-plm/source',
      '--import',
      'tsx',
      mockCli,
      '--port',
      String(port),
      '--seed',
      String(options.seed ?? 1),
      '--models',
      String(options.models ?? 50),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const stderr: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => {
    if (stderr.length < 200) stderr.push(line);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`plm-mock did not listen in time:\n${stderr.join('\n')}`));
    }, options.startTimeoutMs ?? 60_000);
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      if (line.startsWith('plm-mock listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`plm-mock exited before listening:\n${stderr.join('\n')}`));
    });
  });
  const admin = async (method: string, body?: unknown) => {
    const res = await fetch(`${url}/__admin/faults`, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok)
      throw new Error(`plm-mock ${method} /__admin/faults: ${res.status} ${await res.text()}`);
    await res.arrayBuffer().catch(() => undefined);
  };
  return {
    url,
    pid: child.pid!,
    clearFaults: () => admin('DELETE'),
    async setFaults(faults) {
      await admin('DELETE');
      if (faults.length > 0) await admin('POST', faults);
    },
    stop: (timeoutMs = 10_000) => stopChild(child, exited, timeoutMs),
  };
}
