import type { MockStats } from '../MockStats.js';

/** Counts requests per operation and outcome. */
export class StatsRecorder {
  private requests: Record<string, Record<string, number>> = {};
  private total = 0;
  webhooksSent = 0;
  webhooksFailed = 0;

  /** `outcome` is the status code, or `reset` / `truncated` / `dropped`. */
  record(operationId: string, outcome: string | number): void {
    const byOutcome = (this.requests[operationId] ??= {});
    const key = String(outcome);
    byOutcome[key] = (byOutcome[key] ?? 0) + 1;
    this.total++;
  }

  snapshot(extra: Omit<MockStats, 'requests' | 'totalRequests' | 'webhooks'>): MockStats {
    return {
      totalRequests: this.total,
      requests: structuredClone(this.requests),
      webhooks: { sent: this.webhooksSent, failed: this.webhooksFailed },
      ...extra,
    };
  }

  reset(): void {
    this.requests = {};
    this.total = 0;
    this.webhooksSent = 0;
    this.webhooksFailed = 0;
  }
}
