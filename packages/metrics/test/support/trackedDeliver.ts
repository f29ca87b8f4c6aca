import type { DeliverFunction } from '../../src/DeliverFunction.js';

/** Lets pending promise callbacks and I/O callbacks run (`setImmediate` turns, no timers). */
const ioTurns = async (turns = 20): Promise<void> => {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

/** Wraps a deliver function so a test can wait until no delivery is running. */
export const trackedDeliver = <E>(inner: DeliverFunction<E>) => {
  const active = new Set<Promise<unknown>>();
  const deliver: DeliverFunction<E> = (batch, options) => {
    const call = inner(batch, options);
    active.add(call);
    void call.then(
      () => active.delete(call),
      () => active.delete(call),
    );
    return call;
  };
  /** Waits (on real I/O, never on timers) until every started delivery has settled. */
  const quiesce = async (): Promise<void> => {
    for (let i = 0; i < 1000; i++) {
      await ioTurns();
      if (active.size === 0) return;
      await Promise.allSettled([...active]);
    }
    throw new Error('deliveries did not settle');
  };
  return { deliver, quiesce };
};
