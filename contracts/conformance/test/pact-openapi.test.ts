import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as comparatorModule from '@pactflow/openapi-pact-comparator';
import { parse } from 'yaml';
import { expect, test } from 'vitest';
import { contractPath, pactsDir } from './paths.js';

interface ComparisonResult {
  readonly type: 'error' | 'warning';
  readonly code: string;
  readonly message: string;
  readonly mockDetails?: { readonly interactionDescription?: string; readonly location?: string };
}

/**
 * The package's `types` condition comes after `import`, so under NodeNext TypeScript does not see
 * its declarations; this is the part of its API the test uses.
 */
const { Comparator } = comparatorModule as unknown as {
  Comparator: new (openapi: Record<string, unknown>) => {
    compare(pact: unknown): AsyncIterable<ComparisonResult>;
  };
};

async function loadPacts(): Promise<Array<{ file: string; pact: unknown }>> {
  const files = (await readdir(pactsDir)).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(
    files.map(async (file) => ({
      file,
      pact: JSON.parse(await readFile(join(pactsDir, file), 'utf8')) as unknown,
    })),
  );
}

test('every Pact interaction agrees with the OpenAPI document', async () => {
  const openapi = parse(await readFile(contractPath, 'utf8')) as Record<string, unknown>;
  const pacts = await loadPacts();
  expect(pacts.map((p) => p.file)).toContain('mrp-app-plm-api.json');

  const comparator = new Comparator(openapi);
  const findings: string[] = [];
  for (const { file, pact } of pacts) {
    for await (const result of comparator.compare(pact)) {
      const where = result.mockDetails?.interactionDescription ?? '?';
      findings.push(`${file}: ${result.type} ${result.code} [${where}] ${result.message}`);
    }
  }
  expect(findings).toEqual([]);
});
