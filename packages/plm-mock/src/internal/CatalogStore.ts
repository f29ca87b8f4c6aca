import { createHash } from 'node:crypto';
import type { ModelConfig as PlmModelConfig, Trim as PlmTrim } from '@mrp-plm/contract';

/** The mutable set of models the mock serves, indexed for the handlers. */
export class CatalogStore {
  private models = new Map<string, PlmModelConfig>();
  private trims = new Map<string, { model: PlmModelConfig; trim: PlmTrim }>();
  private sorted: PlmModelConfig[] | undefined;
  /** Provider state "the catalog is unchanged since {etag}": every page answers with this ETag. */
  forcedEtag: string | undefined;

  constructor(initial: readonly PlmModelConfig[]) {
    this.load(initial);
  }

  load(models: readonly PlmModelConfig[]): void {
    this.models = new Map(models.map((m) => [m.id, m]));
    this.reindex();
    this.forcedEtag = undefined;
  }

  list(): readonly PlmModelConfig[] {
    this.sorted ??= [...this.models.values()].sort((a, b) =>
      a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
    );
    return this.sorted;
  }

  get(id: string): PlmModelConfig | undefined {
    return this.models.get(id);
  }

  trim(id: string): { model: PlmModelConfig; trim: PlmTrim } | undefined {
    return this.trims.get(id);
  }

  put(model: PlmModelConfig): void {
    this.models.set(model.id, model);
    this.reindex();
  }

  delete(id: string): boolean {
    const had = this.models.delete(id);
    if (had) this.reindex();
    return had;
  }

  /**
   * A catalog change: each model gets the next revision label and `updatedAt = now`, which changes
   * the ETag of every page listing it. Unknown ids are ignored; returns the ids changed.
   */
  bump(ids: readonly string[], nowMs: number): string[] {
    const changed: string[] = [];
    const at = new Date(nowMs).toISOString().replace('.000Z', 'Z');
    for (const id of ids) {
      const m = this.models.get(id);
      if (!m) continue;
      this.models.set(id, {
        ...m,
        revision: {
          ...m.revision,
          revision: nextRevision(m.revision.revision),
          lifecycleState: 'released',
          effectiveFrom: at,
          effectiveTo: null,
        },
        updatedAt: at,
      });
      changed.push(id);
    }
    if (changed.length > 0) this.reindex();
    this.forcedEtag = undefined;
    return changed;
  }

  private reindex(): void {
    this.sorted = undefined;
    this.trims = new Map();
    for (const model of this.models.values())
      for (const trim of model.trims) this.trims.set(trim.id, { model, trim });
  }
}

/** `A` → `B`, `Z` → `AA`, `AZ` → `BA`; anything else gets `.1` appended or incremented. */
export function nextRevision(label: string): string {
  if (/^[A-Z]+$/.test(label)) {
    const chars = label.split('');
    let i = chars.length - 1;
    while (i >= 0 && chars[i] === 'Z') chars[i--] = 'A';
    if (i < 0) return `A${chars.join('')}`;
    chars[i] = String.fromCharCode((chars[i] ?? 'A').charCodeAt(0) + 1);
    return chars.join('');
  }
  const m = /^(.*)\.(\d+)$/.exec(label);
  return m ? `${m[1]}.${Number(m[2]) + 1}` : `${label}.1`;
}

/** A strong ETag for a serialised representation. */
export function etagOf(json: string): string {
  return `"${createHash('sha256').update(json).digest('hex').slice(0, 20)}"`;
}
