import { describe, expect, it } from 'vitest';
import { UnsupportedSchemaVersionError } from './UnsupportedSchemaVersionError.js';
import { checkSchemaVersion } from './checkSchemaVersion.js';

describe('checkSchemaVersion', () => {
  it.each(['1.0.0', '1.0.7', '1.4.0', '1.12.3-beta.1', '1.0.0-rc.1'])('accepts %s', (v) => {
    expect(() => checkSchemaVersion(v)).not.toThrow();
  });

  it.each(['2.0.0', '0.9.0', '10.0.0', 'v1.0.0', '1.0', '', 'latest'])('refuses %s', (v) => {
    expect(() => checkSchemaVersion(v)).toThrow(UnsupportedSchemaVersionError);
  });

  it('says which version was seen and which is supported', () => {
    try {
      checkSchemaVersion('2.1.0');
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({
        _tag: 'UnsupportedSchemaVersionError',
        schemaVersion: '2.1.0',
        supportedVersion: '1.0.0',
      });
      expect((e as Error).message).toMatch(/2\.1\.0.*major version 1/);
    }
  });
});
