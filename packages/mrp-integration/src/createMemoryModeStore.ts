import type { PlmModeRecord, PlmModeStore } from './PlmModeStore.js';

/**
 * A {@link PlmModeStore} in memory: integrations in one process that are given the same store share
 * their mode changes (tests, or several integrations in one host). Subscribers hear of a change
 * after `save` returns, as they would over a network.
 *
 * @example
 * ```ts
 * import { createMemoryModeStore, createPlmIntegration, loadPlmConfig, type MrpProductPort } from '@mrp-plm/mrp-integration';
 *
 * declare const mrpTables: MrpProductPort;
 * const modeStore = createMemoryModeStore();
 * const config = loadPlmConfig({ PLM_MODE: 'disabled' });
 * const a = createPlmIntegration({ config, mrp: mrpTables, modeStore });
 * const b = createPlmIntegration({ config, mrp: mrpTables, modeStore });
 * b.subscribe((event) => console.log(event.type)); // 'mode.changed' when a's change arrives
 * a.setMode('disabled', { by: 'ops@example.com', reason: 'drill' });
 * ```
 */
export function createMemoryModeStore(): PlmModeStore {
  let latest: PlmModeRecord | undefined;
  const listeners = new Set<(record: PlmModeRecord) => void>();
  return {
    load: () => Promise.resolve(latest),
    save(change) {
      const record: PlmModeRecord = Object.freeze({
        ...change,
        models: Object.freeze([...change.models]),
        version: (latest?.version ?? 0) + 1,
      });
      latest = record;
      queueMicrotask(() => {
        for (const listener of [...listeners]) listener(record);
      });
      return Promise.resolve(record.version);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      listeners.clear();
      return Promise.resolve();
    },
  };
}
