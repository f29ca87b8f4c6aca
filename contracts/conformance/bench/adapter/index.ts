/**
 * Benchmark: validate and map plm-mock's 5,000-model catalog (10 pages of 500) against JSON.parse
 * of the same bytes. Time is measured side by side in one process; peak memory of each side in a
 * fresh process. Targets (issue 4): validate+map <= 2x JSON.parse time; peak memory <= 3x payload.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogPayload } from './catalogPayload.js';

const MB = 1024 * 1024;
const { pages, idTable } = catalogPayload();
const payloadBytes = pages.reduce((n, p) => n + Buffer.byteLength(p), 0);
const dir = mkdtempSync(join(tmpdir(), 'adapter-bench-'));
const pagesFile = join(dir, 'pages.jsonl');
const tableFile = join(dir, 'ids.json');
writeFileSync(pagesFile, pages.join('\n'));
writeFileSync(tableFile, JSON.stringify(idTable));
const worker = fileURLToPath(new URL('./worker.ts', import.meta.url));

function run(mode: string): Record<string, number> {
  const out = execFileSync(
    process.execPath,
    [
      '--expose-gc',
      '--conditions=@mrp-plm/source',
      '--import',
      'tsx',
      worker,
      mode,
      pagesFile,
      tableFile,
    ],
    { encoding: 'utf8', timeout: 90_000 },
  );
  return JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, number>;
}

try {
  console.log(
    `payload: plm-mock catalog, 5,000 models in ${pages.length} pages, ${(payloadBytes / MB).toFixed(1)} MB of JSON`,
  );
  const time = run('time');
  const memParse = run('mem-parse');
  const memMap = run('mem-map');
  const ratio = time.mapMs! / time.parseMs!;
  const e2e = (time.parseMs! + time.mapMs!) / time.parseMs!;
  const mb = (n: number) => `${(n / MB).toFixed(1)} MB`;
  console.log(
    `peer: JSON.parse of the same bytes; validate+map is timed on the objects that JSON.parse just returned (its own JSON.parse not included: see the end-to-end ratio); median of 10 interleaved rounds after 3 warm-up rounds`,
  );
  console.log(
    `time  JSON.parse ${time.parseMs!.toFixed(1)} ms | validate+map ${time.mapMs!.toFixed(1)} ms | ratio ${ratio.toFixed(2)}x (target <= 2x) ${ratio <= 2 ? 'MET' : 'MISSED'}`,
  );
  console.log(
    `      for reference, the SDK's zod schema alone (run after validate+map, on the same objects): ${time.zodMs!.toFixed(1)} ms (${(time.zodMs! / time.parseMs!).toFixed(2)}x JSON.parse); JSON.parse+validate+map: ${e2e.toFixed(2)}x JSON.parse`,
  );
  const peakRatio = memMap.peakHeap! / payloadBytes;
  console.log(
    `peak  heap above baseline, sampled per step: JSON.parse ${mb(memParse.peakHeap!)} (${(memParse.peakHeap! / payloadBytes).toFixed(2)}x payload) | JSON.parse+validate+map ${mb(memMap.peakHeap!)} (${peakRatio.toFixed(2)}x payload, target <= 3x) ${peakRatio <= 3 ? 'MET' : 'MISSED'}`,
  );
  console.log(
    `      retained after gc: parsed JSON ${mb(memParse.retainedHeap!)}, MRP DTOs ${mb(memMap.retainedHeap!)}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
