import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';
import { parse, stringify } from 'yaml';
import { binDir, contractPath, ourTypesPath } from './paths.js';

/**
 * A second, independent generator (openapi-typescript) must be able to read the contract, and the
 * types it derives must agree with ours in both directions: a PLM team using any mainstream
 * generator gets the same shapes we validate against. The check is done by tsc on a generated file
 * that assigns each of their schema types to ours and back, so a disagreement is a type error that
 * names the schema.
 */
const run = promisify(execFile);
const scratchDirs: string[] = [];

afterAll(async () => {
  await Promise.all(scratchDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

interface Contract {
  components: { schemas: Record<string, Record<string, unknown>> };
}

async function loadContract(): Promise<Contract> {
  return parse(await readFile(contractPath, 'utf8')) as Contract;
}

/** Names `ours` exports as types (`export type Name =`). */
async function exportedTypeNames(): Promise<Set<string>> {
  const source = await readFile(ourTypesPath, 'utf8');
  return new Set([...source.matchAll(/^export type (\w+)\b/gm)].map((m) => m[1]!));
}

function checkFile(names: readonly string[]): string {
  const lines = [
    `import type { components } from './openapi-typescript.js';`,
    `import type * as Ours from ${JSON.stringify(ourTypesPath.replace(/\.ts$/, '.js'))};`,
    `type Theirs = components['schemas'];`,
    // Our generated types still say \`Date\` where the wire has an ISO string.
    `type Wire<T> = T extends Date ? string : T extends readonly (infer U)[] ? Wire<U>[] : T extends object ? { [K in keyof T]: Wire<T[K]> } : T;`,
    ...names.flatMap((name) => [
      `export const ${name}ToOurs = (x: Theirs['${name}']): Wire<Ours.${name}> => x;`,
      `export const ${name}ToTheirs = (x: Wire<Ours.${name}>): Theirs['${name}'] => x;`,
    ]),
  ];
  return `${lines.join('\n')}\n`;
}

/** Generates with openapi-typescript from `contract` and type-checks the agreement file. */
async function compare(
  contract: Contract,
): Promise<{ ok: boolean; output: string; names: string[]; failed: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'plm-second-generator-'));
  scratchDirs.push(dir);
  const input = join(dir, 'plm.v1.yaml');
  await writeFile(input, stringify(contract));
  await run(`${binDir}/openapi-typescript`, [input, '-o', join(dir, 'openapi-typescript.ts')]);

  const ours = await exportedTypeNames();
  const names = Object.keys(contract.components.schemas).filter((n) => ours.has(n));
  const check = checkFile(names);
  await writeFile(join(dir, 'check.ts'), check);
  await writeFile(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'Bundler',
        strict: true,
        exactOptionalPropertyTypes: true,
        noUncheckedIndexedAccess: true,
        skipLibCheck: true,
        noEmit: true,
        types: [],
      },
      files: ['check.ts'],
    }),
  );
  try {
    await run(`${binDir}/tsc`, ['-p', 'tsconfig.json'], { cwd: dir });
    return { ok: true, output: '', names, failed: [] };
  } catch (error) {
    const { stdout = '' } = error as { stdout?: string };
    // tsc reports `check.ts(LINE,COL): error …`; name the schema of each failing line.
    const checkLines = check.split('\n');
    const failed = [...stdout.matchAll(/^check\.ts\((\d+),/gm)].map(
      (m) =>
        /export const (\w+?)To(?:Ours|Theirs)\b/.exec(checkLines[Number(m[1]) - 1] ?? '')?.[1] ??
        '?',
    );
    return { ok: false, output: stdout, names, failed: [...new Set(failed)].sort() };
  }
}

describe('a second generator (openapi-typescript) reads the contract', () => {
  test('and its types agree with ours in both directions, for every component schema', async () => {
    const contract = await loadContract();
    const result = await compare(contract);
    // Every contract schema has a type of ours to compare with: none is skipped silently.
    expect(result.names.sort()).toEqual(Object.keys(contract.components.schemas).sort());
    expect(result.failed).toEqual([]);
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  }, 60_000);

  test('and the comparison fails when the contract and our types disagree', async () => {
    const contract = await loadContract();
    // A contract in which `FeatureCondition.all` holds numbers: our types say strings.
    const condition = contract.components.schemas.FeatureCondition!;
    (condition.properties as Record<string, unknown>).all = {
      type: 'array',
      items: { type: 'integer' },
    };
    const result = await compare(contract);
    expect(result.ok).toBe(false);
    // BomLine, Bom and ModelConfig contain a FeatureCondition, so they disagree too.
    expect(result.failed).toEqual(['Bom', 'BomLine', 'FeatureCondition', 'ModelConfig']);
  }, 60_000);
});
