import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { scanPayload } from './scanPayload.js';

const schema = z.object({
  items: z.array(z.object({ id: z.string(), tags: z.array(z.object({ name: z.string() })) })),
});

describe('scanPayload', () => {
  it('reports an unknown field in an object after many objects of a known layout', () => {
    const items = Array.from({ length: 20 }, (_, i) => ({ id: `I-${i}`, tags: [{ name: 'a' }] }));
    const odd = { id: 'I-20', extra: 1, tags: [{ name: 'b', colour: 'red' }] };
    const result = scanPayload(schema, { items: [...items, odd, ...items] }, 10);
    expect(result.unknownFields).toEqual(['/items/20/extra', '/items/20/tags/0/colour']);
  });

  it('reports the same unknown field in every object of a repeated unknown layout', () => {
    const items = Array.from({ length: 3 }, (_, i) => ({ id: `I-${i}`, tags: [], note: 'x' }));
    expect(scanPayload(schema, { items }, 10).unknownFields).toEqual([
      '/items/0/note',
      '/items/1/note',
      '/items/2/note',
    ]);
  });

  it('compares own keys only when an object inherits an enumerable key', () => {
    const known = { id: 'I-0', tags: [] };
    const inheriting = Object.assign(Object.create({ inherited: true }) as object, {
      id: 'I-1',
      tags: [{ name: 'a', own: 1 }],
    });
    const result = scanPayload(schema, { items: [known, inheriting, known] }, 10);
    expect(result.unknownFields).toEqual(['/items/1/tags/0/own']);
  });
});
