/**
 * One side of the benchmark, in a fresh process so that its memory is its own. Reads the payload
 * (one catalog page of JSON per line) written by bench/index.ts, then runs `mode`:
 * - `time`: JSON.parse vs validate+map (and, for reference, the SDK's zod schema alone),
 *   interleaved, median of several rounds;
 * - `mem-parse` / `mem-map`: one pass page by page, reporting the peak heap above the baseline
 *   (sampled after every step) and the heap still retained after a final gc.
 */
import { readFileSync } from 'node:fs';
import { catalogPageSchema } from '@mrp-plm/plm-sdk';
import { createIdTranslator, parseCatalogPage } from '@mrp-plm/adapter';

const [mode, pagesFile, tableFile] = process.argv.slice(2);
const pages = readFileSync(pagesFile!, 'utf8').split('\n');
const table = new Map(JSON.parse(readFileSync(tableFile!, 'utf8')) as [string, string][]);
const asOf = new Date('2026-06-01T00:00:00Z');
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc');

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

if (mode === 'time') {
  const parseTimes: number[] = [];
  const mapTimes: number[] = [];
  const zodTimes: number[] = [];
  for (let round = 0; round < 13; round += 1) {
    gc();
    let t = performance.now();
    const parsed = pages.map((p) => JSON.parse(p) as unknown);
    parseTimes.push(performance.now() - t);
    gc();
    const ids = createIdTranslator({ toMrp: table });
    t = performance.now();
    for (const page of parsed) parseCatalogPage(page, { ids, asOf, schemaVersion: '1.0.0' });
    mapTimes.push(performance.now() - t);
    gc();
    t = performance.now();
    for (const page of parsed) catalogPageSchema.parse(page);
    zodTimes.push(performance.now() - t);
  }
  // The first three rounds warm the JIT; they are dropped.
  console.log(
    JSON.stringify({
      parseMs: median(parseTimes.slice(3)),
      mapMs: median(mapTimes.slice(3)),
      zodMs: median(zodTimes.slice(3)),
    }),
  );
} else {
  gc();
  const base = process.memoryUsage().heapUsed;
  let peak = 0;
  const sample = (): void => {
    peak = Math.max(peak, process.memoryUsage().heapUsed - base);
  };
  const kept: unknown[] = [];
  const ids = createIdTranslator({ toMrp: table });
  for (const text of pages) {
    const json = JSON.parse(text) as unknown;
    sample();
    // Realistic use: parse and map page by page, keep only the MRP DTOs.
    kept.push(
      mode === 'mem-parse'
        ? json
        : parseCatalogPage(json, { ids, asOf, schemaVersion: '1.0.0' }).data,
    );
    sample();
  }
  gc();
  const retained = process.memoryUsage().heapUsed - base;
  console.log(JSON.stringify({ peakHeap: peak, retainedHeap: retained, pages: kept.length }));
}
