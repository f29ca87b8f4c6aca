import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, test } from 'vitest';
import { binDir, contractDir, sdkDir } from './paths.js';

const run = promisify(execFile);
const scratchDirs: string[] = [];

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

afterAll(async () => {
  await Promise.all(scratchDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/**
 * Both generations from the contract: `@mrp-plm/contract` (types and zod schemas) and the SDK's
 * client. Each must equal a fresh run of its own `npm run generate`.
 */
const generations = [
  { name: 'contract', dir: contractDir },
  { name: 'SDK', dir: sdkDir },
];

test.each(generations)(
  'the committed $name generation equals a fresh one from the contract',
  async ({ dir }) => {
    const scratch = await mkdtemp(join(tmpdir(), 'plm-gen-'));
    scratchDirs.push(scratch);
    const committedDir = join(dir, 'src/generated');
    // The same command and config as `npm run generate`, with only the output folder moved.
    await run(`${binDir}/openapi-ts`, ['-f', 'openapi-ts.config.ts', '-o', scratch, '-s'], {
      cwd: dir,
    });

    const fresh = await listFiles(scratch);
    expect(fresh.length).toBeGreaterThan(0);
    expect(await listFiles(committedDir)).toEqual(fresh);
    for (const file of fresh) {
      const [committed, regenerated] = await Promise.all([
        readFile(join(committedDir, file), 'utf8'),
        readFile(join(scratch, file), 'utf8'),
      ]);
      expect(committed, `${committedDir}/${file} is stale: run npm run generate`).toBe(regenerated);
    }
  },
  60_000,
);
