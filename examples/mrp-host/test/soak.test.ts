/*
 * The short chaos soak of `npm test` (the full one is `npm run soak`): every fault phase once,
 * a 4 s outage, two SIGKILL restarts of the host process, then the checks of the full run.
 */
import { describe, expect, it } from 'vitest';
import { formatSoakReport, runSoak } from '../soak/runSoak.js';

describe('chaos soak (short)', () => {
  it('answers every request with data or a mapped problem, loses nothing across SIGKILLs, applies each usage event once', async () => {
    const report = await runSoak({
      durationMs: 30_000,
      outageMs: 4_000,
      phaseMs: 2_000,
      workers: 4,
      log: () => undefined,
    });
    console.log(formatSoakReport(report));
    expect(report.violations).toEqual([]);
    expect(report.requests).toBe(report.withData + report.mappedProblems);
    expect(report.kills).toBe(2);
    expect(report.acknowledged).toBeGreaterThan(0);
    expect(report.lostWorkOrders).toEqual([]);
    expect(report.undeliveredEvents).toEqual([]);
    expect(report.appliedTwice).toEqual([]);
    expect(report.versionProblems).toEqual([]);
    expect(report.outbox.deadLetters).toEqual({});
    expect(report.passed).toBe(true);
  }, 240_000);
});
