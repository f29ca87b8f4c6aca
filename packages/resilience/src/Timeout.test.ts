import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Effect } from 'effect';
import { describe, expect, it } from 'vitest';
import { advance, deferred, flush, newClock } from '../test/helpers.js';
import { AbortedError } from './AbortedError.js';
import { createTimeout, timeoutEffect } from './Timeout.js';
import { ResilienceTimeoutError } from './ResilienceTimeoutError.js';

describe('createTimeout', () => {
  it('rejects with ResilienceTimeoutError and aborts the signal when the time is up', async () => {
    const clock = newClock();
    const timeout = createTimeout({ clock, timeoutMs: 500 });
    let seen: AbortSignal | undefined;
    const result = timeout
      .execute((signal) => {
        seen = signal;
        return new Promise(() => undefined);
      })
      .catch((e: unknown) => e);
    clock.advanceSync(499);
    expect(seen!.aborted).toBe(false);
    clock.advanceSync(1);
    const error = await result;
    expect(error).toBeInstanceOf(ResilienceTimeoutError);
    expect(error).toMatchObject({
      _tag: 'ResilienceTimeoutError',
      scope: 'attempt',
      timeoutMs: 500,
    });
    expect(seen!.reason).toBe(error);
  });

  it('passes results and errors through before the limit', async () => {
    const timeout = createTimeout({ clock: newClock(), timeoutMs: 500 });
    await expect(timeout.execute(() => 'done')).resolves.toBe('done');
    await expect(timeout.execute(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  });

  it("follows the caller's signal", async () => {
    const timeout = createTimeout({ clock: newClock(), timeoutMs: 500 });
    const controller = new AbortController();
    let seen: AbortSignal | undefined;
    const result = timeout
      .execute((signal) => ((seen = signal), new Promise(() => undefined)), {
        signal: controller.signal,
      })
      .catch((e: unknown) => e);
    controller.abort();
    expect(await result).toBeInstanceOf(AbortedError);
    expect(seen!.aborted).toBe(true);
  });

  it('really cancels the HTTP request on the wire', async () => {
    const closed = deferred<void>();
    const arrived = deferred<void>();
    const server = createServer((req: IncomingMessage) => {
      arrived.resolve();
      req.socket.on('close', () => closed.resolve());
      // Never answers.
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const clock = newClock();
      const timeout = createTimeout({ clock, timeoutMs: 2_000 });
      const result = timeout
        .execute((signal) => fetch(`http://127.0.0.1:${port}/slow`, { signal }))
        .catch((e: unknown) => e);
      await arrived.promise;
      await advance(clock, 2_000);
      expect(await result).toBeInstanceOf(ResilienceTimeoutError);
      await closed.promise; // the server saw the connection go away
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('timeoutEffect (Effect API)', () => {
  it('fails with ResilienceTimeoutError and interrupts the effect on the injected clock', async () => {
    const clock = newClock();
    let aborted = false;
    const slow = Effect.tryPromise({
      try: (signal) =>
        new Promise<string>((_, reject) => {
          signal.addEventListener('abort', () => {
            aborted = true;
            reject(new Error('aborted'));
          });
        }),
      catch: (e) => e,
    });
    const result = Effect.runPromise(Effect.flip(timeoutEffect(slow, 300, { clock })));
    await flush();
    clock.advanceSync(300);
    const error = await result;
    expect(error).toBeInstanceOf(ResilienceTimeoutError);
    expect(aborted).toBe(true);
  });
});
