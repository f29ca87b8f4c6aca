import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Fault } from '../Fault.js';
import { InvalidFaultError } from '../InvalidFaultError.js';

const scope = {
  route: {
    anyOf: [
      { type: 'string', minLength: 1 },
      { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
    ],
  },
  count: { type: 'integer', minimum: 1 },
  rate: { type: 'number', minimum: 0, maximum: 1 },
  // Bounded so that `now + durationMs` and Retry-After dates stay valid dates.
  durationMs: { type: 'number', exclusiveMinimum: 0, maximum: 1e13 },
};
const retry = {
  retryAfterSeconds: { type: 'integer', minimum: 0, maximum: 1e9 },
  retryAfterFormat: { enum: ['seconds', 'http-date'] },
};
const variant = (kind: string, extra: Record<string, unknown> = {}, required: string[] = []) => ({
  type: 'object',
  additionalProperties: false,
  required: ['kind', ...required],
  properties: { kind: { const: kind }, ...scope, ...extra },
});

const schema = {
  type: 'object',
  required: ['kind'],
  properties: {
    kind: {
      enum: [
        'latency',
        'error',
        'outage',
        'rateLimit',
        'maintenance',
        'malformedBody',
        'flapField',
        'truncatedBody',
        'connectionReset',
        'dropResponse',
        'expireTokens',
        'revokeTokens',
      ],
    },
  },
  allOf: [
    {
      if: { properties: { kind: { const: 'latency' } } },
      then: variant('latency', {
        ms: { type: 'number', minimum: 0 },
        distribution: {
          oneOf: [
            {
              type: 'object',
              additionalProperties: false,
              required: ['type', 'min', 'max'],
              properties: {
                type: { const: 'uniform' },
                min: { type: 'number', minimum: 0 },
                max: { type: 'number', minimum: 0 },
              },
            },
            {
              type: 'object',
              additionalProperties: false,
              required: ['type', 'mean', 'stdDev'],
              properties: {
                type: { const: 'normal' },
                mean: { type: 'number', minimum: 0 },
                stdDev: { type: 'number', minimum: 0 },
                min: { type: 'number', minimum: 0 },
                max: { type: 'number', minimum: 0 },
              },
            },
          ],
        },
      }),
    },
    {
      if: { properties: { kind: { const: 'error' } } },
      then: variant(
        'error',
        // The Retry-After of an error fault is always delay-seconds (see `ErrorFault`).
        {
          status: { type: 'integer', minimum: 400, maximum: 599 },
          retryAfterSeconds: retry.retryAfterSeconds,
        },
        ['status'],
      ),
    },
    {
      if: { properties: { kind: { const: 'outage' } } },
      then: variant('outage', {
        response: { enum: ['status', 'reset'] },
        retryAfterSeconds: retry.retryAfterSeconds,
      }),
    },
    { if: { properties: { kind: { const: 'rateLimit' } } }, then: variant('rateLimit', retry) },
    { if: { properties: { kind: { const: 'maintenance' } } }, then: variant('maintenance', retry) },
    {
      if: { properties: { kind: { const: 'malformedBody' } } },
      then: variant('malformedBody', { variant: { enum: ['schema', 'syntax'] } }),
    },
    {
      if: { properties: { kind: { const: 'flapField' } } },
      then: variant(
        'flapField',
        {
          pointer: { type: 'string', pattern: '^(/([^~/]|~[01])*)+$' },
          value: { type: ['string', 'number', 'boolean', 'null'] },
        },
        ['pointer', 'value'],
      ),
    },
    ...['truncatedBody', 'connectionReset', 'dropResponse', 'expireTokens', 'revokeTokens'].map(
      (k) => ({ if: { properties: { kind: { const: k } } }, then: variant(k) }),
    ),
  ],
};

let validator: ReturnType<Ajv2020['compile']> | undefined;

/** Checks the shape of a fault (it may come from JSON over the admin API). */
export function validateFault(value: unknown): Fault {
  validator ??= new Ajv2020({ allErrors: true, strict: false }).compile(schema);
  if (validator(value)) return value as Fault;
  const problems = (validator.errors ?? [])
    .filter((e) => e.keyword !== 'if')
    .map((e) => {
      const p = e.params as Record<string, unknown>;
      const extra =
        typeof p['additionalProperty'] === 'string'
          ? ` (${p['additionalProperty']})`
          : typeof p['missingProperty'] === 'string'
            ? ` (${p['missingProperty']})`
            : '';
      return `${e.instancePath || '/'}: ${e.message ?? 'is invalid'}${extra}`;
    });
  // A non-object fails every variant's `type: object` alike: report each problem once.
  const unique = [...new Set(problems)];
  throw new InvalidFaultError(unique.length > 0 ? unique : ['/: is invalid']);
}
