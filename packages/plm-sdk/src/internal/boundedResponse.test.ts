import { describe, expect, it } from 'vitest';
import { boundedResponse, exceedsJsonDepth } from './boundedResponse.js';

/** The nesting depth of a parsed JSON value: the oracle the scan must agree with. */
function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + children.reduce<number>((deepest, child) => Math.max(deepest, depthOf(child)), 0);
}

/** A deterministic generator (mulberry32), so every run checks the same documents. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Strings full of what could fool a scan: brackets, quotes, runs of backslashes. */
const TRICKY = ['{', '[', '}', ']', '"', '\\', '\\"', '\\\\', 'a', ' ', 'é', '\u2028'];

function trickyString(next: () => number): string {
  let s = '';
  const length = Math.floor(next() * 8);
  for (let i = 0; i < length; i++) s += TRICKY[Math.floor(next() * TRICKY.length)]!;
  return s;
}

function document(next: () => number, depth: number): unknown {
  if (depth === 0 || next() < 0.25) return next() < 0.5 ? trickyString(next) : next() * 100;
  const size = Math.floor(next() * 4);
  if (next() < 0.5) return Array.from({ length: size }, () => document(next, depth - 1));
  return Object.fromEntries(
    Array.from({ length: size }, () => [trickyString(next), document(next, depth - 1)]),
  );
}

describe('exceedsJsonDepth', () => {
  it('agrees with the depth of the parsed value on documents whose strings hold brackets, quotes and backslashes', () => {
    const next = random(9);
    for (let n = 0; n < 2_000; n++) {
      const text = JSON.stringify(document(next, 8));
      const depth = depthOf(JSON.parse(text));
      expect(exceedsJsonDepth(text, depth), text).toBe(false);
      if (depth > 0) expect(exceedsJsonDepth(text, depth - 1), text).toBe(true);
    }
  });

  it('skips strings however their quotes are escaped', () => {
    expect(exceedsJsonDepth('["\\"[[[["]', 1)).toBe(false);
    expect(exceedsJsonDepth('["\\\\",[[1]]]', 2)).toBe(true);
    expect(exceedsJsonDepth('["\\\\\\"[[",1]', 1)).toBe(false);
  });

  it('counts the nesting at the limit and one past it, however few brackets the body has', () => {
    expect(exceedsJsonDepth('[[[]]]', 3)).toBe(false);
    expect(exceedsJsonDepth('[[[[]]]]', 3)).toBe(true);
    expect(exceedsJsonDepth('[{"a":[[]]}]', 3)).toBe(true);
    expect(exceedsJsonDepth('[1,"[[[[",{}]', 2)).toBe(false);
  });

  it('stops at a string that never closes (malformed JSON is for JSON.parse to reject)', () => {
    expect(exceedsJsonDepth('["[[[[[[', 1)).toBe(false);
    expect(exceedsJsonDepth('[[["abc', 2)).toBe(true);
  });
});

describe('boundedResponse', () => {
  it('hands on the body it read: every reader gives the same text, status and headers', async () => {
    const body = '{"name":"Zoë","list":[1,2,3]}';
    const read = await boundedResponse(
      new Response(body, {
        status: 200,
        statusText: 'OK',
        headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'r-1' },
      }),
    );
    expect(read.status).toBe(200);
    expect(read.statusText).toBe('OK');
    expect(read.headers.get('X-Request-Id')).toBe('r-1');
    expect(await read.clone().text()).toBe(body);
    expect(await read.clone().json()).toEqual(JSON.parse(body));
    expect(new TextDecoder().decode(await read.clone().arrayBuffer())).toBe(body);
    expect(await (await read.clone().blob()).text()).toBe(body);
    expect(await read.text()).toBe(body);
  });

  it('works where the global Response keeps its readers read-only (as in a Hono server)', async () => {
    // @hono/node-server installs a lightweight Response whose prototype defines text(), json()
    // and the other readers as non-writable properties: assigning them on an instance throws.
    const Native = globalThis.Response;
    class Lightweight extends Native {}
    for (const name of ['arrayBuffer', 'blob', 'bytes', 'clone', 'json', 'text'] as const) {
      Object.defineProperty(Lightweight.prototype, name, {
        value(this: Response) {
          throw new Error(`the native ${name}() was called, not the body already read`);
        },
      });
    }
    globalThis.Response = Lightweight;
    try {
      // A response made in such a server (by a fetch of its own) is one of them, and so is a clone.
      const read = await boundedResponse(new Lightweight('{"a":1}', { status: 200 }));
      expect(read).toBeInstanceOf(Lightweight);
      expect(read.clone()).toBeInstanceOf(Lightweight);
      expect(await read.clone().json()).toEqual({ a: 1 });
      expect(await read.text()).toBe('{"a":1}');
    } finally {
      globalThis.Response = Native;
    }
  });

  it('rejects a body that is not JSON from json() with the parse error', async () => {
    const read = await boundedResponse(new Response('not json', { status: 200 }));
    await expect(read.json()).rejects.toThrow(SyntaxError);
  });
});
