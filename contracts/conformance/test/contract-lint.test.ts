import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { binDir, contractPath, redoclyConfigPath, repoRoot } from './paths.js';

const run = promisify(execFile);

interface RedoclyProblem {
  readonly ruleId: string;
  readonly severity: 'error' | 'warn';
  readonly message: string;
}

test('the contract lints clean with the recommended Redocly rules', async () => {
  const result = await run(
    `${binDir}/redocly`,
    ['lint', contractPath, '--config', redoclyConfigPath, '--format', 'json'],
    {
      cwd: repoRoot,
      maxBuffer: 32 * 1024 * 1024,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off' },
    },
  ).catch((error: { stdout?: string; stderr?: string }) => ({
    stdout: error.stdout ?? '',
    stderr: error.stderr ?? '',
  }));
  const report = JSON.parse(result.stdout) as { problems: RedoclyProblem[] };
  const problems = report.problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message}`);
  expect(problems).toEqual([]);
});
