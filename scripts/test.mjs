#!/usr/bin/env node
/**
 * `npm test`: lint, typecheck, test and package checks for every project through nx, then one
 * closing line summing the vitest results of all projects, `tests: N passed, N failed, N skipped`
 * (and, before it, each failed test by name). `MRP_TEST_TARGETS="test"` runs only the tests.
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

// MRP_TEST_TARGETS narrows the targets (CI's second Node line runs `test` only: lint, typecheck and
// the package checks do not depend on the Node version and ran on the first).
const targets = (process.env.MRP_TEST_TARGETS ?? 'lint typecheck test check-package')
  .split(/[\s,]+/)
  .filter((t) => t !== '');
// The services' addresses as CI exports them (the developers' guide's defaults), so that a local
// run sees the same environment as CI: a child process that wrongly inherits DATABASE_URL fails
// here too, not only in CI.
const env = {
  ...process.env,
  DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
};
const nx = spawnSync(
  'npx',
  ['nx', 'run-many', '-t', ...targets, '--outputStyle=static', ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit', env },
);

const totals = { passed: 0, failed: 0, skipped: 0 };
const problems = [];
const failures = [];

/** `file > test: first line of the message` for each failed test or file that failed to load. */
function failuresOf(dir, report) {
  const firstLine = (messages) =>
    String(messages?.[0] ?? '')
      // strip terminal colours from vitest's message
      .replace(/\u001b\[[0-9;]*m/g, '')
      .split('\n')
      .find((line) => line.trim() !== '')
      ?.trim()
      .slice(0, 300) ?? '';
  const out = [];
  for (const file of report.testResults ?? []) {
    const name = join(dir, String(file.name ?? '').replace(join(root, dir) + '/', ''));
    const failedTests = (file.assertionResults ?? []).filter((t) => t.status === 'failed');
    for (const test of failedTests)
      out.push(`${name} > ${test.fullName ?? test.title}: ${firstLine(test.failureMessages)}`);
    if (file.status === 'failed' && failedTests.length === 0)
      out.push(`${name}: ${firstLine([file.message])}`);
  }
  return out;
}
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
  failures.push(...failuresOf(dir, report));
}
// The closing lines are what a CI log shows first: name each failure there, with its first line.
if (failures.length > 0) {
  console.log('failures:');
  for (const failure of failures) console.log(`  x ${failure}`);
}
for (const problem of problems) console.log(`  ! ${problem}`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);

const nxFailed = nx.status !== 0;
if (nxFailed) console.error(`nx run-many exited with ${nx.status ?? nx.signal}`);
process.exit(nxFailed || totals.failed > 0 || problems.length > 0 ? 1 : 0);
