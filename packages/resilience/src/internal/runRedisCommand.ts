import type { Clock } from '../Clock.js';
import type { RedisClientLike } from '../RedisCacheStore.js';
import { ResilienceTimeoutError } from '../ResilienceTimeoutError.js';

/**
 * Sends one command, bounded by `timeoutMs`: a Redis that hangs must not hold up reads, since the
 * local layer can answer instead. Rejects with the client's error, or with a tagged
 * {@link ResilienceTimeoutError} (scope `attempt`) when the command is too slow. The timer is `unref`'d so a
 * pending command never keeps the process alive.
 */
export function runRedisCommand(
  client: RedisClientLike,
  clock: Pick<Clock, 'setTimeout' | 'clearTimeout'>,
  timeoutMs: number,
  command: string,
  args: readonly (string | number)[],
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = clock.setTimeout(() => {
      reject(new ResilienceTimeoutError('attempt', timeoutMs, { cause: `Redis ${command}` }));
    }, timeoutMs);
    (timer as { unref?: () => void } | undefined)?.unref?.();
    client.call(command, ...args).then(
      (value) => {
        clock.clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clock.clearTimeout(timer);
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- pass-through
        reject(error);
      },
    );
  });
}
