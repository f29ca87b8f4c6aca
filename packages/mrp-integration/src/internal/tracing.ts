/*
 * OpenTelemetry spans of the integration, through `@opentelemetry/api` only: a no-op unless the
 * host registers an SDK. One span per integration read (INTERNAL) and one per PLM attempt
 * (CLIENT, with the stable HTTP client semantic-convention attributes), the attempt a child of the
 * read, and the read a child of the caller's `traceparent` when one is given. The attempt's span
 * context is what the SDK forwards to PLM as `traceparent`.
 */
import {
  context,
  ProxyTracerProvider,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
  type Span,
} from '@opentelemetry/api';
import type { PlmResource } from '../AuditEvent.js';
import type { Provenance } from '../Provenance.js';

export type { Span };

/** The provider this module's tracer comes from (what `trace.getTracer` would use). */
const provider = trace.getTracerProvider();
const tracer = provider.getTracer('@mrp-plm/mrp-integration');

/** The provider a {@link ProxyTracerProvider} delegates to while no SDK is registered. */
const NOOP_PROVIDER = new ProxyTracerProvider().getDelegate();

/**
 * The API's proxy behind {@link tracer} while no SDK was registered when this module loaded: the
 * SDK registered later becomes its delegate (and this tracer's). Any other provider (an SDK
 * registered before, or another copy of the API) counts as registered for good.
 */
const proxy = provider instanceof ProxyTracerProvider ? provider : undefined;

/**
 * Whether this module's spans can record, i.e. an SDK (a tracer provider) is registered with the
 * API: without one every span is a no-op, so a read that needs no correlation id (a warm cache
 * hit) can skip its span entirely. Asks the proxy the tracer delegates through, not the global
 * registry (a global lookup per read costs about as much as a warm read's own work).
 */
export function tracingRegistered(): boolean {
  return proxy === undefined || proxy.getDelegate() !== NOOP_PROVIDER;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** Route template and span name of each read's PLM request (`{method} {http.route}`). */
const routes: Record<PlmResource, string> = {
  modelConfig: '/plm/models/{modelId}/config',
  catalog: '/plm/catalog',
  trim: '/plm/trims/{trimId}',
  features: '/plm/features',
};
const readNames: Record<PlmResource, string> = {
  modelConfig: 'plm-integration getModelConfig',
  catalog: 'plm-integration getCatalog',
  trim: 'plm-integration getTrim',
  features: 'plm-integration listFeatures',
};

/** The caller's context: the `traceparent`'s span as a remote parent, else the active context. */
function parentOf(traceparent: string | undefined) {
  const active = context.active();
  if (traceparent === undefined) return active;
  const match = TRACEPARENT.exec(traceparent.trim().toLowerCase());
  if (match === null || match[1] === 'ff') return active;
  const [, , traceId, spanId, flags] = match;
  if (/^0+$/.test(traceId!) || /^0+$/.test(spanId!)) return active;
  return trace.setSpanContext(active, {
    traceId: traceId!,
    spanId: spanId!,
    traceFlags: Number.parseInt(flags!, 16) & TraceFlags.SAMPLED,
    isRemote: true,
  });
}

const READ_OPTIONS = { kind: SpanKind.INTERNAL } as const;

/** Starts the span of one integration read. */
export function startReadSpan(
  resource: PlmResource,
  id: string,
  traceparent: string | undefined,
): Span {
  const span = tracer.startSpan(readNames[resource], READ_OPTIONS, parentOf(traceparent));
  // Attributes only for a recording span: with no SDK a warm read allocates nothing for them.
  if (span.isRecording()) span.setAttributes({ 'plm.resource': resource, 'plm.item.id': id });
  return span;
}

/** The trace id of a span when it has a valid one (an SDK is registered, or a caller's parent). */
export function traceIdOf(span: Span): string | undefined {
  const { traceId } = span.spanContext();
  return trace.isSpanContextValid(span.spanContext()) ? traceId : undefined;
}

/** Ends a read span with what served it. */
export function endReadSpan(span: Span, provenance: Provenance | undefined, error?: unknown): void {
  if (span.isRecording()) {
    if (provenance !== undefined) {
      span.setAttributes({
        'plm.mode': provenance.mode,
        'plm.data_source': provenance.dataSource,
        'plm.cache': provenance.cache,
        ...(provenance.plmCorrelationId === undefined
          ? {}
          : { 'plm.correlation_id': provenance.plmCorrelationId }),
        ...(provenance.fallbackReason === undefined
          ? {}
          : { 'plm.fallback_reason': provenance.fallbackReason }),
      });
    }
    if (error !== undefined) fail(span, error);
  }
  span.end();
}

/** Starts the CLIENT span of one PLM attempt, a child of `read` (or of the active context). */
export function startAttemptSpan(
  resource: PlmResource,
  read: Span | undefined,
  baseUrl: string | undefined,
  attempt: number,
): Span {
  const route = routes[resource];
  const parent = read === undefined ? context.active() : trace.setSpan(context.active(), read);
  const attributes: Record<string, string | number> = {
    'http.request.method': 'GET',
    'http.route': route,
  };
  if (baseUrl !== undefined) {
    const url = new URL(baseUrl);
    attributes['server.address'] = url.hostname;
    attributes['server.port'] = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  }
  if (attempt > 1) attributes['http.request.resend_count'] = attempt - 1;
  return tracer.startSpan(`GET ${route}`, { kind: SpanKind.CLIENT, attributes }, parent);
}

/** The W3C `traceparent` of a span, to send to PLM (undefined without a valid span context). */
export function traceparentOf(span: Span): string | undefined {
  const sc = span.spanContext();
  if (!trace.isSpanContextValid(sc)) return undefined;
  return `00-${sc.traceId}-${sc.spanId}-0${sc.traceFlags & TraceFlags.SAMPLED}`;
}

/** Ends an attempt span with PLM's status, or the error. */
export function endAttemptSpan(span: Span, status: number | undefined, error?: unknown): void {
  if (span.isRecording()) {
    const httpStatus =
      status ??
      (typeof (error as { status?: unknown } | null)?.status === 'number'
        ? (error as { status: number }).status
        : undefined);
    if (httpStatus !== undefined) span.setAttribute('http.response.status_code', httpStatus);
    if (error !== undefined) fail(span, error, httpStatus);
  }
  span.end();
}

function fail(span: Span, error: unknown, httpStatus?: number): void {
  const { _tag: tag, code } = (error ?? {}) as { _tag?: unknown; code?: unknown };
  const type =
    httpStatus !== undefined && httpStatus >= 400
      ? String(httpStatus)
      : tag === 'PlmIntegrationError' && typeof code === 'string'
        ? code
        : typeof tag === 'string'
          ? tag
          : error instanceof Error
            ? error.name
            : '_OTHER';
  span.setAttribute('error.type', type);
  // The error's class and tag only: messages may carry upstream wording, never a secret.
  span.setStatus({ code: SpanStatusCode.ERROR, message: type });
}
