import { z } from 'zod';
import {
  createWorkOrderInputSchema,
  editWorkOrderInputSchema,
  listWorkOrdersQuerySchema,
} from '../services/WorkOrders.js';

const schemaOf = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' });

const problemRef = { $ref: '#/components/schemas/Problem' };
const errors = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((s) => [
      String(s),
      { description: 'problem', content: { 'application/problem+json': { schema: problemRef } } },
    ]),
  );
const json = (description: string, schema: object = { type: 'object' }) => ({
  description,
  content: { 'application/json': { schema } },
});
const idParam = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string' },
  example: 'WO-000001',
};

let cached: Record<string, unknown> | undefined;

/**
 * The OpenAPI 3.0 document of the host's own API (served at `/api/openapi.json`). Request bodies
 * and queries are generated from the zod schemas the routes parse with, so they cannot drift.
 */
export function hostOpenApiDocument(): Record<string, unknown> {
  cached ??= {
    openapi: '3.0.3',
    info: {
      title: 'mrp-host API',
      version: '0.1.0',
      description:
        'Reference MRP service on @mrp-plm/mrp-integration. Errors are application/problem+json with a stable `code`. Authenticate with `POST /api/login` and send `Authorization: Bearer <token>`.',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'detail', 'code'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            code: { type: 'string' },
            instance: { type: 'string' },
            requestId: { type: 'string' },
          },
        },
        CreateWorkOrder: schemaOf(createWorkOrderInputSchema),
        EditWorkOrder: schemaOf(editWorkOrderInputSchema),
        ListWorkOrdersQuery: schemaOf(listWorkOrdersQuerySchema),
      },
    },
    security: [{ bearer: [] }],
    paths: {
      '/api/login': {
        post: {
          summary: 'Sign in with a password; returns a bearer token (or sets the page cookie)',
          security: [],
          requestBody: {
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['username', 'password'],
                  properties: {
                    username: { type: 'string' },
                    password: { type: 'string', format: 'password' },
                    session: { type: 'string', enum: ['bearer', 'cookie'], default: 'bearer' },
                  },
                },
              },
            },
          },
          responses: { '200': json('signed in'), ...errors(400, 401) },
        },
      },
      '/api/logout': {
        post: { summary: 'End the session', responses: { '204': { description: 'signed out' } } },
      },
      '/api/me': {
        get: { summary: 'The signed-in user', responses: { '200': json('user'), ...errors(401) } },
      },
      '/api/work-orders': {
        get: {
          summary: 'List work orders (paged; operators and supervisors see their department only)',
          parameters: ['status', 'departmentId', 'page', 'pageSize'].map((name) => ({
            name,
            in: 'query',
            schema: { type: name.startsWith('page') ? 'integer' : 'string' },
          })),
          responses: { '200': json('a page of work orders'), ...errors(400, 401, 403) },
        },
        post: {
          summary: 'Create a work order from the product data the integration resolves',
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/CreateWorkOrder' } },
            },
          },
          responses: {
            '201': json('created, with version 1'),
            ...errors(400, 401, 403, 404, 422, 502, 503, 504),
          },
        },
      },
      '/api/work-orders/{id}': {
        parameters: [idParam],
        get: {
          summary: 'A work order with all versions',
          responses: { '200': json('detail'), ...errors(401, 404) },
        },
        patch: {
          summary:
            'Edit (supervisors, admins): a new version on the frozen product data (ADR 0002)',
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/EditWorkOrder' } },
            },
          },
          responses: { '200': json('detail'), ...errors(400, 401, 403, 404, 409, 422) },
        },
      },
      '/api/work-orders/{id}/cancel': {
        parameters: [idParam],
        post: {
          summary: 'Cancel (supervisors, admins)',
          responses: { '200': json('detail'), ...errors(401, 403, 404, 409) },
        },
      },
      '/api/work-orders/{id}/versions/{n}/replay': {
        parameters: [
          idParam,
          { name: 'n', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } },
        ],
        get: {
          summary: "Re-derive a version's product configuration from its stored snapshot",
          responses: { '200': json('verification and replay'), ...errors(400, 401, 404) },
        },
      },
      '/api/product-configs/{modelId}': {
        parameters: [{ name: 'modelId', in: 'path', required: true, schema: { type: 'string' } }],
        get: {
          summary: 'A model configuration through the integration, with provenance',
          responses: { '200': json('data and provenance'), ...errors(401, 404, 502, 503, 504) },
        },
      },
      '/api/admin/audit': {
        get: {
          summary: 'Audit log (admins)',
          responses: { '200': json('entries'), ...errors(401, 403) },
        },
      },
      '/api/admin/plm': {
        get: {
          summary: 'PLM mode, counters, usage outbox (admins)',
          responses: { '200': json('status'), ...errors(401, 403) },
        },
      },
      '/api/admin/plm-mode': {
        post: {
          summary: 'Change the PLM mode at run time (admins; audited)',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['mode', 'reason'],
                  properties: {
                    mode: { type: 'string', enum: ['disabled', 'shadow', 'enabled'] },
                    models: { type: 'array', items: { type: 'string' } },
                    reason: { type: 'string' },
                  },
                },
              },
            },
          },
          responses: { '200': json('new mode'), ...errors(400, 401, 403) },
        },
      },
      '/api/admin/plm-guard/reset': {
        post: {
          summary:
            'Re-arm the migration guard after it stepped the mode down (admins; audited as plm.guard-reset)',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['reason'],
                  properties: { reason: { type: 'string' } },
                },
              },
            },
          },
          responses: { '200': json('mode and guard state'), ...errors(400, 401, 403) },
        },
      },
      '/api/admin/deprecated-product-reads': {
        get: {
          summary: 'Reads of the deprecated product API since start (admins)',
          responses: { '200': json('counters'), ...errors(401, 403) },
        },
      },
      '/api/products/models': {
        get: {
          deprecated: true,
          summary: 'Deprecated: MRP product catalog',
          responses: { '200': json('models'), ...errors(401, 410) },
        },
      },
      '/api/products/models/{id}': {
        parameters: [{ ...idParam, example: 'M-1001' }],
        get: {
          deprecated: true,
          summary: 'Deprecated: one model',
          responses: { '200': json('model'), ...errors(401, 404, 410) },
        },
      },
      '/api/products/trims/{id}': {
        parameters: [{ ...idParam, example: 'T-1001-1' }],
        get: {
          deprecated: true,
          summary: 'Deprecated: one trim',
          responses: { '200': json('trim'), ...errors(401, 404, 410) },
        },
      },
      '/api/products/features': {
        get: {
          deprecated: true,
          summary: 'Deprecated: features of a model (and trim)',
          parameters: [
            { name: 'modelId', in: 'query', required: true, schema: { type: 'string' } },
            { name: 'trimId', in: 'query', schema: { type: 'string' } },
          ],
          responses: { '200': json('features'), ...errors(400, 401, 404, 410) },
        },
      },
    },
  };
  return cached;
}
