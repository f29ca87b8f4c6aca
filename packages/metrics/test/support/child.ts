import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const tsx = fileURLToPath(new URL('../../../../node_modules/.bin/tsx', import.meta.url));
const script = fileURLToPath(new URL('../fixtures/worker.ts', import.meta.url));

/** A running worker child with its output lines. */
export interface Child {
  readonly process: ChildProcessWithoutNullStreams;
  readonly lines: string[];
  /** Resolves with the exit code (or signal name). */
  readonly exited: Promise<number | string>;
  /** Resolves when a line matching `predicate` has appeared (or rejects if the child exits first). */
  waitFor(predicate: (lines: readonly string[]) => boolean): Promise<void>;
  stderr(): string;
  /** Sends `signal` to the worker's whole process group (tsx and the node process it runs). */
  kill(signal: NodeJS.Signals): void;
}

export const spawnWorker = (env: Record<string, string>): Child => {
  const child = spawn(tsx, ['--conditions=@mrp-plm/source', script], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
    // tsx runs the script in a child of its own: kill the whole process group, not just tsx.
    detached: true,
  });
  const lines: string[] = [];
  let err = '';
  const waiters = new Set<() => void>();
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    for (const w of waiters) w();
  });
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.on('close', (code, signal) => {
      resolve(code ?? signal ?? 'unknown');
      for (const w of waiters) w();
    }),
  );
  let done = false;
  void exited.then(() => (done = true));
  return {
    process: child,
    lines,
    exited,
    stderr: () => err,
    kill: (signal) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // Already gone.
      }
    },
    waitFor: (predicate) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (predicate(lines)) {
            waiters.delete(check);
            resolve();
          } else if (done || child.exitCode !== null || child.signalCode !== null) {
            waiters.delete(check);
            reject(
              new Error(
                `worker exited (${child.exitCode ?? child.signalCode}) before the condition after ${lines.length} lines (last: ${lines.at(-1)}); stderr:\n${err.slice(-2000)}`,
              ),
            );
          }
        };
        waiters.add(check);
        check();
      }),
  };
};
