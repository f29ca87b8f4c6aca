/**
 * Writes docs/mapping.md (at the repository root) from the adapter's field declarations.
 * Run with `npm run generate:mapping`; the adapter's tests and the conformance suite fail when the
 * committed file differs from a fresh rendering.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderMappingTable } from '../src/index.js';

const target = fileURLToPath(new URL('../../../docs/mapping.md', import.meta.url));
writeFileSync(target, renderMappingTable());
console.log(`wrote ${target}`);
