// Placeholders the README and TSDoc examples use, declared once (see contracts/conformance examples test).
declare const plm: import('@mrp-plm/plm-sdk').PlmClient;
declare const error: unknown;
declare const lastSync: string;
declare const modelId: string;
declare const workOrderId: string;
declare const eventId: string;
declare const traceId: string;
declare const batch: { readonly id: string };
declare const snapshot: { record(meta: Record<string, unknown>): void };
declare const req: { readonly id: string; readonly headers: Record<string, string | undefined> };
declare const auth: import('@mrp-plm/plm-sdk').PlmClientCredentials;
declare const logger: {
  warn(...values: unknown[]): void;
  error(...values: unknown[]): void;
  info(...values: unknown[]): void;
};
declare const metrics: { increment(name: string, tags?: Record<string, string>): void };
declare function upsert(item: unknown): void;
declare function replaceCache(value: unknown, etag: string | undefined): void;
declare function useCached(): void;
declare function scheduleRetry(delayMs?: number): void;
declare function deadLetter(value: unknown): void;
