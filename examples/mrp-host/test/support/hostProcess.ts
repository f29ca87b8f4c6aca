import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const hostDir = fileURLToPath(new URL('../..', import.meta.url));

/** A host running as its own Node process (`src/bin/serve.ts`), as deployments run it. */
export interface HostProcess {
  readonly url: string;
  readonly pid: number;
  /** Lines the process printed on stderr (kept for failure messages; bounded). */
  readonly stderr: readonly string[];
  /** SIGKILL: no drain, no goodbye — what a crash or an OOM kill does. */
  kill(): Promise<void>;
  /** SIGTERM: the graceful shutdown (drains, at most `timeoutMs`, then SIGKILL). */
  stop(timeoutMs?: number): Promise<void>;
}

/** A port free on 127.0.0.1 now (the host's log redacts URLs, so the parent picks the port). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Starts `src/bin/serve.ts` in a child Node process (tsx loader, workspace sources) with `env`
 * on `options.port` (default: a free one; give the same port to restart "the same" instance), and resolves once it logs that it listens.
 *
 * @throws when the process exits first, or does not listen within `startTimeoutMs`.
 */
export async function startHostProcess(
  env: Record<string, string>,
  options: { readonly startTimeoutMs?: number; readonly port?: number } = {},
): Promise<HostProcess> {
  const port = options.port ?? (await freePort());
  const child: ChildProcess = spawn(
    process.execPath,
    ['--conditions=@mrp-plm/source', '--import', 'tsx', 'src/bin/serve.ts'],
    {
      cwd: hostDir,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const stderr: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => {
    if (stderr.length < 200) stderr.push(line);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`host did not listen in time:\n${stderr.join('\n')}`));
    }, options.startTimeoutMs ?? 60_000);
    // Reading stdout to its end also keeps the pipe from filling up and blocking the host.
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.includes('mrp-host listening')) return;
      clearTimeout(timer);
      resolve(`http://127.0.0.1:${port}`);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`host exited (${code ?? signal}) before listening:\n${stderr.join('\n')}`));
    });
  });
  return {
    url,
    pid: child.pid!,
    stderr,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop(timeoutMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
