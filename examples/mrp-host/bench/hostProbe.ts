/*
 * Preloaded into the benchmarked host process (`--import`), never part of the host itself: it
 * measures what the host's own event loop went through, so a latency the client sees can be
 * told apart from one the host caused. On an IPC message `{ probe: id }` it answers
 * `{ replyTo: id, reading }` with the event-loop
 * delay (p50, p99, max), the CPU time and the GC pause time since the previous probe, then starts
 * over.
 */
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

/** What one probe answers (ms; loop delays are beyond the 10 ms sampling timer itself). */
export interface HostProbeReading {
  readonly loopDelayP50: number;
  readonly loopDelayP99: number;
  readonly loopDelayMax: number;
  readonly cpuMs: number;
  readonly gcMs: number;
  /** Longest single GC pause. */
  readonly gcMaxMs: number;
}

// 10 ms resolution: a finer one only measures the timer; blocking above it is what matters. The
// histogram records whole intervals between two timer runs, so the resolution is subtracted.
const RESOLUTION_MS = 10;
const loop = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
const beyondTimer = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
loop.enable();
let cpu = process.cpuUsage();
let gcMs = 0;
let gcMaxMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gcMs += entry.duration;
    gcMaxMs = Math.max(gcMaxMs, entry.duration);
  }
}).observe({ entryTypes: ['gc'] });

process.on('message', (message: unknown) => {
  // `{ id }`: the reply carries the id back, so a reply can never be taken for another's.
  const id = (message as { probe?: unknown } | null)?.probe;
  if (typeof id !== 'number') return;
  const used = process.cpuUsage(cpu);
  const reading: HostProbeReading = {
    loopDelayP50: beyondTimer(loop.percentile(50)),
    loopDelayP99: beyondTimer(loop.percentile(99)),
    loopDelayMax: beyondTimer(loop.max),
    cpuMs: (used.user + used.system) / 1000,
    gcMs,
    gcMaxMs,
  };
  process.send?.({ replyTo: id, reading });
  loop.reset();
  cpu = process.cpuUsage();
  gcMs = 0;
  gcMaxMs = 0;
});
process.send?.('ready');
// A bench that dies takes its probed processes with it (the channel closes with the parent).
process.once('disconnect', () => process.exit(0));
// The IPC channel must not keep a host that is shutting down alive.
process.channel?.unref();
