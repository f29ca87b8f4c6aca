import type { Clock } from '../Clock.js';

/**
 * The one timer of a breaker: fires when the open period ends so the open → half-open change is
 * published on time. Kept apart from the breaker because its rules are about the process, not the
 * circuit: only a clock with `setTimeout` gets one (otherwise state advances on the next call), at
 * most one is pending, and it is `unref`'d so a breaker never keeps the process alive.
 */
export class OpenTimer {
  private handle: unknown = undefined;

  constructor(
    private readonly clock: Pick<Clock, 'now'> &
      Partial<Pick<Clock, 'setTimeout' | 'clearTimeout'>>,
    private readonly onDue: () => void,
  ) {}

  /** (Re)arms the timer to fire at clock time `at`. */
  arm(at: number): void {
    this.disarm();
    const { setTimeout } = this.clock;
    if (!setTimeout) return;
    const handle = setTimeout.call(
      this.clock,
      () => {
        this.handle = undefined;
        this.onDue();
      },
      Math.max(0, at - this.clock.now()),
    );
    (handle as { unref?: () => void } | undefined)?.unref?.();
    this.handle = handle;
  }

  disarm(): void {
    if (this.handle === undefined) return;
    this.clock.clearTimeout?.call(this.clock, this.handle);
    this.handle = undefined;
  }
}
