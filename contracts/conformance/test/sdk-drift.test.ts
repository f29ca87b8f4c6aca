import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, test } from 'vitest';
import { binDir, sdkDir } from './paths.js';

const run = promisify(execFile);
const committedDir = join(sdkDir, 'src/generated');
let scratch: string | undefined;

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

test('the committed SDK equals a fresh generation from the contract', async () => {
  scratch = await mkdtemp(join(tmpdir(), 'plm-sdk-gen-'));
  // The same command and config as `npm run generate`, with only the output folder moved.
  await run(`${binDir}/openapi-ts`, ['-f', 'openapi-ts.config.ts', '-o', scratch, '-s'], {
    cwd: sdkDir,
  });

  const fresh = await listFiles(scratch);
  expect(fresh.length).toBeGreaterThan(0);
  expect(await listFiles(committedDir)).toEqual(fresh);
  for (const file of fresh) {
    const [committed, regenerated] = await Promise.all([
      readFile(join(committedDir, file), 'utf8'),
      readFile(join(scratch, file), 'utf8'),
    ]);
    expect(committed, `src/generated/${file} is stale: run npm run generate`).toBe(regenerated);
  }
});
