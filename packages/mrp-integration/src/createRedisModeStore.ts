import {
  createTimeout,
  systemClock,
  type Clock,
  type RedisClientLike,
  type RedisSubscriberLike,
} from './internal/policy.js';
import { plmModeRecordSchema, type PlmModeRecord, type PlmModeStore } from './PlmModeStore.js';
import { PlmModeStoreError } from './PlmModeStoreError.js';

/** Options of {@link createRedisModeStore}. */
export interface RedisModeStoreOptions {
  /** Connection for commands (an ioredis `Redis`; create it with `enableOfflineQueue: false`). */
  readonly client: RedisClientLike;
  /**
   * Connection for the change channel (pub/sub needs its own connection).
   * @default client.duplicate(), closed by `close()`
   */
  readonly subscriber?: RedisSubscriberLike | undefined;
  /**
   * Prefix of the keys (`<namespace>:version`, `<namespace>:state`) and of the channel
   * (`<namespace>:changed`); instances that share a mode use the same namespace.
   * @default 'mrp-plm-mode'
   */
  readonly namespace?: string | undefined;
  /** A command slower than this rejects (`load` and `save`). @default 1000 */
  readonly commandTimeoutMs?: number | undefined;
  /**
   * Called with what the store absorbed: a record on the channel that is not one (`message`),
   * an error of the subscriber connection (`subscriber`).
   * @default undefined (absorbed silently)
   */
  readonly onError?: ((error: unknown, operation: string) => void) | undefined;
  /** Time source of the command timeout. @default systemClock */
  readonly clock?: Clock | undefined;
}

/*
 * One atomic step: the next version, the stored record and the message all carry it, so the key
 * always holds the latest change even when two instances save at once.
 */
const SAVE_SCRIPT = `local v = redis.call('INCR', KEYS[1])
local record = v .. '\\n' .. ARGV[1]
redis.call('SET', KEYS[2], record)
redis.call('PUBLISH', ARGV[2], record)
return v`;

function decode(text: string): PlmModeRecord {
  const newline = text.indexOf('\n');
  const version = Number(text.slice(0, newline));
  return plmModeRecordSchema.parse({ ...(JSON.parse(text.slice(newline + 1)) as object), version });
}

/**
 * A {@link PlmModeStore} in Redis: the latest change under a key (read at start-up), and every
 * change published on a channel, so a `setMode` on one instance reaches all of them.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { createRedisModeStore } from '@mrp-plm/mrp-integration';
 *
 * const client = new Redis('redis://127.0.0.1:6379', { enableOfflineQueue: false });
 * const modeStore = createRedisModeStore({ client, namespace: 'mrp:plm-mode' });
 * // createPlmIntegration({ config, mrp, modeStore }) on every instance
 * ```
 */
export function createRedisModeStore(options: RedisModeStoreOptions): PlmModeStore {
  const { client } = options;
  const namespace = options.namespace ?? 'mrp-plm-mode';
  const versionKey = `${namespace}:version`;
  const stateKey = `${namespace}:state`;
  const channel = `${namespace}:changed`;
  const timeout = createTimeout({
    timeoutMs: options.commandTimeoutMs ?? 1_000,
    clock: options.clock ?? systemClock,
  });
  const ownsSubscriber = options.subscriber === undefined;
  const subscriber = options.subscriber ?? client.duplicate?.();
  if (subscriber === undefined) {
    throw new TypeError('createRedisModeStore needs a subscriber connection (or client.duplicate)');
  }
  const listeners = new Set<(record: PlmModeRecord) => void>();

  /** The command connection is ready (a client made with `enableOfflineQueue: false` refuses before). */
  const clientReady = (): Promise<void> =>
    client.status === 'ready' || client.on === undefined
      ? Promise.resolve()
      : new Promise((resolve) => {
          const onReady = (): void => {
            client.removeListener?.('ready', onReady);
            resolve();
          };
          client.on!('ready', onReady);
        });

  /** One command, waiting for the connection, bounded by `commandTimeoutMs` as a whole. */
  const command = (name: string, ...args: (string | number)[]): Promise<unknown> =>
    timeout.execute(() => clientReady().then(() => client.call(name, ...args)));

  const onMessage = (from: string, message: string): void => {
    if (from !== channel) return;
    let record: PlmModeRecord;
    try {
      record = decode(message);
    } catch (error) {
      options.onError?.(new PlmModeStoreError('message', error), 'message');
      return;
    }
    for (const listener of [...listeners]) listener(record);
  };
  const onSubscriberError = (error: unknown): void => options.onError?.(error, 'subscriber');
  subscriber.on('message', onMessage);
  subscriber.on('error', onSubscriberError);
  const nextReady = (): Promise<void> =>
    new Promise<void>((resolve) => subscriber.once('ready', resolve));
  /** Subscribes once the connection is ready (ioredis re-subscribes after a reconnect by itself). */
  const subscribe = (): Promise<void> =>
    (subscriber.status === 'ready' ? Promise.resolve() : nextReady()).then(() =>
      subscriber.subscribe(channel).then(
        () => undefined,
        (error: unknown) => {
          options.onError?.(error, 'subscribe');
          return nextReady().then(subscribe);
        },
      ),
    );
  const subscribed = subscribe();

  return {
    async load() {
      try {
        // Subscribed first, so no change saved after the read below is missed.
        await timeout.execute(() => subscribed);
        const raw = await command('GET', stateKey);
        return typeof raw === 'string' ? decode(raw) : undefined;
      } catch (error) {
        throw new PlmModeStoreError('load', error);
      }
    },
    async save(change) {
      const { origin, mode, models, by, reason, at } = change;
      const json = JSON.stringify({ mode, models, by, reason, at, origin });
      try {
        return Number(await command('EVAL', SAVE_SCRIPT, 2, versionKey, stateKey, json, channel));
      } catch (error) {
        throw new PlmModeStoreError('save', error);
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      subscriber.removeListener('message', onMessage);
      subscriber.removeListener('error', onSubscriberError);
      if (ownsSubscriber) {
        if (subscriber.quit !== undefined) await subscriber.quit().catch(() => undefined);
        else subscriber.disconnect?.();
      }
    },
  };
}
