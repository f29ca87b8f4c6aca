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
  /** The host's error and fatal log lines (bounded). */
  readonly errorLogs: readonly string[];
  /**
   * Asks the preloaded probe for its reading (see {@link askOverIpc}; at most `timeoutMs`). Only
   * with `ipc: true`, for a preloaded probe (the host itself has no IPC).
   */
  ask(timeoutMs?: number): Promise<unknown>;
  /** SIGKILL: no drain, no goodbye — what a crash or an OOM kill does. */
  kill(): Promise<void>;
  /** SIGTERM: the graceful shutdown (drains, at most `timeoutMs`, then SIGKILL). */
  stop(timeoutMs?: number): Promise<void>;
}

/**
 * The environment of a host seeded like a plm-mock of `models` models (seed 1, no drift) and
 * connected to it with the mock's demo client, in `mode` with MRP fallback on.
 */
export function hostEnvForMock(
  mockUrl: string,
  models: number,
  mode: 'disabled' | 'shadow' | 'enabled',
): Record<string, string> {
  return {
    MRP_SEED: '1',
    MRP_SEED_MODELS: String(models),
    MRP_SEED_DRIFT: '0',
    PLM_MODE: mode,
    PLM_BASE_URL: mockUrl,
    PLM_CLIENT_ID: 'mrp-app',
    PLM_CLIENT_SECRET: 'mrp-secret',
    PLM_FALLBACK_ENABLED: 'true',
  };
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
 * The runner's environment without the host's own settings. CI exports `DATABASE_URL` (for the
 * tests that want PostgreSQL); a child that inherited it would silently run on the shared `test`
 * database instead of the SQLite file its caller named. Such settings reach a child only through
 * `env`.
 */
export function inheritedEnv(source: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const hostSettings = /^(DATABASE_URL$|MRP_|PLM_|PORT$|HOST$|LOG_LEVEL$)/;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    if (value !== undefined && !hostSettings.test(key)) out[key] = value;
  }
  return out;
}

/**
 * Starts `src/bin/serve.ts` in a child Node process (tsx loader, workspace sources) with `env`
 * on `options.port` (default: a free one; give the same port to restart "the same" instance), and resolves once its `/healthz` answers.
 *
 * @throws when the process exits first, or does not listen within `startTimeoutMs`.
 */
export async function startHostProcess(
  env: Record<string, string>,
  options: {
    readonly startTimeoutMs?: number;
    readonly port?: number;
    /** Node options before the script, e.g. `['--cpu-prof', '--import', probe]`. @default [] */
    readonly nodeArgs?: readonly string[];
    /** Open an IPC channel (for {@link HostProcess.ask}). @default false */
    readonly ipc?: boolean;
  } = {},
): Promise<HostProcess> {
  const port = options.port ?? (await freePort());
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--conditions=@mrp-plm/source',
      '--import',
      'tsx',
      ...(options.nodeArgs ?? []),
      'src/bin/serve.ts',
    ],
    {
      cwd: hostDir,
      env: {
        ...inheritedEnv(),
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        ...env,
      },
      stdio: options.ipc === true ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
    },
  );
  const stderr: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => {
    if (stderr.length < 200) stderr.push(line);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Read to its end (a full stdout pipe would block the host); error log lines are kept.
  const errorLines: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (errorLines.length < 200 && /"level":(50|60)/.test(line)) errorLines.push(line);
  });
  const url = `http://127.0.0.1:${port}`;
  let exitedEarly: string | undefined;
  child.once('exit', (code, signal) => (exitedEarly = String(code ?? signal)));
  // Ready when /healthz answers (any log level); polled every 100 ms, bounded by the timeout.
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  for (;;) {
    if (exitedEarly !== undefined) {
      throw new Error(`host exited (${exitedEarly}) before listening:\n${stderr.join('\n')}`);
    }
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`host did not listen in time:\n${stderr.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    pid: child.pid!,
    stderr,
    errorLogs: errorLines,
    ask: (timeoutMs) => askOverIpc(child, timeoutMs),
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    stop: (timeoutMs = 15_000) => stopChild(child, exited, timeoutMs),
  };
}

/** SIGTERM, then SIGKILL after `timeoutMs`; resolves once `child` has exited (`exited`). */
export async function stopChild(
  child: ChildProcess,
  exited: Promise<void>,
  timeoutMs: number,
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}

let nextQuestion = 0;

/**
 * Asks a child with a preloaded probe over its IPC channel: sends `{ probe: id }` and resolves with
 * the `reading` of the reply that names the same id (bounded by `timeoutMs`). Any other message
 * (the probe's `'ready'`, a late reply to an earlier question) is skipped, so an answer is never
 * one question behind.
 */
export function askOverIpc(child: ChildProcess, timeoutMs = 10_000): Promise<unknown> {
  if (!child.connected) return Promise.reject(new Error('no IPC channel (start with ipc: true)'));
  const id = ++nextQuestion;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('message', onMessage);
      reject(new Error(`no answer over IPC within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (answer: unknown) => {
      if ((answer as { replyTo?: unknown } | null)?.replyTo !== id) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve((answer as { reading: unknown }).reading);
    };
    child.on('message', onMessage);
    child.send({ probe: id });
  });
}
