import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startPlmMock, type PlmMock } from '@mrp-plm/plm-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  examplesOf,
  exampleMockUrl,
  publishedPackages,
  runnableDir,
  typeCheckExamples,
} from './support/examples.js';
import { binDir } from './paths.js';

/**
 * Every ```ts block of every published package's README and every `@example` of its sources is
 * type-checked as a module (placeholders from `packages/<pkg>/test/examples.prelude.d.ts`); blocks
 * fenced ```ts runnable also run, against plm-mock with the default fixtures (seed 1, 50 models),
 * with `http://127.0.0.1:4010` — where `npm start` serves it — replaced by the test's mock.
 */
const packages = publishedPackages();

describe.each(packages)('examples of packages/%s', (pkg) => {
  const examples = examplesOf(pkg);
  const problems = typeCheckExamples(pkg, examples);

  it('has examples', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  it.each(examples.map((e) => [e.where, e] as const))('%s type-checks', (where) => {
    expect(problems.get(where)?.map((p) => `${p.where}: ${p.message}`) ?? []).toEqual([]);
  });
});

const runnable = packages.flatMap((pkg) => examplesOf(pkg).filter((e) => e.runnable));

describe.runIf(runnable.length > 0)('runnable quick starts against plm-mock', () => {
  let mock: PlmMock;
  beforeAll(async () => {
    mock = await startPlmMock({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await mock?.close();
  });

  it.each(runnable.map((e, i) => [e.where, e, i] as const))(
    '%s runs',
    async (_where, example, i) => {
      const dir = runnableDir(example.pkg);
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `quickstart-${i}.mts`);
      writeFileSync(file, `${example.code.replaceAll(exampleMockUrl, mock.url)}\nexport {};\n`);
      try {
        const result = await new Promise<{ code: number | null; output: string }>((resolve) => {
          const child = spawn(join(binDir, 'tsx'), ['--conditions=@mrp-plm/source', file], {
            // Files a quick start writes (an outbox database) land beside it, not in the repo root.
            cwd: dir,
            env: { ...process.env, NODE_ENV: 'test' },
            stdio: ['ignore', 'pipe', 'pipe'],
            timeout: 60_000,
          });
          let output = '';
          child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
          child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
          child.on('close', (code) => resolve({ code, output }));
        });
        expect(result.code, result.output).toBe(0);
      } finally {
        rmSync(file, { force: true });
      }
    },
  );
});
