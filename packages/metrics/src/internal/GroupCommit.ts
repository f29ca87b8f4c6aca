interface Waiter<T> {
  readonly item: T;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit: items submitted while a commit is running (or within the same event-loop turn)
 * are written together by the next commit, so N concurrent callers share one fsync.
 */
export class GroupCommit<T> {
  #queue: Waiter<T>[] = [];
  #running = false;
  #scheduled = false;
  #idle: (() => void)[] = [];
  readonly #commit: (items: readonly T[]) => Promise<void>;
  readonly #maxGroup: number;

  constructor(commit: (items: readonly T[]) => Promise<void>, maxGroup: number) {
    this.#commit = commit;
    this.#maxGroup = maxGroup;
  }

  /** Items waiting for a commit (not yet durable). */
  get queued(): number {
    return this.#queue.length;
  }

  /** Resolves once `item` is committed. */
  submit(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      this.#schedule();
    });
  }

  /** Resolves when nothing is queued or committing. */
  flushed(): Promise<void> {
    if (!this.#running && this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #schedule(): void {
    if (this.#running || this.#scheduled) return;
    this.#scheduled = true;
    // setImmediate (not a clock timer): gathers the callers of this event-loop turn, no delay.
    setImmediate(() => {
      this.#scheduled = false;
      void this.#run();
    });
  }

  async #run(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    while (this.#queue.length > 0) {
      const group = this.#queue.splice(0, this.#maxGroup);
      try {
        await this.#commit(group.map((w) => w.item));
        for (const w of group) w.resolve();
      } catch (error) {
        for (const w of group) w.reject(error);
      }
    }
    this.#running = false;
    for (const resolve of this.#idle.splice(0)) resolve();
  }
}
