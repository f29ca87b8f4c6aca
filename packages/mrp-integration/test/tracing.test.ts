import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { createPlmClient } from '@mrp-plm/plm-sdk';
import { startPlmMock, type PlmMock } from '@mrp-plm/plm-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { drive, startHarness, type Harness } from './support/harness.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';
const TRACEPARENT = `00-${TRACE_ID}-${CALLER_SPAN}-01`;

let mock: PlmMock;
/** What reached PLM: path, X-Request-Id and traceparent of every request (real HTTP). */
let sent: { path: string; requestId: string | null; traceparent: string | null }[] = [];

/** A harness whose SDK client records the headers it sends (over real HTTP to plm-mock). */
const harness = (config: Parameters<typeof startHarness>[0] = {}): Promise<Harness> =>
  startHarness(
    config,
    {
      client: createPlmClient({
        baseUrl: mock.url,
        auth: { clientId: 'mrp-app', clientSecret: 'mrp-secret' },
        fetch: (input, init) => {
          const request = new Request(input, init);
          sent.push({
            path: new URL(request.url).pathname,
            requestId: request.headers.get('X-Request-Id'),
            traceparent: request.headers.get('traceparent'),
          });
          return fetch(request);
        },
      }),
    },
    mock,
  );

const configRequests = () => sent.filter((r) => r.path.endsWith('/config'));

beforeAll(async () => {
  mock = await startPlmMock({ seed: 1, models: 50 });
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => {
  sent = [];
  mock.reset();
});

// First: once a provider is registered, the API's proxy tracer keeps delegating to it.
test('without an SDK (the API is a no-op) the caller traceparent still reaches PLM', async () => {
  const h = await harness();
  try {
    const { provenance } = await h.integration.getModelConfig('M-1005', {
      traceparent: TRACEPARENT,
    });
    expect(provenance.plmCorrelationId).toBe(TRACE_ID);
    expect(configRequests()).toEqual([
      { path: '/plm/models/MDL-000005/config', requestId: TRACE_ID, traceparent: TRACEPARENT },
    ]);
    // No traceparent from the caller and no SDK: nothing to join, so none is sent.
    await h.integration.getModelConfig('M-1006');
    expect(configRequests()[1]!.traceparent).toBeNull();
  } finally {
    await h.close();
  }
});

describe('with an OpenTelemetry SDK registered', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  beforeAll(() => {
    trace.setGlobalTracerProvider(provider);
  });
  afterAll(async () => {
    trace.disable();
    await provider.shutdown();
  });
  afterEach(() => exporter.reset());

  const spans = () => exporter.getFinishedSpans();
  const byKind = (kind: SpanKind) => spans().filter((s) => s.kind === kind);

  test('one read span under the caller, one CLIENT span per PLM attempt, and PLM joins the trace', async () => {
    const h = await harness();
    try {
      const { provenance } = await h.integration.getModelConfig('M-1001', {
        traceparent: TRACEPARENT,
      });
      // The caller's trace id is the PLM correlation id.
      expect(provenance.plmCorrelationId).toBe(TRACE_ID);

      const [read] = byKind(SpanKind.INTERNAL);
      const [attempt] = byKind(SpanKind.CLIENT);
      expect(spans()).toHaveLength(2);
      expect(read!.name).toBe('plm-integration getModelConfig');
      expect(read!.spanContext().traceId).toBe(TRACE_ID);
      expect(read!.parentSpanContext?.spanId).toBe(CALLER_SPAN);
      expect(read!.attributes).toMatchObject({
        'plm.resource': 'modelConfig',
        'plm.item.id': 'M-1001',
        'plm.mode': 'enabled',
        'plm.data_source': 'plm',
        'plm.cache': 'miss',
        'plm.correlation_id': TRACE_ID,
      });
      expect(attempt!.name).toBe('GET /plm/models/{modelId}/config');
      expect(attempt!.parentSpanContext?.spanId).toBe(read!.spanContext().spanId);
      expect(attempt!.attributes).toEqual({
        'http.request.method': 'GET',
        'http.route': '/plm/models/{modelId}/config',
        'server.address': '127.0.0.1',
        'server.port': Number(new URL(mock.url).port),
        'http.response.status_code': 200,
      });
      expect(attempt!.status.code).not.toBe(SpanStatusCode.ERROR);

      // PLM got the trace: X-Request-Id is the trace id, traceparent names the attempt span.
      expect(configRequests()).toEqual([
        {
          path: '/plm/models/MDL-000001/config',
          requestId: TRACE_ID,
          traceparent: `00-${TRACE_ID}-${attempt!.spanContext().spanId}-01`,
        },
      ]);

      // A cache hit is a read span without any attempt.
      exporter.reset();
      const hit = await h.integration.getModelConfig('M-1001', { traceparent: TRACEPARENT });
      expect(hit.provenance.cache).toBe('hit');
      expect(spans().map((s) => [s.kind, s.attributes['plm.cache']])).toEqual([
        [SpanKind.INTERNAL, 'hit'],
      ]);
    } finally {
      await h.close();
    }
  });

  test('a retried attempt is a second CLIENT span with its resend count; the failed one is an error', async () => {
    const h = await harness({ retryMaxAttempts: 2 });
    try {
      mock.faults.set({ kind: 'error', status: 500, route: 'getModelConfig', count: 1 });
      const result = await drive(h.clock, h.integration.getModelConfig('M-1002'));
      expect(result.provenance.dataSource).toBe('plm');
      const attempts = byKind(SpanKind.CLIENT);
      expect(attempts.map((s) => s.attributes['http.response.status_code'])).toEqual([500, 200]);
      expect(attempts[0]!.status.code).toBe(SpanStatusCode.ERROR);
      expect(attempts[0]!.attributes['error.type']).toBe('500');
      expect(attempts[0]!.attributes['http.request.resend_count']).toBeUndefined();
      expect(attempts[1]!.attributes['http.request.resend_count']).toBe(1);
      const [read] = byKind(SpanKind.INTERNAL);
      for (const a of attempts)
        expect(a.parentSpanContext?.spanId).toBe(read!.spanContext().spanId);
      // Without a caller traceparent the read starts a trace; its id is the correlation id.
      expect(result.provenance.plmCorrelationId).toBe(read!.spanContext().traceId);
      expect(configRequests().map((r) => r.requestId)).toEqual([
        read!.spanContext().traceId,
        read!.spanContext().traceId,
      ]);
    } finally {
      await h.close();
    }
  });

  test('a read that falls back records its reason; a read that fails is an error span', async () => {
    const h = await harness({ fallbackEnabled: false });
    try {
      mock.faults.set({ kind: 'error', status: 404, route: 'getModelConfig', count: 1 });
      const error = await h.integration.getModelConfig('M-1003').catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'MODEL_NOT_IN_PLM' });
      const [read] = byKind(SpanKind.INTERNAL);
      expect(read!.status.code).toBe(SpanStatusCode.ERROR);
      expect(read!.attributes['error.type']).toBe('MODEL_NOT_IN_PLM');
      const [attempt] = byKind(SpanKind.CLIENT);
      expect(attempt!.attributes).toMatchObject({
        'http.response.status_code': 404,
        'error.type': '404',
      });
    } finally {
      await h.close();
    }
  });

  test('MRP-served reads are spans too, with their source', async () => {
    const h = await harness({ mode: 'disabled' });
    try {
      await h.integration.getModelConfig('M-1004');
      expect(spans().map((s) => [s.name, s.attributes['plm.data_source']])).toEqual([
        ['plm-integration getModelConfig', 'mrp'],
      ]);
      expect(sent).toEqual([]);
    } finally {
      await h.close();
    }
  });
});
