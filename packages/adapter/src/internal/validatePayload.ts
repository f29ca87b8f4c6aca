import type { z } from 'zod';
import { fastValidator, PlmContractError, type PlmContractIssue } from '@mrp-plm/contract';
import { checkSchemaVersion } from '../checkSchemaVersion.js';
import { jsonPointer } from './jsonPointer.js';
import { scanPayload } from './scanPayload.js';

/** Default deepest BOM nesting accepted. */
export const DEFAULT_MAX_BOM_DEPTH = 64;

/** Options of {@link validatePayload}. */
export interface ValidateOptions {
  readonly schemaVersion?: string | undefined;
  readonly maxBomDepth?: number | undefined;
}

/**
 * Validates raw JSON against one of the contract's zod schemas: checks the schema version, scans
 * for unknown fields and hostile nesting (iteratively), then validates. A payload without unknown
 * fields is first checked by the schema's {@link fastValidator}; when that confirms it, the input
 * itself is the payload (zod would return an equal copy). Otherwise zod parses it, returning a copy
 * without the unknown fields or reporting every failing path.
 */
export function validatePayload<S extends z.ZodType>(
  schema: S,
  resource: string,
  input: unknown,
  options: ValidateOptions,
): { payload: z.output<S>; unknownFields: string[] } {
  if (options.schemaVersion !== undefined) checkSchemaVersion(options.schemaVersion);
  const maxBomDepth = options.maxBomDepth ?? DEFAULT_MAX_BOM_DEPTH;
  const scan = scanPayload(schema, input, maxBomDepth - 1);
  if (scan.tooDeep.length > 0) {
    // zod validates recursively; refusing before it runs keeps hostile nesting off the stack.
    throw new PlmContractError({
      where: 'payload',
      resource,
      schemaVersion: options.schemaVersion,
      issues: scan.tooDeep.map((path) => ({
        path,
        code: 'too_deep',
        message: `nested deeper than ${maxBomDepth} BOM levels`,
      })),
    });
  }
  if (scan.unknownFields.length === 0) {
    // Without unknown fields, a valid payload is exactly what zod would return. The fast check only
    // ever confirms validity; any doubt goes to zod, which decides and names every failing path.
    const fast = fastValidator(schema);
    if (fast?.(input) === true) return { payload: input as z.output<S>, unknownFields: [] };
  }
  const result = schema.safeParse(input);
  if (!result.success) {
    const issues: PlmContractIssue[] = result.error.issues.map((issue) => ({
      path: jsonPointer(issue.path),
      code: issue.code,
      message: issue.message,
    }));
    throw new PlmContractError({
      where: 'payload',
      resource,
      schemaVersion: options.schemaVersion,
      issues,
      cause: result.error,
    });
  }
  return { payload: result.data, unknownFields: scan.unknownFields };
}
