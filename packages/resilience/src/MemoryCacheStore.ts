import type { CacheEntry, CacheStore, Invalidation } from './CacheStore.js';

/** Options of {@link createMemoryCacheStore}. */
export interface MemoryCacheStoreOptions {
  /**
   * Most entries kept; the least recently used is evicted first.
   * @default 1000
   */
  readonly maxEntries?: number;
  /**
   * Most approximate bytes kept (sum of entry sizes); least recently used evicted first.
   * @default Infinity
   */
  readonly maxBytes?: number;
  /**
   * Called with each key evicted to respect the bounds.
   * @default undefined
   */
  readonly onEvict?: (key: string) => void;
}

interface Node<V> {
  key: string;
  entry: CacheEntry<V>;
  prev: Node<V> | undefined;
  next: Node<V> | undefined;
}

/** The in-memory store: LRU by entries and approximate bytes, with a tag index. */
export interface MemoryCacheStore<V> extends CacheStore<V> {
  get(key: string): CacheEntry<V> | undefined;
  set(key: string, entry: CacheEntry<V>): void;
  invalidate(invalidation: Invalidation): readonly string[];
  /** Number of entries. */
  readonly size: number;
  /** Sum of entry sizes, in approximate bytes. */
  readonly bytes: number;
  /** Keys from most to least recently used. */
  keys(): string[];
}

class LruStore<V> implements MemoryCacheStore<V> {
  private readonly map = new Map<string, Node<V>>();
  private readonly tags = new Map<string, Set<string>>();
  /** Most recently used. */
  private head: Node<V> | undefined;
  /** Least recently used. */
  private tail: Node<V> | undefined;
  bytes = 0;
  private readonly maxEntries: number;
  private readonly maxBytes: number;

  constructor(private readonly options: MemoryCacheStoreOptions) {
    this.maxEntries = options.maxEntries ?? 1000;
    this.maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
  }

  get size(): number {
    return this.map.size;
  }

  get(key: string): CacheEntry<V> | undefined {
    const node = this.map.get(key);
    if (node === undefined) return undefined;
    if (node !== this.head) {
      this.unlink(node);
      this.pushHead(node);
    }
    return node.entry;
  }

  set(key: string, entry: CacheEntry<V>): void {
    const existing = this.map.get(key);
    if (existing) this.remove(existing);
    const node: Node<V> = { key, entry, prev: undefined, next: undefined };
    this.map.set(key, node);
    this.pushHead(node);
    this.bytes += entry.size;
    for (const tag of entry.tags) {
      let keys = this.tags.get(tag);
      if (!keys) this.tags.set(tag, (keys = new Set()));
      keys.add(key);
    }
    while (this.tail && (this.map.size > this.maxEntries || this.bytes > this.maxBytes)) {
      const evicted = this.tail;
      this.remove(evicted);
      this.options.onEvict?.(evicted.key);
    }
  }

  invalidate(invalidation: Invalidation): readonly string[] {
    const removed: string[] = [];
    const drop = (key: string): void => {
      const node = this.map.get(key);
      if (!node) return;
      this.remove(node);
      removed.push(key);
    };
    switch (invalidation.kind) {
      case 'key':
        drop(invalidation.value);
        break;
      case 'prefix':
        for (const key of [...this.map.keys()]) if (key.startsWith(invalidation.value)) drop(key);
        break;
      case 'tag':
        for (const key of [...(this.tags.get(invalidation.value) ?? [])]) drop(key);
        break;
      case 'all':
        for (const key of [...this.map.keys()]) drop(key);
        break;
    }
    return removed;
  }

  keys(): string[] {
    const keys: string[] = [];
    for (let node = this.head; node; node = node.next) keys.push(node.key);
    return keys;
  }

  private remove(node: Node<V>): void {
    this.unlink(node);
    this.map.delete(node.key);
    this.bytes -= node.entry.size;
    for (const tag of node.entry.tags) {
      const keys = this.tags.get(tag);
      keys?.delete(node.key);
      if (keys?.size === 0) this.tags.delete(tag);
    }
  }

  private unlink(node: Node<V>): void {
    if (node.prev) node.prev.next = node.next;
    else this.head = node.next;
    if (node.next) node.next.prev = node.prev;
    else this.tail = node.prev;
    node.prev = node.next = undefined;
  }

  private pushHead(node: Node<V>): void {
    node.next = this.head;
    if (this.head) this.head.prev = node;
    this.head = node;
    this.tail ??= node;
  }
}

/**
 * Creates the default in-memory store: LRU bounded by entries and approximate bytes, with a tag
 * index for invalidation by tag. Reads answer synchronously.
 *
 * @example
 * ```ts
 * import { createCache, createMemoryCacheStore } from '@mrp-plm/resilience';
 *
 * const cache = createCache({ store: createMemoryCacheStore({ maxEntries: 5_000, maxBytes: 50e6 }) });
 * ```
 */
export function createMemoryCacheStore<V>(
  options: MemoryCacheStoreOptions = {},
): MemoryCacheStore<V> {
  return new LruStore<V>(options);
}
