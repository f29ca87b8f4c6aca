import { describe, expect, it } from 'vitest';
import { IdTranslationError } from './IdTranslationError.js';
import { createIdTranslator } from './IdTranslator.js';

describe('createIdTranslator', () => {
  it('prefers externalIds.mrp, then the table', () => {
    const table = new Map([['MDL-000001', 'FROM-TABLE']]);
    expect(createIdTranslator({ toMrp: table }).toMrp('MDL-000001', 'model', 'FROM-PLM')).toBe(
      'FROM-PLM',
    );
    expect(createIdTranslator({ toMrp: table }).toMrp('MDL-000001', 'model')).toBe('FROM-TABLE');
  });

  it('translates back through learned externalIds pairs and the inverse map', () => {
    const ids = createIdTranslator({ toMrp: new Map([['TRM-000001-01', 'T-1']]) });
    ids.toMrp('MDL-000001', 'model', 'M-1');
    expect(ids.toPlm('M-1', 'model')).toBe('MDL-000001');
    expect(ids.toPlm('T-1', 'trim')).toBe('TRM-000001-01');
  });

  it('accepts functions in both directions', () => {
    const ids = createIdTranslator({
      toMrp: (id, kind) => (kind === 'feature' ? `X${id}` : undefined),
      toPlm: (id) => (id.startsWith('X') ? id.slice(1) : undefined),
    });
    expect(ids.toMrp('FTR-000001', 'feature')).toBe('XFTR-000001');
    expect(ids.toPlm('XFTR-000001', 'feature')).toBe('FTR-000001');
    expect(() => ids.toMrp('MDL-000001', 'model')).toThrow(IdTranslationError);
  });

  it('names the untranslatable id, kind and direction', () => {
    const ids = createIdTranslator();
    const error = (() => {
      try {
        ids.toMrp('TRM-999999-01', 'trim');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(IdTranslationError);
    expect(error).toMatchObject({
      _tag: 'IdTranslationError',
      id: 'TRM-999999-01',
      kind: 'trim',
      direction: 'plm-to-mrp',
    });
    expect((error as Error).message).toContain('TRM-999999-01');
    expect(() => ids.toPlm('M-404', 'model')).toThrow(/M-404/);
  });

  it('treats a table value that is not a non-empty string as unknown, never passing it through', () => {
    const ids = createIdTranslator({ toMrp: () => '' });
    expect(() => ids.toMrp('MDL-000001', 'model')).toThrow(IdTranslationError);
  });

  it('keeps kinds apart when learning', () => {
    const ids = createIdTranslator();
    ids.toMrp('MDL-000001', 'model', 'SAME');
    expect(() => ids.toPlm('SAME', 'trim')).toThrow(IdTranslationError);
  });
});

describe('createIdTranslator learning', () => {
  it('reuses a pair learned from externalIds.mrp for later payloads without externalIds', () => {
    const ids = createIdTranslator();
    expect(() => ids.toMrp('TRM-000001-02', 'trim')).toThrow(IdTranslationError);
    ids.toMrp('TRM-000001-02', 'trim', 'T-2');
    expect(ids.toMrp('TRM-000001-02', 'trim')).toBe('T-2');
  });
});

describe('createIdTranslator ambiguous reverse translation', () => {
  it('refuses an MRP id that two keys of a toMrp map translate to, naming both', () => {
    const ids = createIdTranslator({
      toMrp: new Map([
        ['TRM-000001-01', 'T-1'],
        ['TRM-000002-01', 'T-1'],
        ['TRM-000003-01', 'T-3'],
      ]),
    });
    let error: unknown;
    try {
      ids.toPlm('T-1', 'trim');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IdTranslationError);
    expect(error).toMatchObject({
      id: 'T-1',
      direction: 'mrp-to-plm',
      candidates: ['TRM-000001-01', 'TRM-000002-01'],
    });
    expect((error as Error).message).toMatch(/Ambiguous.*TRM-000001-01.*TRM-000002-01/);
    expect(ids.toPlm('T-3', 'trim')).toBe('TRM-000003-01');
  });

  it('refuses an MRP id two PLM items carry in externalIds.mrp', () => {
    const ids = createIdTranslator();
    ids.toMrp('FTR-000001', 'feature', 'F-1');
    ids.toMrp('FTR-000002', 'feature', 'F-1');
    expect(() => ids.toPlm('F-1', 'feature')).toThrow(
      expect.objectContaining({ candidates: ['FTR-000001', 'FTR-000002'] }),
    );
  });

  it('forgets an old claim when an item moves to another MRP id', () => {
    const ids = createIdTranslator();
    ids.toMrp('FTR-000001', 'feature', 'F-1');
    ids.toMrp('FTR-000001', 'feature', 'F-9');
    ids.toMrp('FTR-000002', 'feature', 'F-1');
    expect(ids.toPlm('F-1', 'feature')).toBe('FTR-000002');
    expect(ids.toPlm('F-9', 'feature')).toBe('FTR-000001');
  });
});
