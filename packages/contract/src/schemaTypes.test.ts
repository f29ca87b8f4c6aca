import { readFile } from 'node:fs/promises';
import { expect, test } from 'vitest';
import * as contract from './index.js';

/**
 * The generated envelope of the webhook request (`{ body, headers, key }`) is hey-api's own
 * construction, not a contract schema, and its generated type and schema disagree (the type has no
 * `headers`), so neither is exported. Every other generated schema is.
 */
const NOT_EXPORTED = ['CatalogChangedWebhookRequest'];

async function generatedSchemaNames(): Promise<string[]> {
  const source = await readFile(new URL('./generated/zod.gen.ts', import.meta.url), 'utf8');
  return [...source.matchAll(/^export const z(\w+)/gm)].map((m) => m[1]!);
}

function publicName(name: string): string {
  const camel = name.startsWith('OAuth')
    ? `oauth${name.slice(5)}`
    : name[0]!.toLowerCase() + name.slice(1);
  return `${camel}Schema`;
}

test('every generated schema is exported under its public name, and type-tested', async () => {
  const names = (await generatedSchemaNames()).filter((n) => !NOT_EXPORTED.includes(n));
  expect(names.length).toBeGreaterThan(50);
  const typeTest = await readFile(new URL('./schemaTypes.test-d.ts', import.meta.url), 'utf8');
  for (const name of names) {
    expect(contract, `${publicName(name)} is exported`).toHaveProperty(publicName(name));
    expect(typeTest, `${name} has its type test`).toContain(`typeof C.${publicName(name)}>`);
  }
});
