#!/usr/bin/env node
/**
 * `npm test`: lint, typecheck, test and package checks for every project through nx, then one
 * closing line summing the vitest results of all projects, `tests: N passed, N failed, N skipped`.
 *
 * Each project's vitest writes `reports/vitest.json` (vitest.shared.ts; nx restores it with a
 * cached test run). Reports are removed first, so a project whose tests did not run shows as
 * missing instead of counting an earlier run. Exits non-zero when nx failed, a test failed, or a
 * project that has tests left no report.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const projectDirs = [
  ...readdirSync(join(root, 'packages')).map((name) => join('packages', name)),
  ...readdirSync(join(root, 'examples')).map((name) => join('examples', name)),
  join('contracts', 'conformance'),
].filter((dir) => existsSync(join(root, dir, 'vitest.config.ts')));

for (const dir of projectDirs) rmSync(join(root, dir, 'reports'), { recursive: true, force: true });

const nx = spawnSync(
  'npx',
  [
    'nx',
    'run-many',
    '-t',
    'lint',
    'typecheck',
    'test',
    'check-package',
    '--outputStyle=static',
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: 'inherit' },
);

const totals = { passed: 0, failed: 0, skipped: 0 };
const problems = [];
console.log('\nvitest results per project:');
for (const dir of projectDirs) {
  const file = join(root, dir, 'reports', 'vitest.json');
  if (!existsSync(file)) {
    problems.push(`${dir}: no test report (its tests did not run)`);
    console.log(`  ${dir.padEnd(28)} no report`);
    continue;
  }
  let report;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push(`${dir}: unreadable test report (${error.message})`);
    continue;
  }
  const passed = report.numPassedTests ?? 0;
  // A file that fails to load has no failed test but fails the run: count it as one failure.
  const failedSuites = report.numFailedTestSuites ?? 0;
  const failed =
    (report.numFailedTests ?? 0) || (report.success === false ? Math.max(1, failedSuites) : 0);
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
  console.log(`  ${dir.padEnd(28)} ${passed} passed, ${failed} failed, ${skipped} skipped`);
}
for (const problem of problems) console.log(`  ! ${problem}`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);

const nxFailed = nx.status !== 0;
if (nxFailed) console.error(`nx run-many exited with ${nx.status ?? nx.signal}`);
process.exit(nxFailed || totals.failed > 0 || problems.length > 0 ? 1 : 0);
