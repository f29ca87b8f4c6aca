#!/usr/bin/env node
/**
 * `npm run version-packages`: `changeset version` (versions and CHANGELOG.md files from the
 * pending changesets), then what it does not know about: the SDK's `SDK_VERSION` constant (sent in
 * its User-Agent; a unit test keeps it equal to package.json) and package-lock.json (so `npm ci`
 * accepts the new workspace versions).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const root = new URL('..', import.meta.url);
const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: 'inherit' });

run('npx', ['changeset', 'version']);

const sdkPackage = JSON.parse(readFileSync(new URL('packages/plm-sdk/package.json', root), 'utf8'));
const versionFile = new URL('packages/plm-sdk/src/internal/sdkVersion.ts', root);
const source = readFileSync(versionFile, 'utf8');
const updated = source.replace(
  /export const SDK_VERSION = '[^']*';/,
  `export const SDK_VERSION = '${sdkPackage.version}';`,
);
if (!updated.includes(`'${sdkPackage.version}'`))
  throw new Error(`SDK_VERSION not found in ${versionFile}`);
writeFileSync(versionFile, updated);

run('npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund']);
