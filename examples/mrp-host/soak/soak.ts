/*
 * `npm run soak` (repo root): the full chaos soak — 5 minutes of load against a host process,
 * plm-mock cycling through its faults (a 60 s outage among them), the host SIGKILLed and restarted
 * twice. Prints the figures and exits 1 when a check fails. SOAK_DURATION_MS / SOAK_OUTAGE_MS /
 * SOAK_WORKERS shorten or lengthen it.
 */
import { formatSoakReport, runSoak } from './runSoak.js';

const num = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

const report = await runSoak({
  durationMs: num('SOAK_DURATION_MS', 300_000),
  outageMs: num('SOAK_OUTAGE_MS', 60_000),
  phaseMs: num('SOAK_PHASE_MS', 10_000),
  workers: num('SOAK_WORKERS', 8),
});
console.log(formatSoakReport(report));
process.exitCode = report.passed ? 0 : 1;
