import type { DriftKind, DriftRecord } from '../DriftRecord.js';
import type { MrpAvailability, MrpBomLineRow, MrpModelRow } from '@mrp-plm/adapter';
import type { Prng } from './Prng.js';

type DeepMutable<T> = T extends readonly (infer U)[]
  ? DeepMutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: DeepMutable<T[K]> }
    : T;

interface LineRef {
  readonly line: DeepMutable<MrpBomLineRow>;
  readonly path: string;
}

function allLines(model: DeepMutable<MrpModelRow>): LineRef[] {
  const out: LineRef[] = [];
  const walk = (lines: DeepMutable<MrpBomLineRow>[], path: string): void => {
    lines.forEach((line, i) => {
      const p = `${path}/${i}`;
      out.push({ line, path: p });
      walk(line.children, `${p}/children`);
    });
  };
  model.boms.forEach((b, i) => walk(b.lines, `/boms/${i}/lines`));
  return out;
}

/**
 * Applies one drift of `kind` (or the next possible kind, when the model has nothing to drift for
 * it) to a copy of `model`. Returns the drifted copy and the record describing the change.
 */
export function applyDrift(
  model: MrpModelRow,
  plmModelId: string,
  kinds: readonly DriftKind[],
  first: number,
  rng: Prng,
): { model: MrpModelRow; record: DriftRecord } | undefined {
  for (let n = 0; n < kinds.length; n++) {
    const kind = kinds[(first + n) % kinds.length];
    if (kind === undefined) continue;
    const copy = structuredClone(model) as DeepMutable<MrpModelRow>;
    const base = { plmModelId, mrpModelId: model.id, kind };
    switch (kind) {
      case 'bomQuantity': {
        const lines = allLines(copy);
        if (lines.length === 0) continue;
        const { line, path } = rng.pick(lines);
        const before = line.quantity;
        line.quantity = line.unit === 'EA' || line.unit === 'SET' ? before + 1 : before * 2;
        return {
          model: copy,
          record: {
            ...base,
            mrpPath: `${path}/quantity`,
            plmValue: before,
            mrpValue: line.quantity,
            description: `BOM quantity of ${line.partNumber} is ${line.quantity} ${line.unit} in MRP, ${before} in PLM`,
          },
        };
      }
      case 'bomPart': {
        const lines = allLines(copy);
        if (lines.length === 0) continue;
        const { line, path } = rng.pick(lines);
        const before = line.partNumber;
        line.partNumber = `${before}-X`;
        return {
          model: copy,
          record: {
            ...base,
            mrpPath: `${path}/partNumber`,
            plmValue: before,
            mrpValue: line.partNumber,
            description: `BOM line ${line.lineNo} uses part ${line.partNumber} in MRP, ${before} in PLM`,
          },
        };
      }
      case 'featureAvailability': {
        const cells = copy.features.flatMap((f, fi) =>
          Object.keys(f.availability).map((trimId) => ({ f, fi, trimId })),
        );
        if (cells.length === 0) continue;
        const { f, fi, trimId } = rng.pick(cells);
        const before = f.availability[trimId] ?? 'unavailable';
        const after: MrpAvailability = before === 'unavailable' ? 'optional' : 'unavailable';
        f.availability[trimId] = after;
        return {
          model: copy,
          record: {
            ...base,
            mrpPath: `/features/${fi}/availability/${trimId}`,
            plmValue: before,
            mrpValue: after,
            description: `Feature ${f.code} is ${after} for trim ${trimId} in MRP, ${before} in PLM`,
          },
        };
      }
      case 'modelName': {
        const before = copy.name;
        copy.name = `${before} (legacy)`;
        return {
          model: copy,
          record: {
            ...base,
            mrpPath: '/name',
            plmValue: before,
            mrpValue: copy.name,
            description: `Model is named "${copy.name}" in MRP, "${before}" in PLM`,
          },
        };
      }
    }
  }
  return undefined;
}
