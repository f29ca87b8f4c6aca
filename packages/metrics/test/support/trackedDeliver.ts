import type { DeliverFunction } from '../../src/DeliverFunction.js';
import { settle } from './ManualClock.js';

/** Wraps a deliver function so a test can wait until no delivery is running. */
export const trackedDeliver = (inner: DeliverFunction) => {
  const active = new Set<Promise<unknown>>();
  const deliver: DeliverFunction = (batch, options) => {
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
      await settle();
      if (active.size === 0) return;
      await Promise.allSettled([...active]);
    }
    throw new Error('deliveries did not settle');
  };
  return { deliver, quiesce };
};
