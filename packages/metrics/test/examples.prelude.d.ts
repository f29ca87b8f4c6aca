// Placeholders the README and TSDoc examples use, declared once (see contracts/conformance examples test).
type PlmUsageEvent = import('@mrp-plm/adapter').PlmUsageEvent;
declare const plmUsageEventSchema: typeof import('@mrp-plm/adapter').plmUsageEventSchema;
declare const validate: typeof import('@mrp-plm/adapter').plmUsageEventSchema;
declare const deliver: import('@mrp-plm/metrics').DeliverFunction<PlmUsageEvent>;
declare const event: PlmUsageEvent;
declare const metrics: import('@mrp-plm/metrics').UsageMetrics<PlmUsageEvent, never>;
declare const db: import('@mrp-plm/metrics').SqliteDatabase;
declare const Database: new (path: string) => import('@mrp-plm/metrics').SqliteDatabase;
declare const pool: import('@mrp-plm/metrics').PostgresPool;
declare const pg: {
  Pool: new (options: { connectionString: string }) => import('@mrp-plm/metrics').PostgresPool;
};
declare const id: string;
declare const accessToken: string;
declare function reportError(error: unknown): void;
declare const healthLog: unknown[];
