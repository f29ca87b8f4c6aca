/*
 * Benchmark of issue #10 section 1 (shadow comparison):
 *  1. read latency p50/p99 in `shadow` mode (every model sampled, PLM answering after 2 s) next to
 *     `disabled` mode over the same MRP port — target: shadow p99 / disabled p99 <= 1.1;
 *  2. the cost of comparing one 5,000-line BOM (normalising both sides and diffing them) next to
 *     a plain deep-equal of the same objects.
 */
import { isDeepStrictEqual } from 'node:util';
import { createIdTranslator, mrpModelConfigFromRows, parseModelConfig } from '@mrp-plm/adapter';
import type { BomLine, ModelConfig } from '@mrp-plm/contract';
import { generateFixtures, startPlmMock } from '@mrp-plm/plm-mock';
import * as hdr from 'hdr-histogram-js';
import {
  createPlmIntegration,
  createShadowComparison,
  definePlmConfig,
  type MrpProductPort,
  type PlmIntegration,
} from '../src/index.js';
import {
  bomsFromPayload,
  bomsFromRows,
  diffNodes,
  modelConfigNode,
} from '../src/internal/shadowDiff.js';
import { mrpPortOf } from '../test/support/mrpPort.js';
import { shadowIntegration } from '../test/support/shadowIntegration.js';

/** Reads measured per mode (after the warm-up), interleaved call by call with the other mode. */
const READS = 50_000;
const WARM_UP = 5_000;
/** The p99 ratio is also reported per block of reads, to show its spread within the run. */
const BLOCKS = 5;
/** Rounds of the BOM comparison timing. */
const ROUNDS = 5;

// ---- 1. shadow vs disabled read latency, PLM at 2 s ---------------------------------------------

const mock = await startPlmMock({ seed: 1, models: 50 });
mock.faults.set({ kind: 'latency', ms: 2_000, route: '/plm/**' });
const memoryPort = mrpPortOf(mock.fixtures);
/** The same port answering after one event-loop turn, as a database driver's callback does. */
const ioPort: MrpProductPort = {
  getModelConfig: (id) =>
    new Promise((resolve) => setImmediate(() => resolve(memoryPort.getModelConfig(id)))),
  listModels: () => memoryPort.listModels(),
  getTrim: (id) => memoryPort.getTrim(id),
  listFeatures: (query) => memoryPort.listFeatures(query),
};
const modelIds = mock.fixtures.mrp.models.map((m) => m.id);

const histogram = () =>
  hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 10_000_000_000,
    numberOfSignificantValueDigits: 3,
  });
type Histogram = ReturnType<typeof histogram>;

/** One read, timed in ns; then one event-loop turn (each read is its own request). */
async function timedRead(integration: PlmIntegration, id: string): Promise<number> {
  const t = process.hrtime.bigint();
  await integration.getModelConfig(id);
  const ns = Number(process.hrtime.bigint() - t);
  // The event loop turns between reads (in both modes), which is when the shadow hand-over runs.
  await new Promise((resolve) => setImmediate(resolve));
  return ns;
}

/**
 * Reads interleaved call by call — disabled then shadow for one model, shadow then disabled for
 * the next — so both modes meet the same machine (other processes, GC, timers) at the same
 * moments; the first `warmUp` pairs are not recorded.
 */
async function interleaved(
  modes: { readonly shadow: PlmIntegration; readonly disabled: PlmIntegration },
  reads: number,
  warmUp: number,
): Promise<{ shadow: Histogram; disabled: Histogram; blocks: number[] }> {
  const all = { shadow: histogram(), disabled: histogram() };
  const blocks: number[] = [];
  let block = { shadow: histogram(), disabled: histogram() };
  for (let i = -warmUp; i < reads; i++) {
    const id = modelIds[(i + warmUp) % modelIds.length]!;
    const order =
      (i & 1) === 0 ? (['disabled', 'shadow'] as const) : (['shadow', 'disabled'] as const);
    for (const mode of order) {
      const ns = await timedRead(modes[mode], id);
      if (i < 0) continue;
      all[mode].recordValue(ns);
      block[mode].recordValue(ns);
    }
    if (i >= 0 && (i + 1) % (reads / BLOCKS) === 0) {
      blocks.push(block.shadow.getValueAtPercentile(99) / block.disabled.getValueAtPercentile(99));
      block = { shadow: histogram(), disabled: histogram() };
    }
  }
  return { ...all, blocks };
}

const us = (ns: number) => (ns / 1_000).toFixed(2).padStart(8);
for (const [label, port] of [
  ["in-memory MRP port (the integration's own overhead only)", memoryPort],
  ['MRP port answering after one event-loop turn', ioPort],
] as const) {
  const comparison = createShadowComparison();
  const shadow = shadowIntegration(mock, comparison, { port });
  const disabled = createPlmIntegration({
    config: definePlmConfig({ mode: 'disabled' }),
    mrp: port,
  });
  const latency = await interleaved({ shadow, disabled }, READS, WARM_UP);
  console.log(`\n== getModelConfig latency (µs), PLM at 2 s, every model sampled: ${label} ==`);
  console.log(`${READS} reads per mode after ${WARM_UP} warm-up reads, interleaved call by call`);
  console.log(`${'mode'.padEnd(10)} ${'p50'.padStart(8)} ${'p99'.padStart(8)}`);
  for (const mode of ['shadow', 'disabled'] as const) {
    const h = latency[mode];
    console.log(
      `${mode.padEnd(10)} ${us(h.getValueAtPercentile(50))} ${us(h.getValueAtPercentile(99))}`,
    );
  }
  const p99Ratio =
    latency.shadow.getValueAtPercentile(99) / latency.disabled.getValueAtPercentile(99);
  console.log(
    `ratio shadow / disabled at p99: ${p99Ratio.toFixed(2)}x (target <= 1.1x: ${p99Ratio <= 1.1 ? 'MET' : 'MISSED'})`,
  );
  console.log(
    `p99 ratio per block of ${READS / BLOCKS} reads: ${latency.blocks.map((r) => r.toFixed(2)).join(', ')}`,
  );
  const s = comparison.stats();
  console.log(
    `shadow reads sampled ${s.sampled}, skipped because the queue was full ${s.skipped['queue-full']} (PLM answers after 2 s; none awaited)`,
  );
  await comparison.close();
  await Promise.all([shadow.close(), disabled.close()]);
}
await mock.close();

// ---- 2. comparison cost of one 5,000-line BOM ---------------------------------------------------

const fixtures = generateFixtures({ seed: 1, models: 1 });
const base = fixtures.models[0]!;
const ids = createIdTranslator({
  toMrp: new Map(fixtures.mrp.idTranslation.map((e) => [e.plmId, e.mrpId])),
});
const asOf = new Date(Date.UTC(2026, 5, 1));
const UNITS = ['EA', 'MM', 'G', 'ML', 'SET'] as const;
// 1,000 top-level lines with 4 children each: 5,000 lines.
const lines: BomLine[] = Array.from({ length: 1_000 }, (_, i) => ({
  findNumber: (i + 1) * 10,
  partNumber: `P-${100_000 + i}`,
  description: `Assembly ${i}`,
  quantity: String((i % 7) + 1),
  unitOfMeasure: 'EA',
  referenceDesignators: i % 3 === 0 ? [`R${i}`, `C${i}`] : [],
  children: Array.from({ length: 4 }, (_, j) => ({
    findNumber: (j + 1) * 10,
    partNumber: `P-${200_000 + i * 4 + j}`,
    description: `Part ${i}.${j}`,
    quantity: `${(i + j) % 9}.${j}5`,
    unitOfMeasure: UNITS[(i + j) % UNITS.length]!,
    referenceDesignators: [],
  })),
}));
const payload: ModelConfig = {
  ...base,
  boms: [{ ...base.boms[0]!, lines }],
};
const mapped = parseModelConfig(payload, { ids, asOf }).data;
// The MRP rows of the same model, as MRP's tables hold them (numbers, nested children).
const toRow = (
  line: BomLine,
): Parameters<typeof bomsFromRows>[0]['boms'][number]['lines'][number] => ({
  lineNo: line.findNumber,
  partNumber: line.partNumber,
  description: line.description,
  quantity: Number(line.quantity),
  unit: line.unitOfMeasure,
  referenceDesignators: [...line.referenceDesignators],
  children: (line.children ?? []).map(toRow),
});
const rows = { ...fixtures.mrp.models[0]!, boms: [{ trimId: null, lines: lines.map(toRow) }] };
const mrpDto = mrpModelConfigFromRows(rows);
const clone = structuredClone(payload);

const compareOnce = (): number =>
  diffNodes(
    modelConfigNode(mrpDto, bomsFromRows(rows)),
    modelConfigNode(mapped, bomsFromPayload(payload, mapped, asOf)),
  ).length;
if (compareOnce() !== 0) throw new Error('the two sides of the benchmark BOM differ');
if (!isDeepStrictEqual(payload, clone)) throw new Error('deep-equal baseline differs');

function msPerRun(run: () => unknown, runs: number): number {
  const t = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) run();
  return Number(process.hrtime.bigint() - t) / 1e6 / runs;
}
for (let i = 0; i < 20; i++) {
  compareOnce();
  isDeepStrictEqual(payload, clone);
}
const compareMs: number[] = [];
const deepEqualMs: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  compareMs.push(msPerRun(compareOnce, 20));
  deepEqualMs.push(msPerRun(() => isDeepStrictEqual(payload, clone), 20));
}
const median = (v: number[]) => v.sort((a, b) => a - b)[v.length >> 1]!;
const cmp = median(compareMs);
const deq = median(deepEqualMs);
console.log('\n== comparing one 5,000-line BOM (median of rounds) ==');
console.log(`shadow comparison (normalise both sides + diff): ${cmp.toFixed(2)} ms`);
console.log(
  `plain deep-equal (node:util isDeepStrictEqual, payload vs its clone): ${deq.toFixed(2)} ms`,
);
console.log(`ratio comparison / deep-equal: ${(cmp / deq).toFixed(2)}x`);
