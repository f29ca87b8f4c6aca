import type { Invalidation } from '../CacheStore.js';
import type { RedisSubscriberLike } from '../RedisCacheStore.js';

interface WireMessage {
  /** Origin: the publishing instance, so it can ignore its own messages. */
  readonly o: string;
  readonly i: Invalidation;
}

/**
 * The pub/sub side of the Redis store, apart from storage: it owns the subscriber connection, the
 * (re)subscription and the message format, and hands every invalidation published by another
 * instance to `onRemote`. Publishing itself goes through the command connection (see `encode`),
 * because a connection in subscriber mode cannot publish.
 */
export class InvalidationChannel {
  /** Identifies this instance in published messages. */
  private readonly origin = Math.random().toString(36).slice(2) + Date.now().toString(36);
  private readonly subscribed: Promise<void> | undefined;
  private readonly onMessage = (channel: string, message: string): void => {
    if (channel !== this.channel) return;
    let parsed: WireMessage;
    try {
      parsed = JSON.parse(message) as WireMessage;
    } catch (error) {
      this.onError(error, 'message');
      return;
    }
    if (parsed.o !== this.origin) this.onRemote(parsed.i);
  };
  /** Without a listener, ioredis prints every connection error as "Unhandled error event". */
  private readonly onConnectionError = (error: unknown): void => {
    this.onError(error, 'subscriber');
  };

  constructor(
    readonly channel: string,
    private readonly subscriber: RedisSubscriberLike | undefined,
    private readonly ownsSubscriber: boolean,
    private readonly onRemote: (invalidation: Invalidation) => void,
    private readonly onError: (error: unknown, operation: string) => void,
  ) {
    if (subscriber) {
      subscriber.on('error', this.onConnectionError);
      subscriber.on('message', this.onMessage);
      this.subscribed = this.subscribe(subscriber);
    }
  }

  /** Resolves once the channel is subscribed (immediately without a subscriber). */
  ready(): Promise<void> {
    return Promise.resolve(this.subscribed);
  }

  /** The message to `PUBLISH` on {@link InvalidationChannel.channel} for `invalidation`. */
  encode(invalidation: Invalidation): string {
    const message: WireMessage = { o: this.origin, i: invalidation };
    return JSON.stringify(message);
  }

  /** Stops listening; quits the subscriber connection if this channel opened it. */
  async close(): Promise<void> {
    const subscriber = this.subscriber;
    if (!subscriber) return;
    subscriber.removeListener('message', this.onMessage);
    if (this.ownsSubscriber) {
      // Keep listening for errors while quitting; a connection we opened is ours to silence.
      await subscriber.quit?.().catch(() => subscriber.disconnect?.());
    }
    subscriber.removeListener('error', this.onConnectionError);
  }

  /**
   * Subscribes once the subscriber connection is ready (ioredis re-subscribes by itself after a
   * reconnect). Never rejects: failures are reported and retried on the next `ready`.
   */
  private subscribe(subscriber: RedisSubscriberLike): Promise<void> {
    const whenReady =
      subscriber.status === 'ready'
        ? Promise.resolve()
        : new Promise<void>((resolve) => subscriber.once('ready', resolve));
    return whenReady.then(() =>
      subscriber.subscribe(this.channel).then(
        () => undefined,
        (error: unknown) => {
          this.onError(error, 'subscribe');
          return new Promise<void>((resolve) => subscriber.once('ready', resolve)).then(() =>
            this.subscribe(subscriber),
          );
        },
      ),
    );
  }
}
