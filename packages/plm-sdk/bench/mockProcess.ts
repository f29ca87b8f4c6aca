/**
 * plm-mock in a process of its own, for the bench: the client and the server must not share an
 * event loop. In one process, the client's CPU work (its per-call code, the garbage and finalizers
 * it leaves) delays the server's timers and its responses, so the 2 ms of latency a fault adds is
 * inflated by the client's own cost and counted twice; real PLM runs elsewhere.
 *
 * The parent forks this file (`startMockProcess`); run as the child, it starts plm-mock and answers
 * the parent's messages over IPC.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Fault } from '@mrp-plm/plm-mock';

interface Ready {
  readonly kind: 'ready';
  readonly url: string;
  readonly modelId: string;
}
interface Done {
  readonly kind: 'done';
}
type FromChild = Ready | Done;
type ToChild = { readonly kind: 'faults'; readonly faults: readonly Fault[] } | { kind: 'close' };

/** The mock as the bench sees it from its own process. */
export interface MockProcess {
  readonly url: string;
  /** The first fixture model's id. */
  readonly modelId: string;
  /** Replaces the faults set on the mock (`mock.faults` in the child). */
  setFaults(faults: readonly Fault[]): Promise<void>;
  close(): Promise<void>;
}

function nextMessage(child: ChildProcess): Promise<FromChild> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`plm-mock process exited (${code})`));
    child.once('exit', onExit);
    child.once('message', (message) => {
      child.off('exit', onExit);
      resolve(message as FromChild);
    });
  });
}

/** Forks plm-mock (seed 1, 50 models, a free port on 127.0.0.1) and waits until it listens. */
export async function startMockProcess(): Promise<MockProcess> {
  // The child runs with the parent's flags: tsx's loader and the source condition.
  const child = fork(fileURLToPath(import.meta.url), ['--child'], { stdio: 'inherit' });
  const ready = await nextMessage(child);
  if (ready.kind !== 'ready') throw new Error('plm-mock process: unexpected first message');
  const send = async (message: ToChild): Promise<void> => {
    const answered = nextMessage(child);
    child.send(message);
    await answered;
  };
  return {
    url: ready.url,
    modelId: ready.modelId,
    setFaults: (faults) => send({ kind: 'faults', faults }),
    close: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ kind: 'close' });
      await exited;
    },
  };
}

async function serve(): Promise<void> {
  const { startPlmMock } = await import('@mrp-plm/plm-mock');
  const mock = await startPlmMock({ port: 0, seed: 1, models: 50 });
  const reply = (message: FromChild) => process.send!(message);
  process.on('message', (message: ToChild) => {
    if (message.kind === 'faults') {
      mock.faults.clear();
      if (message.faults.length > 0) mock.faults.set(message.faults);
      reply({ kind: 'done' });
    } else {
      void mock.close().then(() => process.disconnect());
    }
  });
  reply({ kind: 'ready', url: mock.url, modelId: mock.fixtures.models[0]!.id });
}

if (process.argv.includes('--child')) await serve();
